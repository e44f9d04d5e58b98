import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, testdir } from '@interop-design/test-utils';

const repo = path.resolve(import.meta.dirname, '../../..');

/** A throwaway repository holding copies of the given design projects. */
function copies(...rels: string[]): string {
  const root = testdir({});
  for (const rel of rels) cpSync(path.join(repo, rel), path.join(root, path.basename(rel)), { recursive: true });
  return root;
}

describe('interop-design export openfn', () => {
  it('writes nothing and exits 1 while a mapping is not ready, listing the gaps at file:line:col', async () => {
    const root = copies('examples/kobo-mssql');
    const r = await run(root, 'export', 'openfn', '--out', 'out');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Not exported/u);
    expect(r.stdout).toMatch(/^ {2}kobo-mssql\/mappings\/kobo-mssql-household\.mapping\.yaml:5:9 {2}kobo-mssql-household: status is in-review, not ready$/mu);
    expect(existsSync(path.join(root, 'out'))).toBe(false);
  });

  it('with --draft writes every job, byte-identical on a re-run, and reports a job changed by hand', async () => {
    const root = copies('examples/kobo-mssql');
    const first = await run(root, 'export', 'openfn', '--out', 'out', '--draft');
    expect(first).toMatchObject({ code: 0, stderr: '' });
    const file = path.join(root, 'out/kobo-mssql/project.yaml');
    const written = readFileSync(file, 'utf8');
    expect(written).toMatch(/\/\/ DRAFT: mapping kobo-mssql-household is not ready/u);
    const again = await run(root, 'export', 'openfn', '--out', 'out', '--draft');
    expect(again.stdout).toMatch(/project\.yaml \(unchanged\)/u);
    expect(readFileSync(file, 'utf8')).toBe(written);
    writeFileSync(file, written.replace('upsertMany("dbo.household_member"', '// checked by hand\n          upsertMany("dbo.household_member"'));
    const edited = readFileSync(file, 'utf8');
    const third = await run(root, 'export', 'openfn', '--out', 'out', '--draft');
    expect(third.stdout).toMatch(/! submission-received\/upsert-members was changed by hand since the last export: kept, not overwritten/u);
    expect(readFileSync(file, 'utf8')).toBe(edited);
    const forced = await run(root, 'export', 'openfn', '--out', 'out', '--draft', '--force');
    expect(forced.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(written);
  });

  it('exports a ready design and --verify runs its jobs against the interpreter', async () => {
    const root = copies('packages/openfn/test/__fixtures__/kobo-dhis2');
    const r = await run(root, 'export', 'openfn', 'kobo-dhis2', '--out', 'openfn', '--verify');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^ {2}✔ registration\/register \(mapping kobo-dhis2-registration\): 2 records, \d+ field values equal$/mu);
    expect(readFileSync(path.join(root, 'openfn/kobo-dhis2/project.yaml'), 'utf8')).not.toMatch(/DRAFT/u);
  }, 120_000);

  it('names the folder of a design at the root by its manifest, and the jobs give each DHIS2 event its programStage', async () => {
    const root = testdir({});
    cpSync(path.join(repo, 'packages/openfn/test/__fixtures__/commcare-dhis2'), root, { recursive: true });
    const r = await run(root, 'export', 'openfn', '--out', 'openfn', '--verify');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^\. -> openfn\/cc-dhis2\/project\.yaml: 1 workflow\(s\), 2 job\(s\)$/mu);
    expect(r.stdout).toMatch(/^ {2}✔ registration-submitted\/upsert \(mapping commcare-dhis2-child\): 3 records, \d+ field values equal$/mu);
    expect(readFileSync(path.join(root, 'openfn/cc-dhis2/project.yaml'), 'utf8')).toContain('value = list.map(() => constant);');
  }, 120_000);

  it('needs --out', async () => {
    const r = await run(repo, 'export', 'openfn', 'examples');
    expect(r.code).toBe(2);
  });
});
