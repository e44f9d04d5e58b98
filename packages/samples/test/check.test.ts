import { describe, expect, it } from 'vitest';
import { loadProjects, nodeFs } from '@interop-design/core';
import { at, runCli, testdir } from '@interop-design/test-utils';
import type { TreeEntry } from '@interop-design/test-utils';
import { checkSamples } from '../src/check.js';
import type { CheckSamplesOptions } from '../src/check.js';

const M = 'mappings/kobo-row.mapping.yaml';
const SSN = '078-05-1120';
const TOKEN = `ghp_${'a1B2c3D4e5'.repeat(4)}`;
/** Values planted in samples; none may ever appear in output. */
const planted = ['hunter2-secret-value', 'muddy_river_water', SSN, 'a.person@example.org', 'four', '19/11/2026', TOKEN, 'rash'];

const mapping = [
  'id: kobo-row',
  'version: 1.0.0',
  'status: draft',
  'source:',
  '  system: kobo',
  '  resource: submission',
  '  samples: [{ file: sampleData/submissions.ndjson }]',
  'destination:',
  '  system: mssql',
  '  resource: dbo.row',
  '  operation: upsert',
  '  key: { source: _id, destination: kobo_id }',
  '  samples: [{ file: sampleData/rows.json, records: "rows[]" }]',
  'fields:',
  '  - source: { path: _id, type: integer }',
  '    destination: { path: kobo_id, type: integer }',
  '  - source: { path: \'["household/hh_size"]\', type: integer }',
  '    destination: { path: household_size, type: integer }',
  '  - source: { path: \'["wash/water_source"]\', type: choice }',
  '    destination: { path: water_source, type: string }',
  '    transform: { valueMap: water }',
  '  - source: { path: \'["health/symptoms"]\', type: multichoice, choices: [fever, cough, none] }',
  '    destination: { path: symptoms, type: string }',
  '    transform: { valueMap: { fever: FEV, cough: COU, none: NON, rash: RAS } }',
  '  - source: { path: today, type: date }',
  '    destination: { path: visit_date, type: date }',
  '  - source: { path: \'["member/age"]\', type: integer }',
  '    destination: { path: age, type: integer }',
  '  - source: { path: \'["missing/path"]\', type: string }',
  '    destination: { path: missing, type: string }',
  '',
].join('\n');

const lines = [
  { _id: 1, 'household/hh_size': '4', 'wash/water_source': 'piped', 'health/symptoms': 'fever cough', today: '2026-11-19', 'member/age': '3' },
  { _id: 2, 'household/hh_size': 'four', 'wash/water_source': 'muddy_river_water', 'health/symptoms': 'none', today: '19/11/2026' },
  { _id: 2, 'household/hh_size': '6', 'wash/water_source': 'well', 'health/symptoms': '', today: '2026-11-20', nid: SSN, email: 'a.person@example.org' },
  { 'household/hh_size': '7', 'wash/water_source': 'well', 'health/symptoms': 'cough', today: '2026-11-21' },
];

function project(extra: Record<string, TreeEntry> = {}): Record<string, TreeEntry> {
  return {
    'p/interop-design.yaml': 'name: Samples\nsystems:\n  kobo: { type: kobo }\n  mssql: { type: mssql }\n',
    [`p/${M}`]: mapping,
    'p/valuemaps/water.valuemap.yaml': 'id: water\nentries:\n  - { from: piped, to: PIPED }\n  - { from: well, to: WELL }\n',
    'p/sampleData/submissions.ndjson': lines.map((l) => JSON.stringify(l)).join('\n') + '\n',
    'p/sampleData/rows.json': JSON.stringify({ rows: [{ kobo_id: 1, household_size: 4, water_source: 'PIPED', symptoms: 'FEV,COU', visit_date: '2026-11-19T00:00:00', age: 3, missing: 'x', loaded_at: '2026-11-19' }] }, null, 2),
    ...extra,
  };
}

function run(files: Record<string, TreeEntry>, options: CheckSamplesOptions = {}) {
  const root = testdir(files);
  const [p] = loadProjects(nodeFs(root)).projects;
  if (!p) throw new Error('no project');
  return checkSamples(p, options);
}

