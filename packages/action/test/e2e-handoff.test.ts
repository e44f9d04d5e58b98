// The Action's hand-offs to the job writer and to the client: the generated OpenFn jobs a pull
// request changes (in the summary and the sticky comment), and the design book (input `book`).
import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useFakeGitHub } from '@interop-design/test-utils/action';
import { edit, git, makeRepo, pullRequestPayload, repoRoot, runAction, workflowCommands } from '@interop-design/test-utils/action';
import type { TempRepo } from '@interop-design/test-utils/action';

const project = 'examples/commcare-salesforce';
const patient = `${project}/mappings/commcare-salesforce-patient.mapping.yaml`;
const gender = `${project}/valuemaps/gender.valuemap.yaml`;

// One fake GitHub per test, checked against GitHub's OpenAPI description and stopped after it.
const fake = useFakeGitHub();

/**
 * A repository whose base commit has the patient mapping ready for job-writing (every field
 * agreed, status ready), and a pull request on top of it made by `change`.
 */
function readyBase(change: (dir: string) => void): TempRepo {
  const ready = makeRepo(['commcare-salesforce'], (dir) => {
    edit(dir, patient, 'status: in-review', 'status: ready');
    edit(dir, patient, '    status: needs-discussion', '    status: agreed');
    edit(dir, patient, '    status: new', '    status: agreed');
  });
  git(ready.dir, 'checkout', '-q', '-b', 'pr');
  change(ready.dir);
  git(ready.dir, 'add', '-A');
  git(ready.dir, 'commit', '-q', '--allow-empty', '-m', 'pr');
  return { dir: ready.dir, baseSha: ready.headSha, headSha: git(ready.dir, 'rev-parse', 'HEAD') };
}

/** The "Generated OpenFn jobs" section of a report, up to the next section. */
function jobsSection(report: string): string {
  const at = report.indexOf('### Generated OpenFn jobs');
  if (at < 0) return '';
  const next = report.indexOf('\n### ', at + 1);
  const flows = report.indexOf('<details><summary>Flow ', at + 1);
  const ends = [next, flows].filter((n) => n > 0);
  return report.slice(at, ends.length ? Math.min(...ends) : undefined);
}

