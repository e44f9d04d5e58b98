import { describe, expect, it } from 'vitest';
import { loadProjects, nodeFs, parseFieldPath } from '@interop-design/core';
import type { DesignFs, Diagnostic } from '@interop-design/core';
import { formatters } from '@interop-design/report';
import { at, testdir } from '@interop-design/test-utils';
import type { TreeEntry } from '@interop-design/test-utils';

/** `at` under another name, where a test names a record `at`. */
const position = at;
import { checkSamples } from '../src/check.js';
import { locateValue } from '../src/value-location.js';

// Item 4 of issue 11: a sample finding about values points at the first offending value itself
// (line and column in the sample file), says how many records are affected, and never shows the value.

function run(files: Record<string, TreeEntry>) {
  const root = testdir(files);
  const [p] = loadProjects(nodeFs(root)).projects;
  if (!p) throw new Error('no project');
  return checkSamples(p).diagnostics;
}

function mapping(id: string, from: string, to: string, samples: string, key: string, fields: string[]): string {
  return [
    `id: ${id}`,
    'version: 1.0.0',
    'status: draft',
    'source:',
    `  system: ${from}`,
    '  resource: record',
    `  samples: [${samples}]`,
    'destination:',
    `  system: ${to}`,
    '  resource: row',
    '  operation: upsert',
    `  key: { source: ${key}, destination: id }`,
    'fields:',
    ...fields,
    '',
  ].join('\n');
}

/** The related location of the one finding with this rule id and pointer: file, line, column and message. */
function relatedOf(found: Diagnostic[], ruleId: string, path: string) {
  const list = found.filter((d) => d.ruleId === ruleId && d.path === path);
  expect(list, `${ruleId} at ${path}`).toHaveLength(1);
  const rel = list[0]?.related?.[0];
  return rel && { file: rel.file, line: rel.range.start.line, column: rel.range.start.column, message: rel.message };
}

// A KoboToolbox API v2 data export: `count`, `next`, `previous` and `results`, group and repeat
// keys written as full XPaths, saved pretty-printed.
const koboRecords = [
  { _id: 283614902, 'formhub/uuid': '3f1c9a2b7d4e4c0f9b8a6d5e4c3b2a10', 'group_hh/hh_size': '6', 'group_hh/water_source': 'piped', group_members: [{ 'group_members/member_name': 'A', 'group_members/member_age': '41' }, { 'group_members/member_name': 'B', 'group_members/member_age': '9' }], _uuid: '0b8e3c1a-6d2f-4e7a-9c5b-1a2b3c4d5e6f', _submission_time: '2026-11-19T09:18:02', _tags: [], _notes: [] },
  { _id: 283614903, 'formhub/uuid': '3f1c9a2b7d4e4c0f9b8a6d5e4c3b2a10', 'group_hh/hh_size': 'seven', 'group_hh/water_source': 'well', group_members: [{ 'group_members/member_name': 'C', 'group_members/member_age': '30' }, { 'group_members/member_name': 'D', 'group_members/member_age': 'nine years' }], _uuid: '1c9f4d2b-7e3a-4f8b-8d6c-2b3c4d5e6f70', _submission_time: '2026-11-19T10:02:44', _tags: [], _notes: [] },
  { _id: 283614902, 'formhub/uuid': '3f1c9a2b7d4e4c0f9b8a6d5e4c3b2a10', 'group_hh/hh_size': '3', 'group_hh/water_source': 'river_water_x', group_members: { 'group_members/member_name': 'E', 'group_members/member_age': 'unknown_age' }, _uuid: '2d0a5e3c-8f4b-4a9c-9e7d-3c4d5e6f7081', _submission_time: '2026-11-19T11:40:05', _tags: [], _notes: [] },
];
const koboExport = JSON.stringify({ count: 3, next: null, previous: null, results: koboRecords }, null, 2);
const koboMapping = mapping('kobo-household', 'kobo', 'mssql', '{ file: sampleData/kobo-export.json, records: "results[]" }', '_id', [
  '  - source: { path: \'["group_hh/hh_size"]\', type: integer }',
  '    destination: { path: household_size, type: integer }',
  '  - source: { path: \'["group_hh/water_source"]\', type: choice, choices: [piped, well] }',
  '    destination: { path: water_source, type: string }',
  '  - source: { path: \'group_members[]["group_members/member_age"]\', type: integer }',
  '    destination: { path: member_age, type: integer }',
]);

