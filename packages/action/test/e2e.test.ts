import { afterEach, describe, expect, it } from 'vitest';
import { FakeGitHub, human } from './fake-github.js';
import type { FakeOptions } from './fake-github.js';
import { edit, githubFiles, makeRepo, pullRequestPayload, runAction, workflowCommands } from './harness.js';
import type { TempRepo } from './harness.js';

const patient = 'examples/commcare-salesforce/mappings/commcare-salesforce-patient.mapping.yaml';
const marker = '<!-- interop-design:sticky -->';

let fakes: FakeGitHub[] = [];
afterEach(async () => {
  for (const f of fakes) {
    expect(f.violations, 'every request matches the OpenAPI description').toEqual([]);
    await f.stop();
  }
  fakes = [];
});

async function fake(repo: TempRepo, options: FakeOptions = {}): Promise<FakeGitHub> {
  const f = new FakeGitHub({ files: githubFiles(repo), commits: [repo.headSha], ...options });
  await f.start();
  fakes.push(f);
  return f;
}

/** A PR that edits a comment and bumps the patch version with a changelog entry: nothing wrong. */
function cleanPr(): TempRepo {
  return makeRepo(['commcare-salesforce'], (dir) => {
    edit(dir, patient, 'comment: External ID field used to upsert', 'comment: External ID field, used to upsert');
    edit(dir, patient, 'version: 1.3.0', 'version: 1.3.1');
    edit(dir, patient, 'changelog:\n', 'changelog:\n  - { version: 1.3.1, date: 2026-11-24, changes: Clearer comment on the key field }\n');
  });
}

/** A PR that renames the Village__c destination on line 37 (a breaking change), without a version bump. */
function brokenPr(): TempRepo {
  return makeRepo(['commcare-salesforce'], (dir) => {
    edit(dir, patient, '    destination: { path: Village__c, type: string }', '    destination: { path: Village_Name__c, type: string }');
  });
}

describe('the action on a pull request (fake GitHub API, bundled dist/index.js)', () => {
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

  it('findings inside the diff become line comments of one review; those outside, file-level comments', async () => {
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
    expect(line).toEqual([[patient, 37, 'sample-destination-path']]);
    expect(file).toEqual([[patient, '4', 'mapping-version']]);
    expect(gh.reviewComments.every((c) => c.commit_id === repo.headSha)).toBe(true);
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
    const gh = await fake(repo, { faults: [{ route: 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments', status: 403, headers: { 'retry-after': '1' } }] });
    const started = Date.now();
    const r = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo) });
    expect(r.code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(r.stdout).toContain('waiting 1 s as retry-after asks');
    expect(gh.issueComments).toHaveLength(1);

    const reset = String(Math.floor(Date.now() / 1000) + 3600);
    const gh2 = await fake(repo, { faults: [{ route: 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments', status: 403, times: 100, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset } }] });
    const r2 = await runAction({ repo, api: gh2.url, payload: pullRequestPayload(repo) });
    expect(r2.code).toBe(0);
    expect(gh2.requests.filter((q) => q.route.startsWith('GET /repos/{owner}/{repo}/issues'))).toHaveLength(1);
    expect(gh2.writes()).toEqual([]);
    expect(r2.summary).toContain("GitHub's API was not available (GitHub's rate limit is spent");
  });
});