const rows = (r: ReturnType<typeof run>) => r.diagnostics.map((d) => [d.ruleId, d.file.replace(/^p\//u, ''), d.range.start.line, d.range.start.column, d.path]);

describe('checkSamples', () => {
  it('finds each problem at the line of the field that has it', () => {
    const r = run(project());
    const pos = (needle: string) => at(mapping, needle);
    const found = rows(r).filter((x) => !String(x[0]).startsWith('sample-personal'));
    expect(found).toEqual(
      expect.arrayContaining([
        ['sample-type', M, pos('\'["household/hh_size"]').line, pos('\'["household/hh_size"]').column, '/fields/1/source/path'],
        ['sample-choice', M, pos('\'["wash/water_source"]').line, pos('\'["wash/water_source"]').column, '/fields/2/source/path'],
        ['sample-type', M, pos('today').line, pos('today').column, '/fields/4/source/path'],
        ['sample-path-partial', M, pos('\'["member/age"]').line, pos('\'["member/age"]').column, '/fields/5/source/path'],
        ['sample-path-missing', M, pos('\'["missing/path"]').line, pos('\'["missing/path"]').column, '/fields/6/source/path'],
        ['sample-key', M, pos('_id, destination').line, pos('_id, destination').column, '/destination/key/source'],
        ['sample-destination-path', M, pos('visit_date').line, pos('visit_date').column, '/fields/4/destination/path'],
        ['sample-destination-unmapped', M, pos('[{ file: sampleData/rows.json').line, pos('[{ file: sampleData/rows.json').column, '/destination/samples'],
      ]),
    );
    // The fourth record has no _id: the key path is partial too, and the key check counts it.
    expect(found).toContainEqual(['sample-path-partial', M, pos('_id, type').line, pos('_id, type').column, '/fields/0/source/path']);
    // The spec writes the date as the source sends it; the destination sample holds a date-time.
    expect(found).toContainEqual(['sample-prediction', M, pos('  - source: { path: today').line, 5, '/fields/4']);
    expect(found).toHaveLength(11);
    const messages = r.diagnostics.map((d) => d.message);
    expect(messages).toContain('1 of 4 values at ["household/hh_size"] are not integer');
    expect(messages).toContain('1 distinct value at ["wash/water_source"] (1 occurrence) is not in value map water');
    expect(messages).toContain('the key _id is missing or empty in 1 of 4 source sample records');
    expect(messages).toContain('1 source sample record repeat a key _id value of an earlier record in the same file: the key must be unique');
    // Destination-sample keys are named only with --show-values (O21).
    expect(messages.some((m) => m.includes('loaded_at'))).toBe(false);
    expect(messages).toContain('the destination samples hold 1 key this mapping never writes: see the destination samples (--show-values lists them locally)');
    expect(run(project(), { showValues: true }).diagnostics.some((d) => d.message.includes('loaded_at'))).toBe(true);
  });

  it('counts every unknown multichoice code, however often the known texts around it repeat', () => {
    // Texts whose codes are all known are remembered; the counts must be what splitting every record gives.
    const symptoms = ['fever cough', 'fever cough', 'none', 'fever cough', 'fever rash', 'fever cough', 'rash', 'cough  fever', 'fever rash', ['fever', 'rash']];
    const ndjson = symptoms.map((s, i) => JSON.stringify({ _id: i + 1, 'household/hh_size': '4', 'wash/water_source': 'piped', 'health/symptoms': s, today: '2026-11-19', 'member/age': '3', 'missing/path': 'x' })).join('\n') + '\n';
    const noMap = mapping.replace('    transform: { valueMap: { fever: FEV, cough: COU, none: NON, rash: RAS } }\n', '');
    const r = run(project({ [`p/${M}`]: noMap, 'p/sampleData/submissions.ndjson': ndjson }));
    const choice = r.diagnostics.filter((d) => d.ruleId === 'sample-choice');
    expect(choice.map((d) => [d.path, d.message])).toEqual([['/fields/3/source/path', '1 distinct value at ["health/symptoms"] (4 occurrences) is not in the declared choices']]);
  });

  it('a directive on the mapping line silences a value check reported there, never a data guard', () => {
    const silenced = mapping.replace("  - source: { path: '[\"household/hh_size\"]'", "  # interop-design-disable-next-line sample-type -- the form sends words for old households\n  - source: { path: '[\"household/hh_size\"]'");
    const r = run(project({ [`p/${M}`]: silenced }));
    expect(r.diagnostics.filter((d) => d.ruleId === 'sample-type' && d.path === '/fields/1/source/path')).toEqual([]);
    expect(r.diagnostics.filter((d) => d.ruleId === 'unused-suppression')).toEqual([]);
    // A directive that names a check that does not fire there is reported; one naming a data guard keeps the finding.
    const unused = mapping.replace('  - source: { path: today', '  # interop-design-disable-next-line sample-choice -- none here\n  - source: { path: today');
    expect(rows(run(project({ [`p/${M}`]: unused }))).filter((x) => x[0] === 'unused-suppression')).toEqual([['unused-suppression', M, at(unused, '# interop-design').line, 3, undefined]]);
    const state = '{\n  "configuration": { "password": "hunter2-secret-value" }\n}\n';
    const guarded = mapping.replace("  samples: [{ file: sampleData/submissions.ndjson }]", "  # interop-design-disable-next-line sample-credentials -- test data\n  samples: [{ file: sampleData/submissions.ndjson }, { file: sampleData/state.json }]");
    expect(run(project({ [`p/${M}`]: guarded, 'p/sampleData/state.json': state })).diagnostics.filter((d) => d.ruleId === 'sample-credentials')).toHaveLength(1);
  });

  it('accepts numbers sent as strings, space-separated multichoice and dates in the declared format', () => {
    const edited = mapping.replace('path: today, type: date }', 'path: today, type: date, format: dd/MM/yyyy }');
    const r = run(project({ [`p/${M}`]: edited, 'p/sampleData/submissions.ndjson': JSON.stringify({ _id: '1', 'household/hh_size': '4', 'wash/water_source': 'well', 'health/symptoms': 'fever  cough', today: '19/11/2026', 'member/age': 3, 'missing/path': 'x' }) }));
    expect(r.diagnostics.filter((d) => ['sample-type', 'sample-choice'].includes(d.ruleId))).toEqual([]);
  });

  it('P12: compares 20-digit ids as written, not rounded', () => {
    const ids = ['12345678901234567890', '12345678901234567891'];
    const r = run(project({ 'p/sampleData/submissions.ndjson': ids.map((id) => `{"_id": ${id}, "household/hh_size": 1}`).join('\n') }));
    expect(r.diagnostics.filter((d) => d.ruleId === 'sample-key' || (d.ruleId === 'sample-type' && d.path === '/fields/0/source/path'))).toEqual([]);
  });

  it('O8: reports committed credentials at the key, without the value', () => {
    const state = `{\n  "configuration": {\n    "username": "openfn",\n    "password": "hunter2-secret-value",\n    "apiKey": "\${API_KEY}"\n  },\n  "data": { "note": "${TOKEN}" }\n}\n`;
    const r = run(project({ 'p/sampleData/state.json': state }));
    const creds = r.diagnostics.filter((d) => d.ruleId === 'sample-credentials');
    expect(creds.map((d) => [d.file, d.range.start.line, d.range.start.column, d.severity])).toEqual([
      ['p/sampleData/state.json', 4, 5, 'error'],
      ['p/sampleData/state.json', 7, 22, 'error'],
    ]);
    // The key is data too: not quoted (O21).
    expect(creds[0]?.message).toMatch(/credentials committed in sample data: a value under a key that names a secret/u);
    expect(creds[1]?.message).toMatch(/shaped like a GitHub token/u);
  });

  it('O1: reports likely personal data per file with a count and the first line, never the value', () => {
    const r = run(project());
    const pd = r.diagnostics.filter((d) => d.ruleId === 'sample-personal-data');
    expect(pd.map((d) => [d.file, d.range.start.line, d.severity, d.message.split(' in this file')[0]]).sort()).toEqual([
      ['p/sampleData/submissions.ndjson', 3, 'warning', '1 likely email address'],
      ['p/sampleData/submissions.ndjson', 3, 'warning', '1 likely national id number'],
    ]);
  });

  it('O1: counts of more than one are written in plain English', () => {
    const people = [0, 1, 2].map((i) => JSON.stringify({ name: ['Amina Odhiambo', 'Wanjiru Kamau', 'Juma Otieno'][i], phone: `+25471234567${i}`, email: `p${i}@example.org`, dob: `2019-02-0${i + 1}` }, null, 1)).join('\n') + '\n';
    const r = run(project({ 'p/sampleData/people.ndjson': people.replaceAll('\n ', ' ') }));
    const pd = r.diagnostics.filter((d) => d.ruleId === 'sample-personal-data' && d.file.endsWith('people.ndjson'));
    expect(pd.map((d) => d.message.split(' in this file')[0]).sort()).toEqual([
      '3 likely dates of birth',
      '3 likely email addresses',
      '3 likely names next to phone numbers',
      '3 likely phone numbers',
    ]);
  });

  it('a date alone is not personal data; synthetic samples are scanned for credentials and names next to phone numbers only', () => {
    const dobs = Array.from({ length: 5 }, (_, i) => JSON.stringify({ case_id: `c${i}`, dob: `2019-02-0${i + 1}`, date_of_birth: '2018-01-01' })).join('\n') + '\n';
    const real = '{\n  "first_name": "Amina Odhiambo",\n  "phone_number": "+254712345678",\n  "email": "amina@example.org"\n}\n';
    const state = '{\n  "configuration": { "password": "hunter2-secret-value" },\n  "data": { "email": "someone@example.org", "phone": "+254700000001", "name": "Test Person" }\n}\n';
    const files = { 'p/sampleData/dobs.ndjson': dobs, 'p/sampleData/fixtures/real.json': real, 'p/sampleData/fixtures/state.json': state };
    const manifest = 'name: Samples\nsystems:\n  kobo: { type: kobo }\n  mssql: { type: mssql }\nsamples:\n  synthetic: ["sampleData/fixtures/**"]\n';
    const found = (r: ReturnType<typeof run>) => r.diagnostics.filter((d) => d.ruleId.startsWith('sample-personal') || d.ruleId === 'sample-credentials').filter((d) => !d.file.endsWith('submissions.ndjson')).map((d) => [d.ruleId, d.file.replace(/^p\//u, ''), d.range.start.line, d.message.split(' in this file')[0]]);
    expect(found(run(project({ ...files, 'p/interop-design.yaml': manifest })))).toEqual([
      ['sample-personal-data', 'sampleData/fixtures/real.json', 2, '1 likely name next to a phone number'],
      ['sample-credentials', 'sampleData/fixtures/state.json', 2, 'credentials committed in sample data: a value under a key that names a secret. Remove it from the sample, and rotate it: it stays in the git history'],
    ]);
    // Without the manifest's synthetic globs, the fixtures are scanned for everything (but dates alone still are not personal data).
    const plain = found(run(project(files))).filter((f) => f[0] === 'sample-personal-data').map((f) => `${String(f[1])} ${String(f[3])}`);
    expect(plain.some((f) => f.startsWith('sampleData/dobs.ndjson'))).toBe(false);
    expect(plain).toContain('sampleData/fixtures/state.json 1 likely email address');
    // The Action passes the base commit's globs: they replace the manifest's.
    expect(found(run(project({ ...files, 'p/interop-design.yaml': manifest }), { synthetic: [] })).some((f) => f[3] === '1 likely email address')).toBe(true);
  });

  it('O22: scans every file a mapping names as a sample wherever it lives, and CSV exports under sampleData for credentials', () => {
    const elsewhere = mapping.replace('  samples: [{ file: sampleData/submissions.ndjson }]', '  samples: [{ file: sampleData/submissions.ndjson }, { file: fixtures/state.json, records: data }]');
    const state = `{\n  "configuration": { "password": "hunter2-secret-value" },\n  "data": { "email": "a.person@example.org", "_id": 9 }\n}\n`;
    const csv = `id,name,token\n1,x,${TOKEN}\n`;
    const r = run(project({ [`p/${M}`]: elsewhere, 'p/fixtures/state.json': state, 'p/sampleData/export.csv': csv }));
    const found = r.diagnostics.filter((d) => d.ruleId === 'sample-credentials' || d.ruleId === 'sample-personal-data').filter((d) => !d.file.endsWith('submissions.ndjson')).map((d) => [d.ruleId, d.file, d.range.start.line]);
    expect(found).toEqual([
      ['sample-credentials', 'p/sampleData/export.csv', 2],
      ['sample-credentials', 'p/fixtures/state.json', 2],
      ['sample-personal-data', 'p/fixtures/state.json', 3],
    ]);
    for (const d of r.diagnostics) expect(d.message).not.toContain(TOKEN);
  });

  it('P11: skips a sample above the size cap with a finding at the mapping', () => {
    const r = run(project(), { maxSampleBytes: 100 });
    expect(rows(r).filter((x) => x[0] === 'sample-records').map((x) => x.slice(0, 3))).toEqual([
      ['sample-records', M, 7],
      ['sample-records', M, 13],
    ]);
  });

  it('P13: lists the first broken records of a file and counts the rest', () => {
    const bad = Array.from({ length: 200 }, (_, i) => `{"_id": ${i},}`).join('\n');
    const r = run(project({ 'p/sampleData/submissions.ndjson': bad }));
    const syntax = r.diagnostics.filter((d) => d.ruleId === 'sample-syntax');
    expect(syntax).toHaveLength(21);
    expect(syntax[0]?.range.start).toEqual({ line: 1, column: 10 }); // the trailing comma
    expect(syntax[20]?.message).toBe('and 180 more broken records in this file, not listed');
  });

  it('reports a records path that selects nothing', () => {
    const edited = mapping.replace('records: "rows[]"', 'records: "row[]"');
    const r = run(project({ [`p/${M}`]: edited }));
    const pos = at(edited, '"row[]"');
    expect(rows(r).filter((x) => x[0] === 'sample-records')).toEqual([['sample-records', M, pos.line, pos.column, '/destination/samples/0/records']]);
  });

  it('checks what it can of a mapping that fails its schema, and says what it skipped', () => {
    // A misspelt key in one field and a bad version: the rest of the mapping is still checked.
    const broken = mapping.replace('version: 1.0.0', 'version: 1.2').replace("    destination: { path: age, type: integer }", "    destination: { path: age, type: integer, requird: true }");
    const r = run(project({ [`p/${M}`]: broken }));
    const found = rows(r);
    expect(found).toContainEqual(['sample-type', M, at(broken, '\'["household/hh_size"]').line, at(broken, '\'["household/hh_size"]').column, '/fields/1/source/path']);
    expect(found).toContainEqual(['sample-path-missing', M, at(broken, '\'["missing/path"]').line, at(broken, '\'["missing/path"]').column, '/fields/6/source/path']);
    const skipped = r.diagnostics.filter((d) => d.ruleId === 'sample-records' && d.file === `p/${M}`);
    expect(skipped.map((d) => [d.severity, d.range.start.line])).toEqual([['info', 1]]);
    expect(skipped[0]?.message).toContain('not checked: fields.5.destination.requird, version');
    expect(r.coverage.map((c) => c.mapping)).toEqual(['kobo-row']);
  });

  it('reads a top-level JSON array as records; keys are unique per file; `records: data` on an array says "did you mean data[]"', () => {
    const records = [
      { _id: 1, 'household/hh_size': '4', 'wash/water_source': 'piped', 'health/symptoms': 'fever', today: '2026-11-19', 'member/age': '3', 'missing/path': 'x' },
      { _id: 2, 'household/hh_size': '5', 'wash/water_source': 'well', 'health/symptoms': 'cough', today: '2026-11-20', 'member/age': '4', 'missing/path': 'y' },
    ];
    // The same records as an export (a top-level array) and as an OpenFn state.
    const twoFiles = mapping.replace('  samples: [{ file: sampleData/submissions.ndjson }]', '  samples: [{ file: sampleData/export.json }, { file: sampleData/state.json, records: data }]');
    const r = run(project({ [`p/${M}`]: twoFiles, 'p/sampleData/export.json': JSON.stringify(records, null, 2), 'p/sampleData/state.json': JSON.stringify({ data: records }, null, 2) }));
    const source = r.diagnostics.filter((d) => d.file === `p/${M}` && d.ruleId === 'sample-records');
    expect(source.map((d) => [d.ruleId, d.range.start.line, d.range.start.column])).toEqual([['sample-records', at(twoFiles, 'data }').line, at(twoFiles, 'data }').column]]);
    expect(source[0]?.message).toBe('the records path data selects an array: did you mean "data[]", one record per item?');
    expect(r.coverage[0]?.records).toBe(3);
    const fixed = twoFiles.replace('records: data }', 'records: "data[]" }');
    const clean = run(project({ [`p/${M}`]: fixed, 'p/sampleData/export.json': JSON.stringify(records), 'p/sampleData/state.json': JSON.stringify({ data: records }) }));
    expect(clean.diagnostics.filter((d) => d.file === `p/${M}` && ['sample-key', 'sample-records', 'sample-path-partial', 'sample-path-missing', 'sample-type'].includes(d.ruleId))).toEqual([]);
    expect(clean.coverage[0]?.records).toBe(4);
  });

  it('points each value finding at the first affected record: file, line, column and how many records, never the value', () => {
    const r = run(project());
    const type = r.diagnostics.find((d) => d.ruleId === 'sample-type' && d.path === '/fields/1/source/path');
    // The value itself, "four", on the second line: its line and column, never its text.
    const second = JSON.stringify(lines[1]);
    const column = second.indexOf('"four"') + 1;
    expect(type?.related).toEqual([{ file: 'p/sampleData/submissions.ndjson', range: { start: { line: 2, column }, end: { line: 2, column: column + '"four"'.length } }, message: 'the first offending value at ["household/hh_size"]; 1 of 4 records affected' }]);
    const key = r.diagnostics.filter((d) => d.ruleId === 'sample-key').map((d) => d.related?.[0]?.range.start.line);
    expect(key).toEqual([4, 3]);
    const partial = r.diagnostics.find((d) => d.ruleId === 'sample-path-partial' && d.path === '/fields/5/source/path');
    expect(partial?.related?.[0]).toMatchObject({ file: 'p/sampleData/submissions.ndjson', range: { start: { line: 2 } } });
    for (const d of r.diagnostics) for (const rel of d.related ?? []) for (const v of planted) expect(rel.message).not.toContain(v);
  });

  it('checks what users expect of values: text booleans, dd/mm/yyyy dates, empty required values, maxLength, multichoice shape, defaults and passthrough', () => {
    const fields = mapping
      .replace("    destination: { path: symptoms, type: string }\n    transform: { valueMap: { fever: FEV, cough: COU, none: NON, rash: RAS } }", "    destination: { path: symptoms, type: string, required: true }")
      .replace("'  - source: { path: today, type: date }", "'  - source: { path: today, type: date }")
      .replace("  - source: { path: '[\"missing/path\"]', type: string }\n    destination: { path: missing, type: string }", [
        "  - source: { path: consent, type: boolean }",
        "    destination: { path: consent, type: boolean }",
        "  - source: { path: consent_text, type: boolean, format: text-boolean }",
        "    destination: { path: consent_text, type: boolean }",
        "  - source: { path: village, type: string }",
        "    destination: { path: village, type: string, maxLength: 5 }",
        "  - source: { path: sex, type: choice }",
        "    destination: { path: sex, type: choice, choices: [M, F, U] }",
        "    transform: { valueMap: { m: M, f: F }, unmapped: default, default: U }",
        "  - source: { path: tribe, type: choice }",
        "    destination: { path: tribe, type: choice, choices: [a, b] }",
        "    transform: { valueMap: { x: a }, unmapped: passthrough }",
      ].join('\n'));
    const recs = [
      { _id: 1, 'household/hh_size': '4', 'wash/water_source': 'piped', 'health/symptoms': 'fever cough', today: '19/11/2026', 'member/age': '3', consent: 'yes', consent_text: 'no', village: 'Kibera', sex: 'm', tribe: 'x' },
      { _id: 2, 'household/hh_size': '5', 'wash/water_source': 'well', 'health/symptoms': ['none'], today: '20/11/2026', 'member/age': '4', consent: true, consent_text: 'yes', village: 'Ol', sex: 'o', tribe: 'z' },
      { _id: 3, 'household/hh_size': '6', 'wash/water_source': 'well', 'health/symptoms': '', today: '2026-11-21', 'member/age': '5', consent: false, consent_text: 'true', village: 'Ol', sex: 'f', tribe: 'a' },
    ];
    const r = run(project({ [`p/${M}`]: fields, 'p/sampleData/submissions.ndjson': recs.map((l) => JSON.stringify(l)).join('\n') + '\n' }));
    const by = (id: string, path: string) => r.diagnostics.filter((d) => d.ruleId === id && d.path === path).map((d) => [d.severity, d.message, d.related?.[0]?.range.start.line]);
    expect(by('sample-type', '/fields/4/source/path')).toEqual([['error', '2 of 3 values at today are not date; 2 of them are written dd/MM/yyyy: declare `format: dd/MM/yyyy` on the source and read them with `transform: { format: { from: dd/MM/yyyy, to: iso-date } }`', 1]]);
    expect(by('sample-type', '/fields/6/source/path')).toEqual([['error', '1 of 3 values at consent are not boolean; 1 of them are text booleans ("true", "yes", ...): declare `format: text-boolean` on the source, or map them with a value map', 1]]);
    expect(by('sample-type', '/fields/7/source/path')).toEqual([]);
    expect(by('sample-value', '/fields/3/source/path')).toEqual([
      ['error', '["health/symptoms"] is empty or null in 1 of 3 source sample records, and feeds symptoms, which is required', 3],
      ['warning', 'the multichoice ["health/symptoms"] is sent as an array 1 time and as a space-separated string 1 time: the job must read both shapes', 2],
    ]);
    expect(by('sample-value', '/fields/8/source/path')).toEqual([['error', 'village is longer than the 5 characters village takes (maxLength) in 1 of 3 source sample records', 1]]);
    expect(by('sample-choice', '/fields/9/source/path')).toEqual([['info', '1 value at sex is not in the inline value map and falls to its default', 2]]);
    expect(by('sample-choice', '/fields/10/source/path')).toEqual([['error', "1 distinct value at tribe (1 occurrence) passes through the inline value map unchanged and is not in the destination's choices", 2]]);
  });

  it('reports coverage per mapping', () => {
    const r = run(project());
    expect(r.coverage).toEqual([{ mapping: 'kobo-row', file: 'sampleData/submissions.ndjson', records: 4, paths: { resolved: 6, total: 7 }, sampleKeys: { mapped: 6, total: 8 } }]);
  });
});

describe('no sample value in any output', () => {
  async function cli(root: string, ci: boolean, ...argv: string[]) {
    const { code, stdout, stderr } = await runCli(root, argv, { ci });
    return { code, out: stdout + stderr };
  }

  it.each([
    ['check-samples', 'stylish'],
    ['check-samples', 'json'],
    ['lint', 'stylish'],
    ['lint', 'json'],
    ['lint', 'sarif'],
    ['lint', 'junit'],
    ['lint', 'github'],
    ['lint', 'markdown'],
  ])('%s --format %s', async (command, format) => {
    const state = `{"configuration": {"password": "hunter2-secret-value"}, "data": {"note": "${TOKEN}"}}`;
    const root = testdir(project({ 'p/sampleData/state.json': state }));
    const { out } = await cli(root, true, command, '--format', format);
    expect(out.length).toBeGreaterThan(20);
    for (const value of planted) expect(out, value).not.toContain(value);
  });

  it('--show-values shows values locally and is refused in CI', async () => {
    const root = testdir(project());
    const local = await cli(root, false, 'check-samples', '--show-values');
    expect(local.out).toContain('"four"');
    const ci = await cli(root, true, 'check-samples', '--show-values');
    expect(ci.code).toBe(2);
    expect(ci.out).toMatch(/local runs/u);
  });
});