// A CommCare Case API export, one case per line: properties under `properties`, the parent under `indices`.
const commcareCases = [
  { case_id: '2b6f4e1c-7a0e-4d1b-9f3e-0c5d8a1b2c3d', closed: false, date_modified: '2026-11-19T09:12:44.120000Z', domain: 'health-ngo-kenya', indices: { parent: { case_id: '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d', case_type: 'household', relationship: 'child' } }, properties: { case_name: 'Zoë Ñandú', case_type: 'patient', dob: '2019-03-14', sex: 'female', owner_id: 'f3c1a9b2d4e5f60718293a4b5c6d7e8f' }, xform_ids: ['5c7e9a0b-1d2f-4a3b-8c4d-5e6f7a8b9c0d'] },
  { case_id: '3c7a5f2d-8b1f-4e2c-8a4f-1d6e9b2c3d4e', closed: false, date_modified: '2026-11-19T09:20:01.000000Z', domain: 'health-ngo-kenya', indices: {}, properties: { case_name: 'Ñandú Łukasz 😀', case_type: 'patient', dob: '14/03/2019', sex: 'F', owner_id: 'f3c1a9b2d4e5f60718293a4b5c6d7e8f' }, xform_ids: [] },
  { closed: true, date_modified: '2026-11-19T09:31:17.000000Z', domain: 'health-ngo-kenya', indices: {}, properties: { case_name: 'X', case_type: 'patient', dob: '2020-01-02', sex: 'male', owner_id: 'f3c1a9b2d4e5f60718293a4b5c6d7e8f' }, xform_ids: [] },
];
const commcareNdjson = commcareCases.map((c) => JSON.stringify(c)).join('\n') + '\n';
const commcareMapping = mapping('commcare-patient', 'commcare', 'salesforce', '{ file: sampleData/cases.ndjson }', 'case_id', [
  '  - source: { path: case_id, type: string }',
  '    destination: { path: id, type: string }',
  '  - source: { path: properties.dob, type: date }',
  '    destination: { path: birthdate, type: date }',
  '  - source: { path: properties.sex, type: choice, choices: [female, male] }',
  '    destination: { path: gender, type: string }',
]);

// A Go.Data case export: a top-level array, pretty-printed, with nested objects and address lists.
const godataCases = [
  { id: 'c1', visualId: 'CASE-0001', gender: 'LNG_REFERENCE_DATA_CATEGORY_GENDER_FEMALE', age: { years: 31, months: 0 }, addresses: [{ typeId: 'LNG_REFERENCE_DATA_CATEGORY_ADDRESS_TYPE_USUAL_PLACE_OF_RESIDENCE', locationId: 'loc-1' }] },
  { id: 'c2', visualId: 'CASE-0002', gender: 'LNG_REFERENCE_DATA_CATEGORY_GENDER_MALE', age: { years: 4, months: 2 }, addresses: [{ typeId: 'LNG_REFERENCE_DATA_CATEGORY_ADDRESS_TYPE_USUAL_PLACE_OF_RESIDENCE', locationId: 'loc-2' }, { typeId: 'LNG_REFERENCE_DATA_CATEGORY_ADDRESS_TYPE_WORK_X', locationId: 'loc-3' }] },
  { id: 'c3', visualId: 'CASE-0003', gender: 'LNG_REFERENCE_DATA_CATEGORY_GENDER_FEMALE', age: { years: '4½', months: 0 }, addresses: [] },
];
const godataExport = JSON.stringify(godataCases, null, 4);
const godataMapping = mapping('godata-case', 'godata', 'dhis2', '{ file: sampleData/godata-cases.json }', 'visualId', [
  '  - source: { path: visualId, type: string }',
  '    destination: { path: id, type: string }',
  '  - source: { path: age.years, type: integer }',
  '    destination: { path: age, type: integer }',
  '  - source: { path: \'addresses[].typeId\', type: choice, choices: [LNG_REFERENCE_DATA_CATEGORY_ADDRESS_TYPE_USUAL_PLACE_OF_RESIDENCE, LNG_REFERENCE_DATA_CATEGORY_ADDRESS_TYPE_PREVIOUS_ADDRESS] }',
  '    destination: { path: address_type, type: string }',
]);

