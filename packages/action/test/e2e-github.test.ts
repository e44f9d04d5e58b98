/**
 * The Action on real GitHub's harder cases (issue 13): several jobs on one pull request, user
 * tokens, secondary rate limits, paced writes, the fork notice, outputs. The bundled dist/index.js
 * runs as a child process against the fake GitHub, whose every request is checked against
 * GitHub's OpenAPI description.
 */
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { brokenPr, ciUser, edit, git, githubFiles, makeRepo, patient, pullRequestPayload, runAction, secondaryRateLimitMessage, useFakeGitHub, workflowCommands, write } from '@interop-design/test-utils/action';
import type { TempRepo } from '@interop-design/test-utils/action';

const fake = useFakeGitHub();

/** A repository whose base already holds `baseFiles`; the head commit applies `change`. */
function prOnBase(baseFiles: (dir: string) => void, change: (dir: string) => void): TempRepo {
  const repo = makeRepo(['commcare-salesforce'], baseFiles);
  git(repo.dir, 'checkout', '-q', 'main');
  git(repo.dir, 'merge', '-q', '--ff-only', 'feature');
  const baseSha = git(repo.dir, 'rev-parse', 'HEAD');
  git(repo.dir, 'checkout', '-q', 'feature');
  change(repo.dir);
  git(repo.dir, 'add', '-A');
  git(repo.dir, 'commit', '-q', '--allow-empty', '-m', 'head');
  return { dir: repo.dir, baseSha, headSha: git(repo.dir, 'rev-parse', 'HEAD') };
}

/** A mapping whose `count` fields each name a value map that does not exist (an error per field, far below line 10). */
function brokenMapping(id: string, count: number, status = 'agreed'): string {
  const fields = Array.from({ length: count }, (_, i) => `  - source: { path: properties.f${i}, type: string }\n    destination: { path: F${i}__c, type: string }\n    transform: { valueMap: missing-${i} }\n    status: ${status}\n`).join('');
  return `id: ${id}\ntitle: Generated\nversion: 1.0.0\nstatus: draft\nflows: [case-registered]\nsource: { system: commcare, resource: case (patient) }\ndestination: { system: salesforce, resource: Patient__c, operation: create }\nfields:\n${fields}`;
}

const findingTags = (body: string): string[] => [...body.matchAll(/<!-- interop-design:finding ([0-9a-z]+)(?: id=\S+)? -->/gu)].map((m) => m[1] ?? '');

