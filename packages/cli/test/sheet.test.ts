import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { run, testdir } from '@interop-design/test-utils';

const repo = path.resolve(import.meta.dirname, '../../..');
const PATIENT = 'commcare-salesforce/mappings/commcare-salesforce-patient.mapping.yaml';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid' } });
}

/** The commcare-salesforce example in a throwaway git repository, committed. */
function exampleRepo(): string {
  const root = testdir({});
  cpSync(path.join(repo, 'examples/commcare-salesforce'), path.join(root, 'commcare-salesforce'), { recursive: true });
  rmSync(path.join(root, '.git'), { recursive: true });
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'base');
  return root;
}

describe('interop-design export sheet / import sheet', () => {
  it('exports a workbook, imports it back unchanged (exit 0), and an XLSX edited by a client imports as exactly that change, which diff classifies', async () => {
    const root = exampleRepo();
    const exported = await run(root, 'export', 'sheet', 'commcare-salesforce', '--out', 'review/patient-sync.xlsx');
    expect(exported).toMatchObject({ code: 0, stderr: '' });
    expect(exported.stdout).toMatch(/2 mappings exported to review\/patient-sync\.xlsx/u);

    const same = await run(root, 'import', 'sheet', 'review/patient-sync.xlsx', '--out', 'commcare-salesforce/mappings');
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/^unchanged commcare-salesforce\/mappings\/commcare-salesforce-patient\.mapping\.yaml/mu);
    expect(git(root, 'status', '--porcelain', 'commcare-salesforce')).toBe('');

    // The client changes the phone transformation and adds a row coloured "new", as the legend says.
    const file = path.join(root, 'review/patient-sync.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('commcare-salesforce-patient');
    if (!ws) throw new Error('no patient sheet');
    const header = ws.getRow(14);
    const colOf = (name: string, nth = 0): number => {
      const hits: number[] = [];
      header.eachCell((cell, c) => {
        if (cell.value === name) hits.push(c);
      });
      return hits[nth] ?? 0;
    };
    let villageRow = 0;
    ws.eachRow((row, r) => {
      if (row.getCell(colOf('API name', 1)).value === 'Village__c') villageRow = r;
    });
    expect(villageRow).toBeGreaterThan(14);
    expect(ws.getCell(villageRow, colOf('Transformation')).text).toBe('');
    ws.getCell(villageRow, colOf('Transformation')).value = 'format: trim';
    const added = ws.getRow(ws.rowCount + 1);
    added.getCell(colOf('API name', 0)).value = 'properties.email';
    added.getCell(colOf('Type', 0)).value = 'text';
    added.getCell(colOf('API name', 1)).value = 'Email__c';
    added.getCell(colOf('Type', 1)).value = 'email';
    for (let c = 1; c <= 24; c++) added.getCell(c).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFC6EFCE' } };
    await wb.xlsx.writeFile(file);

    const imported = await run(root, 'import', 'sheet', 'review/patient-sync.xlsx', '--out', 'commcare-salesforce/mappings');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/^wrote commcare-salesforce\/mappings\/commcare-salesforce-patient\.mapping\.yaml \(sheet commcare-salesforce-patient, over the existing mapping\)/mu);
    expect(imported.stdout).toMatch(/^unchanged commcare-salesforce\/mappings\/commcare-salesforce-visit\.mapping\.yaml/mu);

    const before = parse(git(root, 'show', `HEAD:${PATIENT}`)) as { fields: { destination: { path: string }; transform?: Record<string, unknown> }[] };
    const after = parse(readFileSync(path.join(root, PATIENT), 'utf8')) as typeof before;
    const expected = structuredClone(before);
    const village = expected.fields.find((f) => f.destination.path === 'Village__c');
    if (!village) throw new Error('no village field');
    village.transform = { format: { to: 'trim' } };
    expected.fields.push({ source: { path: 'properties.email', type: 'string' }, destination: { path: 'Email__c', type: 'string' }, status: 'new' } as (typeof expected.fields)[number]);
    expect(after).toEqual(expected);

    const lint = await run(root, 'lint', 'commcare-salesforce', '--format', 'json');
    // The client's new field is in neither system's exported metadata yet: exactly that is reported.
    expect((JSON.parse(lint.stdout) as { diagnostics: { severity: string; ruleId: string; path?: string }[] }).diagnostics.filter((d) => d.severity === 'error').map((d) => [d.ruleId, d.path]).sort()).toEqual([
      ['metadata-unknown-field', '/fields/8/destination/path'],
      ['metadata-unknown-field', '/fields/8/source/path'],
    ]);

    const diff = await run(root, 'diff', '--base', 'HEAD', '--format', 'json', 'commcare-salesforce');
    const report = JSON.parse(diff.stdout) as { projects: { mappings: { id: string; status: string; changes: { type: string; field?: string }[]; required: string; verdict: string }[] }[] };
    const mappings = report.projects[0]?.mappings ?? [];
    const patient = mappings.find((m) => m.id === 'commcare-salesforce-patient');
    expect(patient?.changes.map((c) => [c.type, c.field]).sort()).toEqual([
      ['field-added', 'Email__c'],
      ['transform-changed', 'Village__c'],
    ]);
    expect(patient).toMatchObject({ required: 'major', verdict: 'not-bumped' });
    expect(mappings.find((m) => m.id === 'commcare-salesforce-visit')?.status).toBe('unchanged');
  });

  it('imports a CSV into a new mapping file, reports problems at their cells and exits 1 on an error', async () => {
    const root = exampleRepo();
    writeFileSync(
      path.join(root, 'visits.csv'),
      '\uFEFFSOURCE: CommCare,,DESTINATION: Salesforce,,OpenFn\r\nQuestion,Type,API name,Type,Transformation\r\nform.visit_date,Date,Visit_Date__c,date,\r\nform.bad path,text,Notes__c,textarea,\r\n',
    );
    const r = await run(root, 'import', 'sheet', 'visits.csv', '--out', 'commcare-salesforce/mappings', '--id', 'visits-from-sheet', '--source', 'commcare:form (home visit)', '--destination', 'salesforce:Visit__c');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^visits\.csv\n {2}4:1 +error +visits!A4: the field path "form\.bad path" does not parse/mu);
    expect(r.stdout).toMatch(/^wrote commcare-salesforce\/mappings\/visits-from-sheet\.mapping\.yaml/mu);
    const written = parse(readFileSync(path.join(root, 'commcare-salesforce/mappings/visits-from-sheet.mapping.yaml'), 'utf8')) as { source: unknown; fields: unknown[] };
    expect(written.source).toEqual({ system: 'commcare', resource: 'form (home visit)' });
    expect(written.fields).toHaveLength(2);
  });

  it('exits 2 on usage errors: an unknown system flag, an unsupported file type, several projects', async () => {
    const root = exampleRepo();
    writeFileSync(path.join(root, 'x.csv'), 'a,b\n');
    expect((await run(root, 'import', 'sheet', 'x.csv', '--out', 'commcare-salesforce', '--source', 'nope')).code).toBe(2);
    writeFileSync(path.join(root, 'x.ods'), '');
    expect((await run(root, 'import', 'sheet', 'x.ods')).code).toBe(2);
    expect((await run(repo, 'export', 'sheet', 'examples', '--out', '/tmp/never-written.xlsx')).code).toBe(2);
  });
});