const manifest = 'name: Related locations\nsystems:\n  kobo: { type: kobo }\n  mssql: { type: mssql }\n  commcare: { type: commcare }\n  salesforce: { type: salesforce }\n  godata: { type: godata }\n  dhis2: { type: dhis2 }\n';

/** Every value a test plants as offending; none may appear in a related location or any output. */
const offending = ['seven', 'nine years', 'river_water_x', 'unknown_age', '14/03/2019', 'ADDRESS_TYPE_WORK_X', '4½'];

describe('a sample finding points at the first offending value', () => {
  it('in a Kobo export ({"count", "results": [...]}, pretty-printed): group questions and repeat entries', () => {
    const found = run({ 'p/interop-design.yaml': manifest, 'p/mappings/kobo.mapping.yaml': koboMapping, 'p/sampleData/kobo-export.json': koboExport });
    const file = 'p/sampleData/kobo-export.json';
    expect(relatedOf(found, 'sample-type', '/fields/0/source/path')).toEqual({ file, ...at(koboExport, '"seven"'), message: 'the first offending value at ["group_hh/hh_size"]; 1 of 3 records affected' });
    expect(relatedOf(found, 'sample-choice', '/fields/1/source/path')).toEqual({ file, ...at(koboExport, '"river_water_x"'), message: 'the first offending value at ["group_hh/water_source"]; 1 of 3 records affected' });
    // The second entry of the second submission's repeat, not its first entry nor the record's start;
    // the third submission's single entry (an object, as one repeat entry may be sent) counts too.
    expect(relatedOf(found, 'sample-type', '/fields/2/source/path')).toEqual({ file, ...at(koboExport, '"nine years"'), message: 'the first offending value at group_members[]["group_members/member_age"]; 2 of 3 records affected' });
    // The key repeated by the third submission, at that submission's `_id`.
    expect(relatedOf(found, 'sample-key', '/destination/key/source')).toEqual({ file, ...at(koboExport, '283614902', '283614903'), message: 'the first key value that repeats an earlier one; 1 of 3 records affected' });
  });

  it('in a CommCare case export (NDJSON): nested properties, columns counted in characters after accented names and emoji', () => {
    const found = run({ 'p/interop-design.yaml': manifest, 'p/mappings/commcare.mapping.yaml': commcareMapping, 'p/sampleData/cases.ndjson': commcareNdjson });
    const file = 'p/sampleData/cases.ndjson';
    expect(relatedOf(found, 'sample-type', '/fields/1/source/path')).toEqual({ file, ...at(commcareNdjson, '"14/03/2019"'), message: 'the first offending value at properties.dob; 1 of 3 records affected' });
    expect(relatedOf(found, 'sample-choice', '/fields/2/source/path')).toEqual({ file, ...at(commcareNdjson, '"F"'), message: 'the first offending value at properties.sex; 1 of 3 records affected' });
    // An absent key has no value to point at: its record's first character.
    expect(relatedOf(found, 'sample-key', '/destination/key/source')).toEqual({ file, line: 3, column: 1, message: 'the first record without the key; 1 of 3 records affected' });
    expect(relatedOf(found, 'sample-path-partial', '/fields/0/source/path')).toMatchObject({ file, line: 3, column: 1 });
  });

  it('in a pretty-printed JSON array (a Go.Data case export): nested objects and list entries', () => {
    const found = run({ 'p/interop-design.yaml': manifest, 'p/mappings/godata.mapping.yaml': godataMapping, 'p/sampleData/godata-cases.json': godataExport });
    const file = 'p/sampleData/godata-cases.json';
    expect(relatedOf(found, 'sample-type', '/fields/1/source/path')).toEqual({ file, ...at(godataExport, '"4½"'), message: 'the first offending value at age.years; 1 of 3 records affected' });
    expect(relatedOf(found, 'sample-choice', '/fields/2/source/path')).toEqual({ file, ...at(godataExport, '"LNG_REFERENCE_DATA_CATEGORY_ADDRESS_TYPE_WORK_X"'), message: 'the first offending value at addresses[].typeId; 1 of 3 records affected' });
  });

  it('in records a filter selects (CommCare forms by name, read whole) and in NDJSON lines that hold several records', () => {
    const forms = {
      meta: { limit: 100, next: null, offset: 0, previous: null, total_count: 3 },
      objects: [
        { id: 'f1', form: { '@name': 'Registration', muac_cm: 'not a number either' } },
        { id: 'f2', form: { '@name': 'Home Visit', muac_cm: 12.4 } },
        { id: 'f3', form: { '@name': 'Home Visit', muac_cm: 'twelve' } },
      ],
    };
    const text = JSON.stringify(forms, null, 2);
    const pages = [{ objects: [forms.objects[1]] }, { objects: [{ id: 'f4', form: { '@name': 'Home Visit', muac_cm: 11 } }, { id: 'f5', form: { '@name': 'Home Visit', muac_cm: 'eleven' } }] }];
    const ndjson = pages.map((p) => JSON.stringify(p)).join('\n') + '\n';
    const m = (file: string, records: string) => mapping('commcare-visit', 'commcare', 'salesforce', `{ file: ${file}, records: '${records}' }`, 'id', ['  - source: { path: form.muac_cm, type: number }', '    destination: { path: muac, type: number }']);
    const whole = run({ 'p/interop-design.yaml': manifest, 'p/mappings/visit.mapping.yaml': m('sampleData/forms.json', 'objects[form.@name="Home Visit"]'), 'p/sampleData/forms.json': text });
    expect(relatedOf(whole, 'sample-type', '/fields/0/source/path')).toEqual({ file: 'p/sampleData/forms.json', ...at(text, '"twelve"'), message: 'the first offending value at form.muac_cm; 1 of 2 records affected' });
    const lines = run({ 'p/interop-design.yaml': manifest, 'p/mappings/visit.mapping.yaml': m('sampleData/pages.ndjson', 'objects[]'), 'p/sampleData/pages.ndjson': ndjson });
    expect(relatedOf(lines, 'sample-type', '/fields/0/source/path')).toEqual({ file: 'p/sampleData/pages.ndjson', ...at(ndjson, '"eleven"'), message: 'the first offending value at form.muac_cm; 1 of 3 records affected' });
  });

  it('carries the value\'s line and column into SARIF relatedLocations, JSON, text, GitHub and JUnit output, never the value', () => {
    const found = run({ 'p/interop-design.yaml': manifest, 'p/mappings/kobo.mapping.yaml': koboMapping, 'p/sampleData/kobo-export.json': koboExport, 'p/mappings/commcare.mapping.yaml': commcareMapping, 'p/sampleData/cases.ndjson': commcareNdjson });
    const seven = at(koboExport, '"seven"');
    const sarif = JSON.parse(formatters.sarif(found)) as { runs: { results: { ruleId: string; properties?: { jsonPointer: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; relatedLocations?: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> }; message: { text: string } }[] }[] }[] };
    const type = sarif.runs[0]?.results.find((r) => r.ruleId === 'sample-type' && r.properties?.jsonPointer === '/fields/0/source/path' && r.locations[0]?.physicalLocation.artifactLocation.uri.includes('kobo'));
    expect(type?.relatedLocations?.[0]?.physicalLocation).toEqual({ artifactLocation: { uri: 'p/sampleData/kobo-export.json', uriBaseId: '%SRCROOT%' }, region: { startLine: seven.line, startColumn: seven.column, endLine: seven.line, endColumn: seven.column + '"seven"'.length } });
    const json = JSON.parse(formatters.json(found)) as { diagnostics: Diagnostic[] };
    expect(json.diagnostics.find((d) => d.ruleId === 'sample-type' && d.path === '/fields/0/source/path' && d.file.includes('kobo'))?.related?.[0]?.range.start).toEqual(seven);
    const where = `p/sampleData/kobo-export.json:${seven.line}:${seven.column}`;
    expect(formatters.stylish(found, { color: false })).toContain(where);
    expect(formatters.github(found)).toContain(where);
    expect(formatters.junit(found)).toContain(where);
    for (const out of [formatters.sarif(found), formatters.json(found), formatters.stylish(found, { color: false }), formatters.github(found), formatters.junit(found), formatters.markdown(found)]) {
      for (const value of offending) expect(out).not.toContain(value);
    }
  });
});