describe('the action on real GitHub (issue 13)', { timeout: 180_000 }, () => {
  it('G14: two jobs with their own `id` on one pull request keep their own sticky comment and review comments over re-runs', async () => {
    const repo = brokenPr(['commcare-salesforce', 'dhis2-godata']);
    const gh = await fake(repo);
    const jobA = { paths: 'examples/commcare-salesforce', id: 'salesforce' };
    const jobB = { paths: 'examples/dhis2-godata', id: 'godata' };
    for (let i = 0; i < 2; i++) {
      await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo), inputs: jobA, runId: `a${i}` });
      await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo), inputs: jobB, runId: `b${i}` });
    }
    const firstLines = gh.issueComments.map((c) => c.body.split('\n', 1)[0]).sort();
    expect(firstLines).toEqual(['<!-- interop-design:sticky id=godata -->', '<!-- interop-design:sticky id=salesforce -->']);
    const a = gh.issueComments.find((c) => c.body.startsWith('<!-- interop-design:sticky id=salesforce -->'))?.body ?? '';
    const b = gh.issueComments.find((c) => c.body.startsWith('<!-- interop-design:sticky id=godata -->'))?.body ?? '';
    expect(a).toContain('❌ **2 errors');
    expect(b).toContain('No design project is touched by this pull request.');
    // Job B found nothing, and deleted none of job A's review comments as outdated.
    expect(new Set(gh.reviewComments.map((c) => `${c.path} ${c.subject_type} ${c.line}`))).toEqual(new Set([`${patient} line 37`, `${patient} file null`]));
    expect(gh.reviewComments.filter((c) => c.subject_type === 'file')).toHaveLength(1);
    expect(gh.reviewComments.every((c) => c.body.includes(' id=salesforce -->'))).toBe(true);
    expect(gh.requests.filter((q) => q.method === 'DELETE')).toEqual([]);
    expect(gh.reviews).toHaveLength(1);
  });

  it('G14: a personal access token (a User account named by comment-author) edits its own report on every run: no duplicates', async () => {
    const repo = brokenPr();
    const gh = await fake(repo, { tokens: { ghp_personal: ciUser } });
    const inputs = { 'github-token': 'ghp_personal', 'comment-author': 'ci-user' };
    await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo), inputs, runId: '300' });
    const firstRun = gh.reviewComments.map((c) => c.id);
    expect(firstRun.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < 3; i++) await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo), inputs, runId: String(300 + i) });
    expect(gh.issueComments.map((c) => c.user.login)).toEqual(['ci-user']);
    expect(gh.issueComments[0]?.body).toContain('<!-- interop-design:run 302.');
    expect(gh.reviews).toHaveLength(1);
    expect(gh.reviewComments.map((c) => c.id)).toEqual(firstRun);
    expect(gh.requests.every((q) => q.user === 'ci-user')).toBe(true);
  });

  it('G13: a secondary rate limit sent as a bare 403 or 429 with GitHub\'s message: the budget decides, then the summary says so (never "grant permissions")', async () => {
    const repo = brokenPr();
    for (const status of [403, 429]) {
      const gh = await fake(repo, { faults: [{ route: 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments', status, times: 100, message: secondaryRateLimitMessage }] });
      const r = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo), inputs: { 'rate-limit-wait': '30' } });
      expect(r.code).toBe(1);
      // No retry-after: GitHub's advised minute, which is beyond a 30 s budget.
      expect(r.stdout).toContain('GitHub secondary rate limit on POST');
      expect(r.stdout).toContain('60 s to wait, beyond the budget (30 s left of rate-limit-wait): not retrying');
      expect(gh.writes().map((w) => w.status)).toEqual([status]);
      expect(r.summary).toContain("GitHub's secondary rate limit stopped the comments on this pull request");
      expect(r.summary).not.toContain('Grant `pull-requests: write`');
      expect(r.outputs['comment-id']).toBe('');
      const notices = workflowCommands(r.stdout).filter((c) => c.command === 'notice');
      expect(notices.some((c) => c.message.includes("GitHub's secondary rate limit stopped the comments"))).toBe(true);
    }
  });

  it('writes are paced a second apart or more, and findings outside the changed lines make one file comment per file', async () => {
    // The base has a mapping with 5 broken fields; the PR edits its title only, so every error is outside the hunk
    // (and existing: fail-on-existing has them commented).
    const gen = 'examples/commcare-salesforce/mappings/gen.mapping.yaml';
    const repo = prOnBase(
      (dir) => {
        write(dir, gen, brokenMapping('gen', 5));
      },
      (dir) => {
        edit(dir, gen, 'title: Generated', 'title: Generated again');
      },
    );
    const gh = await fake(repo);
    const r = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo), inputs: { 'fail-on-existing': 'true' } });
    expect(r.code).toBe(1);
    const fileComments = gh.reviewComments.filter((c) => c.subject_type === 'file');
    expect(fileComments.map((c) => c.path)).toEqual([gen]);
    // Those on the edited lines go in the review, the rest in the one file comment.
    const inline = gh.reviewComments.filter((c) => c.subject_type === 'line');
    const listed = findingTags(fileComments[0]?.body ?? '');
    expect(listed.length).toBeGreaterThan(3);
    expect(inline.length + listed.length).toBe(Math.min(30, Number(r.outputs.errors) + Number(r.outputs.warnings)));
    expect(fileComments[0]?.body).toMatch(new RegExp(`^\\*\\*interop-design\\*\\*: ${listed.length} findings in this file, outside the lines this pull request changes\\.`, 'u'));
    const writes = gh.writes();
    expect(writes.length).toBeGreaterThanOrEqual(2);
    const gaps = writes.slice(1).map((w, i) => w.at - (writes[i]?.at ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(990);

    // A re-run posts nothing new, and once every finding is gone (the file removed) so is the comment.
    const again = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo), inputs: { 'fail-on-existing': 'true' }, runId: '2' });
    expect(again.code).toBe(1);
    expect(gh.reviewComments.filter((c) => c.subject_type === 'file')).toHaveLength(1);
    git(repo.dir, 'rm', '-q', gen);
    git(repo.dir, 'commit', '-q', '-m', 'drop the broken mapping');
    const fixed = { ...repo, headSha: git(repo.dir, 'rev-parse', 'HEAD') };
    gh.options.files = githubFiles(fixed);
    gh.options.commits.push(fixed.headSha);
    await runAction({ repo: fixed, api: gh.url, payload: pullRequestPayload(fixed), inputs: { 'fail-on-existing': 'true' }, runId: '3' });
    expect(gh.reviewComments.filter((c) => c.subject_type === 'file')).toEqual([]);
  });

  it('the fork notice keeps its place when info findings fill the notices', async () => {
    const gen = 'examples/commcare-salesforce/mappings/discuss.mapping.yaml';
    const repo = makeRepo(['commcare-salesforce'], (dir) => {
      write(dir, gen, brokenMapping('discuss', 15, 'needs-discussion').replaceAll(/ {4}transform: \{ valueMap: missing-\d+ \}\n/gu, ''));
    });
    const gh = await fake(repo, { readOnly: true });
    const r = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo, { fork: true }) });
    const notices = workflowCommands(r.stdout).filter((c) => c.command === 'notice');
    expect(Number(r.outputs.infos)).toBeGreaterThanOrEqual(15);
    expect(notices.length).toBeLessThanOrEqual(10);
    expect(notices.filter((c) => c.message.includes('fork pull request, so no comment or review is posted'))).toHaveLength(1);
    expect(gh.writes()).toEqual([]);
  });

  it('new findings decide: existing ones are listed as existing and pass, unless fail-on-existing', async () => {
    // The base already has a mapping with errors; the PR only edits its title.
    const gen = 'examples/commcare-salesforce/mappings/gen.mapping.yaml';
    const repo = prOnBase(
      (dir) => {
        write(dir, gen, brokenMapping('gen', 5).replace('version: 1.0.0', 'version: 1.0.0\nchangelog:\n  - { version: 1.0.1, date: 2026-11-30, changes: Title }'));
      },
      (dir) => {
        edit(dir, gen, 'title: Generated', 'title: Generated again');
        edit(dir, gen, 'version: 1.0.0', 'version: 1.0.1');
      },
    );
    const gh = await fake(repo);
    const r = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo) });
    expect(Number(r.outputs.errors)).toBeGreaterThanOrEqual(5);
    expect(r.code).toBe(0);
    expect(r.summary).toMatch(/\d+ of these findings already exist at the base commit \(marked \*existing\* below\): they do not fail this check/u);
    expect(r.summary).toContain('| *existing*: ');
    expect(gh.reviewComments).toEqual([]);
    expect(workflowCommands(r.stdout).filter((c) => c.command === 'error')).toEqual([]);

    const r2 = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo), inputs: { 'fail-on-existing': 'true' }, runId: '2' });
    expect(r2.code).toBe(1);
    expect(r2.summary).toContain('they fail this check too (`fail-on-existing: true`)');
  });

  it('a value-map change that breaks a mapping the pull request did not touch is a new finding and fails it', async () => {
    const repo = makeRepo(['commcare-salesforce'], (dir) => {
      edit(dir, 'examples/commcare-salesforce/valuemaps/gender.valuemap.yaml', '{ from: other, to: Other }', '{ from: other, to: Otro }');
    });
    const gh = await fake(repo);
    const r = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo) });
    expect(r.code).toBe(1);
    expect(r.summary).toMatch(/commcare-salesforce-patient\.mapping\.yaml:33:\d+\]\([^)]*\) \| (?!\*existing)/u);
    expect(workflowCommands(r.stdout).find((c) => c.command === 'error' && c.message.startsWith('interop-design:'))?.message).toMatch(/new in this pull request|errors/u);
  });

  it('filter-mode: added comments and annotates only the lines the pull request adds; file also the rest of its files', async () => {
    const repo = brokenPr();
    const lines = async (mode: string): Promise<{ review: (number | null)[]; annotated: string[] }> => {
      const gh = await fake(repo);
      const r = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo), inputs: { 'filter-mode': mode } });
      expect(r.code).toBe(1);
      return { review: [...new Set(gh.reviewComments.map((c) => c.line))].sort(), annotated: [...new Set(workflowCommands(r.stdout).filter((c) => c.command === 'error' && c.props.file === patient).map((c) => c.props.line ?? ''))].sort() };
    };
    // Line 37 is added; line 4 (the version verdict) is outside the hunks.
    expect(await lines('added')).toEqual({ review: [37], annotated: ['37'] });
    expect(await lines('file')).toEqual({ review: [37, null], annotated: ['37', '4'] });
  });

  it('reporter: github-check posts one check run per concern carrying every annotation, 50 per request; a fork keeps the annotations', async () => {
    const repo = makeRepo(['commcare-salesforce'], (dir) => {
      edit(dir, patient, '    destination: { path: Village__c, type: string }', '    destination: { path: Village_Name__c, type: string }');
      write(dir, 'examples/commcare-salesforce/mappings/gen.mapping.yaml', brokenMapping('gen', 70));
    });
    const gh = await fake(repo);
    const r = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo), inputs: { reporter: 'github-check', comment: 'false', review: 'false' } });
    expect(r.code).toBe(1);
    expect(gh.checkRuns.map((c) => [c.name, c.head_sha])).toEqual(['design lint', 'sample data', 'mapping versions', 'readiness'].map((n) => [`interop-design: ${n}`, repo.headSha]));
    // The rename is unknown to the Salesforce metadata (lint) and needs a major bump; the generated
    // mapping breaks lint; the samples hold nothing worse than info.
    expect(gh.checkRuns.slice(0, 3).map((c) => c.conclusion)).toEqual(['failure', 'neutral', 'failure']);
    expect(gh.checkRuns[2]?.annotations.map((a) => [a.start_line, a.message.slice(0, 40)])).toEqual([[4, 'the mapping changed but its version did ']]);
    const lint = gh.checkRuns[0];
    // Every finding is annotated: more than GitHub's ten per step, in requests of at most 50 (the fake checks the schema's maxItems).
    expect(lint?.annotations.length).toBeGreaterThan(70);
    expect(gh.requests.filter((q) => q.route === 'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}').length).toBeGreaterThanOrEqual(1);
    expect(lint?.annotations.map((a) => [a.path, a.start_line, a.annotation_level])).toContainEqual([patient, 37, 'failure']);
    expect(workflowCommands(r.stdout).filter((c) => c.command === 'error' && c.props.file)).toEqual([]);

    const gh2 = await fake(repo, { readOnly: true });
    const r2 = await runAction({ repo, api: gh2.url, payload: pullRequestPayload(repo, { fork: true }), inputs: { reporter: 'github-check' } });
    expect(gh2.writes()).toEqual([]);
    expect(r2.summary).toContain('whose token cannot create check runs');
    expect(workflowCommands(r2.stdout).filter((c) => c.command === 'error' && c.props.file).length).toBeGreaterThan(0);
  });

  it('outputs comment-id, comment-url, review-id, infos and projects', async () => {
    const repo = brokenPr();
    const gh = await fake(repo);
    const r = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo) });
    const comment = gh.issueComments[0];
    expect(r.outputs['comment-id']).toBe(String(comment?.id));
    expect(r.outputs['comment-url']).toBe(`https://github.com/Codertocat/Hello-World/pull/2#issuecomment-${comment?.id}`);
    expect(r.outputs['review-id']).toBe(String(gh.reviews[0]?.id));
    expect(JSON.parse(r.outputs.projects ?? '')).toEqual(['examples/commcare-salesforce']);
    expect(Number(r.outputs.infos)).toBeGreaterThan(0);
    expect(r.outputs.errors).toBe('2');
  });
});