describe('the workbook\'s other sheets', () => {
  it('writes readiness on the cover, a shared value map\'s entries in the row, and imports a value map the project lacks from the Value maps sheet', async () => {
    const root = exampleRepo();
    expect((await run(root, 'export', 'sheet', 'commcare-salesforce', '--out', 'w.xlsx')).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(root, 'w.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['About', 'commcare-salesforce-patient', 'commcare-salesforce-visit', 'Legend', 'Value maps', 'Changelog']);
    const about = wb.getWorksheet('About');
    const cells: string[] = [];
    about?.eachRow((row) => {
      row.eachCell((cell) => cells.push(cell.text));
    });
    expect(cells).toContain('Readiness');
    expect(cells.some((c) => c.startsWith('not ready: '))).toBe(true);
    const patient = wb.getWorksheet('commcare-salesforce-patient');
    const texts: string[] = [];
    patient?.eachRow((row) => {
      row.eachCell((cell) => texts.push(cell.text));
    });
    expect(texts).toContain('value map: gender (male -> Male; female -> Female; other -> Other; * -> Unknown)');

    // Without the gender value map in the project, import writes it from the Value maps sheet.
    rmSync(path.join(root, 'commcare-salesforce/valuemaps/gender.valuemap.yaml'));
    const r = await run(root, 'import', 'sheet', 'w.xlsx', '--out', 'commcare-salesforce/mappings');
    expect(r.stdout).toMatch(/^wrote commcare-salesforce\/mappings\/gender\.valuemap\.yaml \(Value maps sheet\)/mu);
    const vm = parse(readFileSync(path.join(root, 'commcare-salesforce/mappings/gender.valuemap.yaml'), 'utf8')) as unknown;
    // The sheet has no columns for the title and the sides' choices: the rest comes back.
    expect(vm).toEqual({
      id: 'gender',
      source: { system: 'commcare', field: 'properties.sex' },
      destination: { system: 'salesforce', field: 'Gender__c' },
      entries: [{ from: 'male', to: 'Male' }, { from: 'female', to: 'Female' }, { from: 'other', to: 'Other' }],
      unmapped: 'default',
      default: 'Unknown',
    });
  });

  it('warns when a shared value map\'s entries were edited in the sheet, and imports the reference only', async () => {
    const root = exampleRepo();
    await run(root, 'export', 'sheet', 'commcare-salesforce', '--out', 'w.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(root, 'w.xlsx'));
    const ws = wb.getWorksheet('commcare-salesforce-patient');
    ws?.eachRow((row) => {
      row.eachCell((cell) => {
        if (typeof cell.value === 'string' && cell.value.startsWith('value map: gender')) cell.value = 'value map: gender (male -> M; female -> Female; other -> Other; * -> Unknown)';
      });
    });
    await wb.xlsx.writeFile(path.join(root, 'w.xlsx'));
    const r = await run(root, 'import', 'sheet', 'w.xlsx', '--out', 'commcare-salesforce/mappings');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/warning +'commcare-salesforce-patient'!S\d+: the entries of the shared value map "gender" were edited in the sheet/u);
    expect(r.stdout).toMatch(/^unchanged commcare-salesforce\/mappings\/commcare-salesforce-patient\.mapping\.yaml/mu);
  });
});
