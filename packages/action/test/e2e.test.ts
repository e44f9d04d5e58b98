import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { writeFileSync } from 'node:fs';
import { brokenPr, edit, git, githubFiles, human, makeRepo, patient, pullRequestPayload, repoRoot, runAction, secondaryRateLimitMessage, useFakeGitHub, workflowCommands, workflowRunPayload, write } from '@interop-design/test-utils/action';
import type { TempRepo } from '@interop-design/test-utils/action';

const marker = '<!-- interop-design:sticky -->';

const fake = useFakeGitHub();

/** A PR that edits a comment and bumps the patch version with a changelog entry: nothing wrong. */
function cleanPr(): TempRepo {
  return makeRepo(['commcare-salesforce'], (dir) => {
    edit(dir, patient, 'comment: External ID field used to upsert', 'comment: External ID field, used to upsert');
    edit(dir, patient, 'version: 1.3.0', 'version: 1.3.1');
    edit(dir, patient, 'changelog:\n', 'changelog:\n  - { version: 1.3.1, date: 2026-11-24, changes: Clearer comment on the key field }\n');
  });
}

// Writes are paced as GitHub asks (a second apart, three between notifying ones): runs take seconds each.
describe('the action on a pull request (fake GitHub API, bundled dist/index.js)', { timeout: 180_000 }, () => {
  it('a clean PR: exit 0, one sticky comment with the version table, no review, outputs set', async () => {
    const repo = cleanPr();
    const gh = await fake(repo);
    const r = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo) });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(gh.issueComments).toHaveLength(1);
    const body = gh.issueComments[0]?.body ?? '';
    expect(body.startsWith(marker)).toBe(true);
    expect(body).toContain('| commcare-salesforce-patient | 1.3.0 → 1.3.1 | ✅ ok |');
    expect(gh.reviews).toHaveLength(0);
    expect(r.outputs.errors).toBe('0');
    expect(JSON.parse(r.outputs['changed-mappings'] ?? '')).toEqual([{ project: 'examples/commcare-salesforce', id: 'commcare-salesforce-patient', status: 'modified', base: '1.3.0', head: '1.3.1', required: 'patch', verdict: 'ok' }]);
    expect(r.outputs.ready).toBe('false');
    expect(r.summary).toContain('## interop-design');
    expect(r.summary).toContain('### Sample coverage');
  });

  it('G6: findings inside the diff become line comments of one review; those outside, file-level comments', async () => {
    const repo = brokenPr();
    const gh = await fake(repo);
    const r = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo) });
    expect(r.code).toBe(1);
    expect(gh.reviews).toHaveLength(1);
    expect(gh.reviews[0]?.commit_id).toBe(repo.headSha);
    const line = gh.reviewComments.filter((c) => c.subject_type === 'line').map((c) => [c.path, c.line, /`([a-z-]+)`/u.exec(c.body)?.[1]]);
    const file = gh.reviewComments.filter((c) => c.subject_type === 'file').map((c) => [c.path, /Line (\d+)/u.exec(c.body)?.[1], /`([a-z-]+)`/u.exec(c.body)?.[1]]);
    // The schema error on the changed line 37 is inside the hunk; the version verdict at line 4 is
    // outside it. Info findings (fields under discussion) stay in the sticky comment.
    // The renamed field is unknown to the Salesforce metadata: metadata-unknown-field says so, once
    // (the destination sample's check leaves a field the metadata judges to that rule).
    expect(line).toEqual([[patient, 37, 'metadata-unknown-field']]);
    expect(file).toEqual([[patient, '4', 'mapping-version']]);
    expect(gh.reviewComments.every((c) => c.commit_id === repo.headSha)).toBe(true);
    // The related location (the describe that lacks the field) is linked at the analysed commit.
    const related = /See \[([^\]]+)\]\((\S+)\)/u.exec(gh.reviewComments.find((c) => c.subject_type === 'line')?.body ?? '');
    expect(related?.[1]).toMatch(/^examples\/commcare-salesforce\/metadata\/.+:\d+:\d+$/u);
    expect(related?.[2]).toMatch(new RegExp(`^https://github\\.com/Codertocat/Hello-World/blob/${repo.headSha}/examples/commcare-salesforce/metadata/.+#L\\d+$`, 'u'));
    const commands = workflowCommands(r.stdout);
    expect(commands.filter((c) => c.command === 'error').map((c) => [c.props.file, c.props.line])).toEqual(expect.arrayContaining([[patient, '37'], [patient, '4']]));
    expect(commands.find((c) => c.command === 'error' && c.props.line === '4')?.message).toMatch(/changed but its version did not: bump it to at least a major release/u);
    expect(r.outputs.errors).toBe('2');
  });

  it('G2: a re-run, twice, edits the one sticky comment and posts no duplicate review comment', async () => {
    const repo = brokenPr();
    const gh = await fake(repo);
    for (let i = 0; i < 3; i++) await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo), runId: String(100 + i) });
    expect(gh.issueComments).toHaveLength(1);
    expect(gh.issueComments[0]?.body).toContain('<!-- interop-design:run 102.');
    expect(gh.reviews).toHaveLength(1);
    const fps = gh.reviewComments.map((c) => /finding ([0-9a-z]+)/u.exec(c.body)?.[1]);
    expect(new Set(fps).size).toBe(fps.length);
    expect(gh.writes().filter((w) => w.method === 'POST' && w.route.endsWith('/issues/{issue_number}/comments'))).toHaveLength(1);
  });

  it('G3: two concurrent runs leave one sticky comment and one comment per finding', async () => {
    const repo = brokenPr();
    const gh = await fake(repo, { latency: 30 });
    await Promise.all([runAction({ repo, api: gh.url, payload: pullRequestPayload(repo), runId: '1' }), runAction({ repo, api: gh.url, payload: pullRequestPayload(repo), runId: '2' })]);
    expect(gh.issueComments.filter((c) => c.body.startsWith(marker))).toHaveLength(1);
    const fps = gh.reviewComments.map((c) => /finding ([0-9a-z]+)/u.exec(c.body)?.[1]);
    expect(fps.length).toBeGreaterThan(0);
    expect(new Set(fps).size).toBe(fps.length);
  });

  it('G4: another user\'s comment holding our marker is never edited or deleted', async () => {
    const repo = cleanPr();
    const gh = await fake(repo);
    const theirs = gh.addIssueComment(`${marker}\nI copied the bot's comment`, human);
    await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo) });
    expect(gh.issueComments.find((c) => c.id === theirs.id)?.body).toBe(`${marker}\nI copied the bot's comment`);
    expect(gh.issueComments).toHaveLength(2);
    expect(gh.writes().some((w) => w.url.endsWith(`/comments/${theirs.id}`))).toBe(false);
  });

  it('G5: createComment answers 502 after it was created: the retry finds the marker, no duplicate', async () => {
    const repo = cleanPr();
    const gh = await fake(repo, { faults: [{ route: 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments', status: 502, after: true }] });
    const r = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo) });
    expect(r.code).toBe(0);
    expect(gh.issueComments).toHaveLength(1);
    expect(gh.writes().filter((w) => w.route === 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments')).toHaveLength(1);
    expect(r.stdout).toContain('but the write landed: not posting again');
  });

  it('G1: a fork PR makes no write, reports through annotations and the summary, and fails on findings alone', async () => {
    const repo = brokenPr();
    const gh = await fake(repo, { readOnly: true });
    const r = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo, { fork: true }) });
    expect(gh.writes()).toEqual([]);
    expect(r.code).toBe(1);
    expect(r.summary).toContain('comes from a fork, whose token is read-only');
    const commands = workflowCommands(r.stdout);
    expect(commands.filter((c) => c.command === 'notice' && c.message.includes('fork pull request'))).toHaveLength(1);
    expect(commands.some((c) => c.command === 'error' && c.props.file === patient)).toBe(true);

    // The same fork PR without findings passes.
    const clean = cleanPr();
    const gh2 = await fake(clean, { readOnly: true });
    const r2 = await runAction({ repo: clean, api: gh2.url, payload: pullRequestPayload(clean, { fork: true }) });
    expect(r2.code).toBe(0);
    expect(gh2.writes()).toEqual([]);
  });

  it('G1: a read-only token on a same-repository PR: one 403, no further write, the result in the summary', async () => {
    const repo = cleanPr();
    const gh = await fake(repo, { readOnly: true });
    const r = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo) });
    expect(r.code).toBe(0);
    expect(gh.writes().map((w) => w.status)).toEqual([403]);
    expect(r.summary).toContain('The token may not write to this pull request (HTTP 403)');
  });

  it('G8: a secondary rate limit with retry-after is waited out; a spent primary limit falls back to the summary', async () => {
    const repo = cleanPr();
    const gh = await fake(repo, { faults: [{ route: 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments', status: 403, headers: { 'retry-after': '1' }, message: secondaryRateLimitMessage }] });
    const started = Date.now();
    const r = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo) });
    expect(r.code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(r.stdout).toContain('GitHub secondary rate limit on GET /repos/{owner}/{repo}/issues/{issue_number}/comments');
    expect(r.stdout).toContain('waiting 1 s, then retrying');
    expect(gh.issueComments).toHaveLength(1);

    const reset = String(Math.floor(Date.now() / 1000) + 3600);
    const gh2 = await fake(repo, { faults: [{ route: 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments', status: 403, times: 100, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset } }] });
    const r2 = await runAction({ repo, api: gh2.url, payload: pullRequestPayload(repo) });
    expect(r2.code).toBe(0);
    expect(gh2.requests.filter((q) => q.route.startsWith('GET /repos/{owner}/{repo}/issues'))).toHaveLength(1);
    expect(gh2.writes()).toEqual([]);
    expect(r2.summary).toContain("GitHub's rate limit stopped the comments on this pull request (GitHub's rate limit is spent");
  });

  it('G9: a PR of 3,500 files: GitHub\'s list is capped, so changed files and hunks come from git diff', async () => {
    const repo = makeRepo(['commcare-salesforce'], (dir) => {
      edit(dir, patient, '    destination: { path: Village__c, type: string }', '    destination: { path: Village_Name__c, type: string }');
      for (let i = 0; i < 3499; i++) write(dir, `notes/n${i}.txt`, `note ${i}\n`);
    });
    const gh = await fake(repo);
    expect(gh.options.files.length).toBe(3500);
    const r = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo, { changedFiles: 3500 }) });
    expect(r.code).toBe(1);
    expect(r.summary).toContain('GitHub lists at most 3,000 files of a pull request and this one changes 3,500: changed files and hunks come from `git diff` against the merge base');
    expect(gh.requests.some((q) => q.route.endsWith('/pulls/{pull_number}/files'))).toBe(false);
    expect(gh.reviewComments.filter((c) => c.subject_type === 'line').map((c) => `${c.path}:${c.line}`)).toEqual([`${patient}:37`]);
  });

  it('G9: a design file without `patch`, or a failing file list, falls back to git diff and says so', async () => {
    const repo = brokenPr();
    // GitHub leaves out the patch of the mapping; the fake still checks review lines against the real hunks.
    const gh = await fake(repo);
    const real = gh.options.files;
    gh.options.files = real.map(({ patch: _patch, ...f }) => f);
    const answer = gh.options.files;
    // Serve the list without patches, judge reviews with them.
    Object.defineProperty(gh.options, 'files', { get: () => (gh.requests.some((q) => q.route.endsWith('/files')) ? real : answer) });
    const r = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo) });
    expect(gh.reviewComments.filter((c) => c.subject_type === 'line').map((c) => `${c.path}:${c.line}`)).toEqual([`${patient}:37`]);
    expect(r.summary).toContain('GitHub left out the diff of 1 large file: changed files and hunks come from `git diff` against the merge base');

    const gh406 = await fake(repo, { faults: [{ route: 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files', status: 406 }] });
    const r2 = await runAction({ repo, api: gh406.url, payload: pullRequestPayload(repo) });
    expect(r2.summary).toContain("GitHub's file list failed");
    expect(gh406.reviewComments.filter((c) => c.subject_type === 'line').map((c) => `${c.path}:${c.line}`)).toEqual([`${patient}:37`]);
  });

  it('G7: 5,000 findings: at most 30 review comments, comment and summary within budget, ten annotations per kind', async () => {
    const repo = makeRepo(['commcare-salesforce'], (dir) => {
      for (let m = 0; m < 50; m++) {
        const fields = Array.from({ length: 100 }, (_, i) => `  - source: { path: properties.f${i}, type: string }\n    destination: { path: F${i}__c, type: string }\n    transform: { valueMap: missing-${m}-${i} }\n    status: agreed\n`).join('');
        write(dir, `examples/commcare-salesforce/mappings/gen-${m}.mapping.yaml`, `id: gen-${m}\nversion: 1.0.0\nstatus: draft\nflows: [case-registered]\nsource: { system: commcare, resource: case (patient) }\ndestination: { system: salesforce, resource: Patient__c, operation: create }\nfields:\n${fields}`);
      }
    });
    const gh = await fake(repo);
    const r = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo) });
    expect(r.code).toBe(1);
    expect(Number(r.outputs.errors)).toBeGreaterThanOrEqual(5000);
    expect(gh.reviewComments.length).toBeLessThanOrEqual(30);
    expect(gh.reviewComments.length).toBe(30);
    const body = gh.issueComments[0]?.body ?? '';
    expect(body.length).toBeLessThan(60_000);
    expect(body).toMatch(/findings? not listed here/u);
    expect(body).toContain('The full report is in the [job summary](https://github.com/Codertocat/Hello-World/actions/runs/1234)');
    expect(Buffer.byteLength(r.summary)).toBeLessThan(1024 * 1024);
    const commands = workflowCommands(r.stdout);
    for (const kind of ['error', 'warning', 'notice']) expect(commands.filter((c) => c.command === kind).length).toBeLessThanOrEqual(10);
    expect(commands.filter((c) => c.command === 'error')).toHaveLength(10);
    expect(commands.find((c) => c.command === 'notice' && /more findings are not annotated/u.test(c.message))?.message).toMatch(/^[\d,]+ more findings/u);
  });

  it('G10: the head moves during the run: comments anchor to the analysed commit and its lines', async () => {
    const repo = brokenPr();
    const analysed = repo.headSha;
    // A later push adds three lines at the top; the workspace has it checked out.
    edit(repo.dir, patient, 'id: commcare-salesforce-patient\n', '# a\n# b\n# c\nid: commcare-salesforce-patient\n');
    git(repo.dir, 'commit', '-q', '-am', 'later push');
    const gh = await fake(repo, { commits: [analysed, git(repo.dir, 'rev-parse', 'HEAD')] });
    await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo, { headSha: analysed }) });
    expect(gh.reviews.map((x) => x.commit_id)).toEqual([analysed]);
    expect(gh.reviewComments.filter((c) => c.subject_type === 'line').map((c) => [c.line, c.commit_id])).toEqual([[37, analysed]]);
  });

  it('O6: a PR that switches a rule off in interop-design.yaml is judged by the base configuration, and the summary says so', async () => {
    const repo = makeRepo(['commcare-salesforce'], (dir) => {
      edit(dir, patient, '    destination: { path: Village__c, type: string }', '    destination: { path: Village_Name__c, type: string }');
      edit(dir, 'examples/commcare-salesforce/interop-design.yaml', '      rules: { sample-personal-data: off }', '      rules: { sample-personal-data: off }\n  rules: { metadata-unknown-field: off }');
    });
    const gh = await fake(repo);
    const r = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo) });
    expect(workflowCommands(r.stdout).some((c) => c.command === 'error' && c.props.title === 'interop-design metadata-unknown-field')).toBe(true);
    expect(r.summary).toContain('This pull request changes the lint configuration of <code>examples/commcare-salesforce</code>');
    expect(r.summary).toContain("this run used the base commit's configuration");

    const gh2 = await fake(repo);
    const r2 = await runAction({ repo, api: gh2.url, payload: pullRequestPayload(repo), inputs: { 'config-from': 'head' } });
    expect(workflowCommands(r2.stdout).some((c) => c.props.title === 'interop-design metadata-unknown-field')).toBe(false);
    expect(r2.summary).toContain('and this run used it (`config-from: head`)');
  });

  it('O2, O3: hostile names and text in design files reach no output live', async () => {
    const hostile = 'x @octocat #1 <img src=//x> <!-- </details> ``` | a\u202eb\u200bc';
    const evilName = 'examples/commcare-salesforce/mappings/a\n::error file=x::pwn.mapping.yaml';
    const repo = makeRepo(['commcare-salesforce'], (dir) => {
      edit(dir, 'examples/commcare-salesforce/flows/case-registered.flow.yaml', 'action: Registers or updates the patient in the app and syncs', `action: "${hostile.replace('\u202e', '\\u202e').replace('\u200b', '\\u200b')}"`);
      write(dir, evilName, `id: evil\ntitle: "${hostile.replace('\u202e', '\\u202e').replace('\u200b', '\\u200b')}"\nversion: 1.0.0\n`);
    });
    const gh = await fake(repo);
    const r = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo) });
    expect(r.code).toBe(1);
    // O3: the file name cannot start a workflow command of its own.
    const commands = workflowCommands(r.stdout);
    expect(commands.filter((c) => c.props.file === 'x')).toEqual([]);
    expect(commands.some((c) => c.command === 'error' && c.props.file === evilName)).toBe(true);
    // O2: comment, review and summary.
    const texts = [gh.issueComments[0]?.body ?? '', r.summary, ...gh.reviewComments.map((c) => c.body)];
    for (const text of texts) {
      expect(text).not.toMatch(/@octocat|#1\b|<img|<!-- <|\u202e|\u200b|```\s*\|/u);
      expect(text.match(/<details>/gu)?.length ?? 0).toBe(text.match(/<\/details>/gu)?.length ?? 0);
    }
    const body = gh.issueComments[0]?.body ?? '';
    expect(body.startsWith('<!-- interop-design:sticky -->\n<!-- interop-design:run ')).toBe(true);
    expect(body).toContain('```mermaid');
    // Every table keeps its column count on every row.
    for (const text of texts) {
      let columns: number | undefined;
      for (const line of text.split('\n')) {
        if (!line.startsWith('|')) {
          columns = undefined;
          continue;
        }
        const count = line.split('|').length;
        columns ??= count;
        expect(count, line).toBe(columns);
      }
    }
  });

  it('the dogfood workflow\'s action step runs on examples/ with its own inputs, with least privilege', async () => {
    const workflow = parseYaml(readFileSync(path.join(repoRoot, '.github/workflows/interop-design.yml'), 'utf8')) as { permissions: Record<string, string>; concurrency: { group: string }; jobs: Record<string, { 'timeout-minutes': number; steps: { uses?: string; with?: Record<string, unknown> }[] }> };
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(workflow.concurrency.group).toContain('github.event.pull_request.number');
    const job = Object.values(workflow.jobs)[0];
    expect(job?.['timeout-minutes']).toBeLessThanOrEqual(15);
    const step = job?.steps.find((s) => s.uses === './packages/action');
    expect(step).toBeDefined();
    const repo = makeRepo(['commcare-salesforce', 'dhis2-godata', 'kobo-mssql'], (dir) => {
      edit(dir, patient, 'comment: External ID field used to upsert', 'comment: External ID field, used to upsert');
      edit(dir, patient, 'version: 1.3.0', 'version: 1.3.1');
      edit(dir, patient, 'changelog:\n', 'changelog:\n  - { version: 1.3.1, date: 2026-11-24, changes: Clearer comment on the key field }\n');
    });
    const gh = await fake(repo);
    const inputs = Object.fromEntries(Object.entries(step?.with ?? {}).map(([k, v]) => [k, String(v)]));
    const r = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo), inputs });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const sarif = JSON.parse(readFileSync(path.join(repo.dir, inputs['sarif-file'] ?? ''), 'utf8')) as { version: string; runs: { results: unknown[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results.length).toBeGreaterThan(0);
    expect(gh.issueComments).toHaveLength(1);
    // Only the touched project is checked.
    expect(r.summary).toContain('in 1 design project at');
  });

  describe('G12: a workflow_run payload is believed only after the pull request read from the API matches it', () => {
    const forkHead = 'forker/Hello-World';
    function saved(repo: TempRepo, edit: (pr: { number: number; base: { sha: string }; head: { sha: string; repo: { full_name: string } | null } }) => void = () => undefined): void {
      const payload = pullRequestPayload(repo, { fork: true }) as { pull_request: Parameters<typeof edit>[0] };
      edit(payload.pull_request);
      writeFileSync(path.join(repo.dir, 'pr-event.json'), JSON.stringify(payload));
    }
    const pulls = (repo: TempRepo) => [{ number: 2, headSha: repo.headSha, baseSha: repo.baseSha, headRepo: forkHead }, { number: 7, headSha: 'c'.repeat(40), baseSha: repo.baseSha, headRepo: 'Codertocat/Hello-World' }];

    it('a genuine fork pull request: read from the API first, then commented', async () => {
      const repo = brokenPr();
      saved(repo);
      const gh = await fake(repo, { pulls: pulls(repo) });
      const r = await runAction({ repo, api: gh.url, eventName: 'workflow_run', payload: workflowRunPayload(repo.headSha, forkHead), inputs: { 'pull-request-payload': 'pr-event.json' } });
      expect(r.code).toBe(1);
      expect(gh.requests[0]?.url).toBe('/repos/Codertocat/Hello-World/pulls/2');
      expect(gh.issueComments).toHaveLength(1);
      expect(gh.reviewComments.length).toBeGreaterThan(0);
    });

    it('a payload naming another pull request (number 7) writes nothing', async () => {
      const repo = brokenPr();
      saved(repo, (pr) => (pr.number = 7));
      const gh = await fake(repo, { pulls: pulls(repo) });
      const r = await runAction({ repo, api: gh.url, eventName: 'workflow_run', payload: workflowRunPayload(repo.headSha, forkHead), inputs: { 'pull-request-payload': 'pr-event.json' } });
      expect(r.code).toBe(1);
      expect(gh.requests.map((q) => `${q.method} ${q.url}`)).toEqual(['GET /repos/Codertocat/Hello-World/pulls/7']);
      expect(gh.writes()).toEqual([]);
      expect(workflowCommands(r.stdout).find((c) => c.command === 'error')?.message).toContain('pull request #7 has another head commit');
    });

    it('a payload naming another base commit does not choose what judges the pull request: the API\'s base does', async () => {
      const repo = brokenPr();
      // With the head itself as the base there would be no change to judge, so no version finding.
      saved(repo, (pr) => (pr.base.sha = repo.headSha));
      const gh = await fake(repo, { pulls: pulls(repo) });
      const r = await runAction({ repo, api: gh.url, eventName: 'workflow_run', payload: workflowRunPayload(repo.headSha, forkHead), inputs: { 'pull-request-payload': 'pr-event.json' } });
      expect(r.code).toBe(1);
      expect(Number(r.outputs.errors)).toBeGreaterThan(0);
      expect(gh.issueComments[0]?.body).toContain('mapping-version');
      expect(r.summary).toContain('names another base commit than GitHub does');
    });

    it('a payload or event naming another head repository writes nothing', async () => {
      const repo = brokenPr();
      saved(repo, (pr) => {
        if (pr.head.repo) pr.head.repo.full_name = 'Codertocat/Hello-World';
      });
      const gh = await fake(repo, { pulls: pulls(repo) });
      const r = await runAction({ repo, api: gh.url, eventName: 'workflow_run', payload: workflowRunPayload(repo.headSha, forkHead), inputs: { 'pull-request-payload': 'pr-event.json' } });
      expect(r.code).toBe(1);
      expect(gh.writes()).toEqual([]);
      expect(workflowCommands(r.stdout).find((c) => c.command === 'error')?.message).toContain('has its head in another repository than the saved payload says');

      saved(repo);
      const gh2 = await fake(repo, { pulls: pulls(repo) });
      const r2 = await runAction({ repo, api: gh2.url, eventName: 'workflow_run', payload: workflowRunPayload(repo.headSha, 'someone-else/Hello-World'), inputs: { 'pull-request-payload': 'pr-event.json' } });
      expect(r2.code).toBe(1);
      expect(gh2.writes()).toEqual([]);
      expect(workflowCommands(r2.stdout).find((c) => c.command === 'error')?.message).toContain('has its head in another repository than the one this workflow_run ran on');
    });

    it('a payload saved for another commit, or with no number, is refused before any request', async () => {
      const repo = brokenPr();
      saved(repo);
      const gh = await fake(repo, { pulls: pulls(repo) });
      const r = await runAction({ repo, api: gh.url, eventName: 'workflow_run', payload: workflowRunPayload(repo.baseSha, forkHead), inputs: { 'pull-request-payload': 'pr-event.json' } });
      expect(r.code).toBe(1);
      expect(gh.requests).toEqual([]);
      expect(workflowCommands(r.stdout).find((c) => c.command === 'error')?.message).toContain('the saved pull request payload is not for the commit this workflow_run ran on');
      saved(repo, (pr) => (pr.number = -2));
      const r2 = await runAction({ repo, api: gh.url, eventName: 'workflow_run', payload: workflowRunPayload(repo.headSha, forkHead), inputs: { 'pull-request-payload': 'pr-event.json' } });
      expect(r2.code).toBe(1);
      expect(gh.requests).toEqual([]);
      expect(workflowCommands(r2.stdout).find((c) => c.command === 'error')?.message).toContain('has no pull request number');
    });

    it('a same-repository pull request named by the workflow_run event itself is verified the same way', async () => {
      const repo = brokenPr();
      const gh = await fake(repo, { pulls: [{ number: 2, headSha: repo.headSha, baseSha: repo.baseSha, headRepo: 'Codertocat/Hello-World' }] });
      const r = await runAction({ repo, api: gh.url, eventName: 'workflow_run', payload: workflowRunPayload(repo.headSha, 'Codertocat/Hello-World', [2]) });
      expect(r.code).toBe(1);
      expect(gh.requests[0]?.url).toBe('/repos/Codertocat/Hello-World/pulls/2');
      expect(gh.issueComments).toHaveLength(1);
    });
  });

  it('a pull request cannot silence a built-in check, and the directives it adds are listed in the summary', async () => {
    const repo = makeRepo(['commcare-salesforce'], (dir) => {
      edit(dir, patient, 'version: 1.3.0', '# interop-design-disable-next-line schema, mapping-version -- trust me\nversion: 1.3');
      edit(dir, patient, '    status: needs-discussion', '    # interop-design-disable-next-line mapping-field-status -- agreed on a call\n    status: needs-discussion');
    });
    const gh = await fake(repo);
    const r = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo) });
    expect(r.code).toBe(1);
    const errors = workflowCommands(r.stdout).filter((c) => c.command === 'error');
    expect(errors.map((c) => [c.props.title, c.props.file, c.props.line])).toEqual(expect.arrayContaining([['interop-design schema', patient, '5'], ['interop-design suppression-not-allowed', patient, '4']]));
    const note = r.summary.split('\n').find((l) => l.includes('This pull request adds 2 disable directives')) ?? '';
    expect(note).toContain(`${patient}:5`);
    expect(note).toContain('mapping-field-status');
  });

  it('a later push that fixes a finding deletes the comment about it, unless someone replied', async () => {
    const repo = brokenPr();
    const gh = await fake(repo);
    await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo) });
    const line = gh.reviewComments.find((c) => c.subject_type === 'line');
    const file = gh.reviewComments.find((c) => c.subject_type === 'file');
    expect(line && file).toBeTruthy();
    // Someone answers the version comment; then a push fixes both findings.
    gh.addReviewComment({ body: 'We will bump it once the rename is agreed', path: file?.path ?? '', line: null, subject_type: 'file', commit_id: repo.headSha, pull_request_review_id: null, in_reply_to_id: file?.id ?? 0, user: human });
    edit(repo.dir, patient, 'path: Village_Name__c', 'path: Village__c');
    git(repo.dir, 'commit', '-q', '-am', 'undo the rename');
    const fixed = { ...repo, headSha: git(repo.dir, 'rev-parse', 'HEAD') };
    gh.options.files = githubFiles(fixed);
    gh.options.commits.push(fixed.headSha);
    const r = await runAction({ repo: fixed, api: gh.url, payload: pullRequestPayload(fixed) });
    expect(r.code).toBe(0);
    const left = gh.reviewComments.map((c) => c.id);
    expect(left).not.toContain(line?.id);
    expect(left).toContain(file?.id);
    expect(gh.requests.filter((q) => q.route === 'DELETE /repos/{owner}/{repo}/pulls/comments/{comment_id}').map((q) => q.status)).toEqual([204]);
  });

  it('G11: 100 changed mappings keep the comment under the limit: one table, folded change lists, the rest counted', async () => {
    const mapping = (m: number, extra: string): string =>
      `id: many-${m}\nversion: 1.0.0\nstatus: draft\nflows: [case-registered]\nsource: { system: commcare, resource: case (patient) }\ndestination: { system: salesforce, resource: Patient__c, operation: create }\nfields:\n` +
      Array.from({ length: 8 }, (_, i) => `  - source: { path: properties.f${i}, type: string }\n    destination: { path: F${i}__c, type: string }\n    status: agreed\n`).join('') +
      extra;
    const repo = makeRepo(['commcare-salesforce'], (dir) => {
      for (let m = 0; m < 100; m++) write(dir, `examples/commcare-salesforce/mappings/many-${m}.mapping.yaml`, mapping(m, ''));
    });
    // The base has the 100 mappings; the head renames every destination and bumps nothing.
    git(repo.dir, 'checkout', '-q', 'main');
    git(repo.dir, 'merge', '-q', '--ff-only', 'feature');
    const base = git(repo.dir, 'rev-parse', 'HEAD');
    git(repo.dir, 'checkout', '-q', 'feature');
    for (let m = 0; m < 100; m++) write(repo.dir, `examples/commcare-salesforce/mappings/many-${m}.mapping.yaml`, mapping(m, '').replaceAll('__c, type', '_New__c, type'));
    git(repo.dir, 'commit', '-q', '-am', 'rename every destination');
    const pr = { ...repo, baseSha: base, headSha: git(repo.dir, 'rev-parse', 'HEAD') };
    const gh = await fake(pr);
    const r = await runAction({ repo: pr, api: gh.url, payload: pullRequestPayload(pr) });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.outputs['changed-mappings'] ?? '[]')).toHaveLength(100);
    const body = gh.issueComments[0]?.body ?? '';
    expect(body.length).toBeLessThan(60_000);
    expect(body.match(/^\| many-\d+ \| 1\.0\.0 \| ❌ not bumped \(needs major\)/gmu)?.length).toBe(100);
    // 8 changes each: folded.
    expect(body).toContain('<details><summary>many-0: 8 changes</summary>');
    expect(body).toMatch(/\d+ more change lists not shown: see in the \[job summary\]\(https:\/\/github\.com\/Codertocat\/Hello-World\/actions\/runs\/1234\)/u);
    expect(r.summary).toContain('<details><summary>many-99: 8 changes</summary>');
  });

  it('on a push it checks every project under `paths`, annotates and summarises, and calls no API', async () => {
    const repo = makeRepo(['commcare-salesforce', 'kobo-mssql'], () => undefined);
    const gh = await fake(repo);
    const r = await runAction({ repo, api: gh.url, eventName: 'push', payload: { ref: 'refs/heads/main', after: repo.headSha } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(gh.requests).toEqual([]);
    expect(r.summary).toContain('in 2 design projects at');
    expect(r.outputs.errors).toBe('0');
    expect(JSON.parse(r.outputs['changed-mappings'] ?? '')).toEqual([]);
  });

  it('under pull_request_target the base is checked out: the head is read from git objects, never checked out, and the token may write', async () => {
    const repo = brokenPr();
    git(repo.dir, 'checkout', '-q', 'main');
    const gh = await fake(repo);
    const r = await runAction({ repo, api: gh.url, eventName: 'pull_request_target', payload: pullRequestPayload(repo, { fork: true }) });
    expect(r.code).toBe(1);
    expect(git(repo.dir, 'rev-parse', 'HEAD')).toBe(repo.baseSha);
    expect(gh.issueComments).toHaveLength(1);
    expect(gh.reviewComments.filter((c) => c.subject_type === 'line').map((c) => [c.line, c.commit_id])).toEqual([[37, repo.headSha]]);
  });
});