describe('the Action\'s own files and limits (issue 12)', { timeout: 180_000 }, () => {
  it('G15: sarif-file never follows a symlink the pull request commits: the file outside the workspace stays, and a notice says why', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'interop-outside-'));
    const victim = path.join(outside, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    const repo = makeRepo(['commcare-salesforce'], (dir) => {
      symlinkSync(victim, path.join(dir, 'interop-design.sarif'));
      symlinkSync(outside, path.join(dir, 'reports'));
    });
    const gh = await fake(repo);
    for (const sarif of ['interop-design.sarif', 'reports/new.sarif']) {
      const r = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo), inputs: { 'sarif-file': sarif }, runId: sarif });
      expect(r.code).toBe(0);
      expect(r.summary).toContain(`No SARIF file written to <code>${sarif}</code>`);
      expect(workflowCommands(r.stdout).some((c) => c.command === 'notice' && c.message.includes(`no SARIF file written to ${sarif}`))).toBe(true);
    }
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(existsSync(path.join(outside, 'new.sarif'))).toBe(false);

    // A plain path inside the workspace is written, folders made as needed.
    const r = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo), inputs: { 'sarif-file': 'out/sub/findings.sarif' }, runId: 'plain' });
    expect(r.code).toBe(0);
    expect((JSON.parse(readFileSync(path.join(repo.dir, 'out/sub/findings.sarif'), 'utf8')) as { version: string }).version).toBe('2.1.0');
  });

  it('G16: one oversized finding is cut to fit: the review is posted, every body within GitHub\'s limit, and a 422 falls back to the summary', async () => {
    const huge = `Village_${'x'.repeat(70_000)}__c`;
    const repo = makeRepo(['commcare-salesforce'], (dir) => {
      edit(dir, patient, '    destination: { path: Village__c, type: string }', `    destination: { path: ${huge}, type: string }`);
    });
    const gh = await fake(repo);
    const r = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo) });
    expect(r.code).toBe(1);
    expect(gh.reviews).toHaveLength(1);
    const lines = gh.reviewComments.filter((c) => c.subject_type === 'line').map((c) => c.line);
    expect(lines.length).toBeGreaterThan(0);
    expect(new Set(lines)).toEqual(new Set([37]));
    for (const body of [...gh.reviewComments.map((c) => c.body), ...gh.issueComments.map((c) => c.body)]) expect(body.length).toBeLessThanOrEqual(65_536);
    expect(r.summary).toContain('## interop-design');

    // GitHub refuses the sticky comment (422): the run goes on, the summary says so.
    const gh2 = await fake(repo, { faults: [{ route: 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments', status: 422 }] });
    const r2 = await runAction({ repo, api: gh2.url, payload: pullRequestPayload(repo) });
    expect(r2.code).toBe(1);
    expect(r2.stderr).toBe('');
    expect(r2.summary).toContain('GitHub refused a comment');
    expect(workflowCommands(r2.stdout).some((c) => c.command === 'error' && c.message.startsWith('interop-design failed'))).toBe(false);
  });

  it('G17: a pull request number that is not a positive integer fails the step clearly, with a summary, and calls no API', async () => {
    const repo = makeRepo(['commcare-salesforce'], () => undefined);
    for (const number of ['7', 0, -3, 1.5, 1e300]) {
      const gh = await fake(repo);
      const payload = pullRequestPayload(repo) as { pull_request: { number: unknown } };
      payload.pull_request.number = number;
      const r = await runAction({ repo, api: gh.url, payload });
      expect(r.code, String(number)).toBe(1);
      expect(gh.requests).toEqual([]);
      const failure = workflowCommands(r.stdout).find((c) => c.command === 'error');
      expect(failure?.message).toContain('no number (a positive integer)');
      expect(r.summary).toContain('❌ **The check did not run:** the pull&#95;request payload has no number (a positive integer)');
    }
  });
});