describe('locateValue', () => {
  /** A file system holding one file, read back in chunks of `size` bytes, so records cross chunk boundaries. */
  const tiny = (text: string, size = 7): DesignFs => {
    const bytes = new TextEncoder().encode(text);
    return {
      readDir: () => [],
      stat: () => ({ type: 'file', size: bytes.length }),
      readFile: () => bytes,
      *readChunks() {
        for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
      },
    };
  };
  /** Where the reader hands the record over: the byte offset of `needle` (after `after`) in the text. */
  const offsetOf = (text: string, needle: string, after = ''): number => Buffer.byteLength(text.slice(0, text.indexOf(needle, text.indexOf(after))));
  const path = (text: string) => parseFieldPath(text);
  const start = (r: { start: { line: number; column: number } }) => r.start;

  it('finds a value in a record read across chunk boundaries, after escaped keys and duplicate keys (the last wins, as in JSON.parse)', () => {
    const text = '\uFEFF{"data": [\r\n  {"a\\"b": {"x": "é"}, "q": 1, "q": [1, {"r": "s,}]"}, {"r": "t"}]},\r\n  {"q": []}\r\n]}\r\n';
    const fs = tiny(text);
    const at = { file: 'f.json', offset: offsetOf(text, '{"a'), nth: 0, format: 'json' as const, records: path('data[]') };
    // Columns count characters: the byte-order mark is not one.
    const inText = (needle: string, after = '') => position(text.slice(1), needle, after);
    expect(start(locateValue(fs, at, { path: path('q[].r'), ordinal: 1 }))).toEqual(inText('"t"'));
    expect(start(locateValue(fs, at, { path: path('["a\\"b"].x'), ordinal: 0 }))).toEqual(inText('"é"'));
    expect(start(locateValue(fs, at))).toEqual(inText('{"a'));
    // A value the path does not reach again: the record's start.
    expect(start(locateValue(fs, at, { path: path('q[].r'), ordinal: 5 }))).toEqual(inText('{"a'));
    // A record larger than the cap is not read back: its start.
    expect(start(locateValue(fs, at, { path: path('q[].r'), ordinal: 1 }, 20))).toEqual(inText('{"a'));
  });

  it('finds the nth record of an NDJSON line, and scalar records', () => {
    const text = '{"rows": [{"v": 1}, {"v": "x"}]}\n{"rows": [{"v": "y"}]}\n';
    const at = { file: 'f.ndjson', offset: 0, nth: 1, format: 'ndjson' as const, records: path('rows[]') };
    expect(start(locateValue(tiny(text, 5), at, { path: path('v'), ordinal: 0 }))).toEqual(position(text, '"x"'));
    const scalars = '[1, "two", 3]';
    const second = { file: 'f.json', offset: offsetOf(scalars, '"two"'), nth: 0, format: 'json' as const, records: undefined };
    expect(locateValue(tiny(scalars, 3), second, { path: { text: '', segments: [] }, ordinal: 0 })).toEqual({ start: position(scalars, '"two"'), end: { line: 1, column: position(scalars, '"two"').column + 5 } });
  });
});