/** The lines inside every ```diff fence of `text`. */
function diffLines(text: string): string[] {
  return [...text.matchAll(/^(`{3,})diff\n([\s\S]*?)\n\1$/gmu)].flatMap((m) => (m[2] ?? '').split('\n'));
}

/** Every string and number (of 4 characters or more) in the sample files of the project that no other file of it (design or metadata) holds. */
function sampleOnlyValues(dir: string): string[] {
  const root = path.join(dir, project);
  const design = filesUnder(root)
    .filter((f) => !f.startsWith('sampleData/'))
    .map((f) => readFileSync(path.join(root, f), 'utf8'))
    .join('\n');
  const values = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string' || typeof v === 'number') values.add(String(v));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  for (const f of filesUnder(path.join(root, 'sampleData'))) walk(JSON.parse(readFileSync(path.join(root, 'sampleData', f), 'utf8')));
  return [...values].filter((v) => v.length >= 4 && !design.includes(v));
}

/** Every file under `dir`, posix paths relative to it. */
function filesUnder(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(dir, path.posix.join(rel, e.name)) : [path.posix.join(rel, e.name)]));
}

describe('the generated OpenFn jobs a pull request changes (bundled dist/index.js, fake GitHub)', { timeout: 180_000 }, () => {
  it('a PR that changes a ready mapping\'s value map shows the job\'s diff in the summary and the comment, and no sample value', async () => {
    const repo = readyBase((dir) => {
      edit(dir, gender, '{ from: other, to: Other }', '{ from: other, to: Unknown }');
      edit(dir, patient, 'version: 1.3.0', 'version: 2.0.0');
      edit(dir, patient, 'changelog:\n', 'changelog:\n  - { version: 2.0.0, date: 2026-11-30, changes: other becomes Unknown in Salesforce }\n');
    });
    const gh = await fake(repo);
    const r = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo) });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = jobsSection(r.summary);
    // One job: the patient upsert; the visit mapping is not ready, so its job is not shown.
    expect(summary).toContain('<summary><code>case-registered/upsert</code> (mapping <code>commcare-salesforce-patient</code>) in <code>examples/commcare-salesforce</code>: changed</summary>');
    expect(summary.match(/<summary>/gu)).toHaveLength(1);
    expect(summary).not.toContain('nightly-visits');
    const changed = diffLines(summary).filter((l) => /^[+-]/u.test(l));
    // The job's header names the mapping's version; the value map is a lookup table in the body.
    expect(changed).toEqual([
      expect.stringMatching(/^-\/\/ Mapping commcare-salesforce-patient 1\.3\.0: /u),
      expect.stringMatching(/^\+\/\/ Mapping commcare-salesforce-patient 2\.0\.0: /u),
      '-    "other": "Other"',
      '+    "other": "Unknown"',
    ]);
    // Context lines around the change come from the job body too.
    expect(diffLines(summary)).toContain('     "female": "Female",');
    // The sticky comment carries the same section.
    expect(diffLines(jobsSection(gh.issueComments[0]?.body ?? ''))).toEqual(diffLines(summary));
    // Jobs are generated from the design only: nothing from the sample files is in the section.
    const sampleOnly = sampleOnlyValues(repo.dir);
    expect(sampleOnly.length).toBeGreaterThan(20);
    const leaked = sampleOnly.filter((v) => summary.includes(v));
    expect(leaked).toEqual([]);
  });

  it('a PR that changes nothing in the mappings shows no job section, even with a ready mapping', async () => {
    const repo = readyBase((dir) => {
      edit(dir, `${project}/stories.yaml`, 'then the patient is in Salesforce within 15 minutes', 'then the patient is in Salesforce within 10 minutes');
    });
    const gh = await fake(repo);
    const r = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo) });
    expect(r.code).toBe(0);
    expect(r.summary).toContain('### Readiness for job-writing');
    expect(r.summary).toMatch(/\| commcare-salesforce-patient \| ready \| 1\.3\.0 \| ✅ \|/u);
    expect(r.summary).not.toContain('Generated OpenFn jobs');
    expect(gh.issueComments[0]?.body).not.toContain('Generated OpenFn jobs');
  });
});


/** What a page loads: every src and href of its script, link, img and iframe elements. */
function loads(html: string): string[] {
  return [...html.matchAll(/<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="([^"]*)"/gu)].map((m) => m[1] ?? '');
}

describe('the design book (input book, bundled dist/index.js)', { timeout: 180_000 }, () => {
  it('writes the book of the pull request\'s head: every project under paths, Mermaid from the action\'s dist, no network URL, no sample value', async () => {
    const repo = makeRepo(['commcare-salesforce', 'kobo-mssql'], (dir) => {
      edit(dir, `${project}/stories.yaml`, 'then the patient is in Salesforce within 15 minutes', 'then the patient is in Salesforce within 10 minutes');
    });
    const gh = await fake(repo);
    const r = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo), inputs: { book: 'design-book' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = path.join(repo.dir, 'design-book');
    expect(filesUnder(out).sort()).toEqual(['.nojekyll', 'assets/book.css', 'assets/book.js', 'assets/mermaid.LICENSE.txt', 'assets/mermaid.min.js', 'commcare-salesforce/index.html', 'index.html', 'kobo-mssql/index.html']);
    // Mermaid is the copy shipped beside the bundle, with its licence.
    const dist = path.join(repoRoot, 'packages/action/dist/mermaid');
    expect(readFileSync(path.join(out, 'assets/mermaid.min.js')).equals(readFileSync(path.join(dist, 'mermaid.min.js')))).toBe(true);
    expect(readFileSync(path.join(out, 'assets/mermaid.LICENSE.txt'), 'utf8')).toBe(readFileSync(path.join(dist, 'LICENSE'), 'utf8'));
    const index = readFileSync(path.join(out, 'index.html'), 'utf8');
    const page = readFileSync(path.join(out, 'commcare-salesforce/index.html'), 'utf8');
    expect(index).toContain('href="commcare-salesforce/index.html"');
    expect(index).toContain('href="kobo-mssql/index.html"');
    // The project page draws its flows with the local Mermaid script; nothing any page loads is on the network.
    expect(page).toContain('<script src="../assets/mermaid.min.js" defer></script>');
    expect(page).toContain('class="mermaid"');
    for (const [name, html] of [['index.html', index], ['commcare-salesforce/index.html', page]] as const) {
      expect(html, name).toContain('<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;self&#39;;');
      const refs = loads(html);
      expect(refs.length, name).toBeGreaterThan(0);
      for (const ref of refs) {
        expect(ref, name).not.toMatch(/^[a-z][a-z0-9+.-]*:|^\/\//iu);
        expect(existsSync(path.join(out, path.dirname(name), ref)), `${name} loads ${ref}`).toBe(true);
      }
    }
    // The book shows the pull request's head.
    expect(page).toContain('then the patient is in Salesforce within 10 minutes');
    // No value of a sample file is in the book.
    const sampleOnly = sampleOnlyValues(repo.dir);
    expect(sampleOnly.length).toBeGreaterThan(20);
    expect(sampleOnly.filter((v) => page.includes(v))).toEqual([]);
    expect(r.summary).toContain('The design book of 2 design projects is in <code>design-book</code>');
  });

  it('O4, O5: refuses a folder outside the workspace and a symlink the pull request commits, writing nothing there', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'interop-book-outside-'));
    const repo = makeRepo(['commcare-salesforce'], (dir) => {
      edit(dir, `${project}/stories.yaml`, 'then the patient is in Salesforce within 15 minutes', 'then the patient is in Salesforce within 10 minutes');
      symlinkSync(outside, path.join(dir, 'design-book'));
    });
    for (const book of ['design-book', '../book', outside]) {
      const gh = await fake(repo);
      const r = await runAction({ repo, api: gh.url, payload: pullRequestPayload(repo), inputs: { book } });
      expect(r.code, book).toBe(0);
      expect(readdirSync(outside), book).toEqual([]);
      const notice = workflowCommands(r.stdout).find((c) => c.command === 'notice' && c.message.includes('no design book written'));
      expect(notice?.message, book).toMatch(book === 'design-book' ? /design-book is a symbolic link$/u : /it is outside the workspace/u);
      expect(r.summary, book).toContain('No design book written to <code>');
    }
    expect(existsSync(path.join(repo.dir, '..', 'book', 'index.html'))).toBe(false);
  });
});
