import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, testdir } from '@interop-design/test-utils';

const repo = path.resolve(import.meta.dirname, '../../..');

describe('interop-design book', () => {
  it('writes the index, one page per project and the local assets, and exits 0', async () => {
    const out = testdir({});
    const r = await run(repo, 'book', 'examples', '--out', path.join(out, 'site'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Wrote the design book of 3 projects to /u);
    const site = path.join(out, 'site');
    expect(readdirSync(site).sort()).toEqual(['.nojekyll', 'assets', 'commcare-salesforce', 'dhis2-godata', 'index.html', 'kobo-mssql']);
    expect(readdirSync(path.join(site, 'assets')).sort()).toEqual(['book.css', 'book.js', 'mermaid.LICENSE.txt', 'mermaid.min.js']);
    const page = readFileSync(path.join(site, 'kobo-mssql', 'index.html'), 'utf8');
    expect(page).toContain('<script src="../assets/mermaid.min.js" defer></script>');
    expect(page.match(/<div class="mermaid"/gu)).toHaveLength(2);
    // Wired in: the record each inline test produces (packages/transform), never a sample file's,
    // and what each system's exported metadata describes (packages/metadata).
    const cc = readFileSync(path.join(site, 'commcare-salesforce', 'index.html'), 'utf8');
    expect(cc.match(/data-hook="test-run"><strong>Produced record \(the test passes\):<\/strong>/gu)?.length).toBeGreaterThanOrEqual(1);
    expect(cc).toContain('checks record 0 of the sample file <code>sampleData/commcare-patient-case.json</code>');
    expect(cc).toMatch(/<td><ul class="plain"><li>[^<]*\(<code>Patient__c<\/code>\): \d+ fields, \d+ required<\/li>/u);
  });

  it('scopes to its paths; --out is required; a folder without a project is a usage error', async () => {
    const out = testdir({});
    expect((await run(repo, 'book', 'examples/dhis2-godata', '--out', out)).code).toBe(0);
    expect(existsSync(path.join(out, 'dhis2-godata', 'index.html'))).toBe(true);
    expect(existsSync(path.join(out, 'kobo-mssql'))).toBe(false);
    const missing = await run(repo, 'book', 'examples');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--out <dir>' not specified");
    const empty = testdir({ 'notes.txt': 'no design here' });
    expect((await run(empty, 'book', '--out', path.join(empty, 'site'))).code).toBe(2);
  });
});

describe('interop-design render (the fixes the book shares)', () => {
  it('draws the trigger as the entry node and no subgraph for a lane without steps', async () => {
    const root = testdir({
      'interop-design.yaml': 'name: T\nsystems:\n  a: { name: System A, type: generic }\n  b: { type: generic }\n',
      'flows/f.flow.yaml': 'id: f\ntrigger: { type: event, system: a, event: row added }\nlanes:\n  - { id: a, kind: system }\n  - { id: b, kind: system }\n  - { id: idle, kind: user, name: Nobody }\nsteps:\n  - { id: one, lane: a, action: Sends, next: [two] }\n  - { id: two, lane: b, action: Saves }\n',
    });
    const r = await run(root, 'render', '--format', 'mermaid');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  t0>"Event: row added (System A)"]\n');
    expect(r.stdout).toContain('  t0 --> s0\n');
    expect(r.stdout).not.toContain('Nobody');
    expect(r.stdout.match(/^ {2}subgraph /gmu)).toHaveLength(2);
  });
});
