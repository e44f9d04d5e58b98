import { describe, expect, it } from 'vitest';
import { loadProjects, nodeFs } from '@interop-design/core';
import { at, testdir } from '@interop-design/test-utils';
import { checkSamples } from '../src/check.js';
import { agrees } from '../src/prediction.js';

const M = 'mappings/godata-dhis2.mapping.yaml';
const mapping = [
  'id: godata-dhis2',
  'version: 1.0.0',
  'status: draft',
  'source:',
  '  system: godata',
  '  resource: case',
  '  samples: [{ file: sampleData/godata-cases.json, records: "[]" }]',
  'destination:',
  '  system: dhis2',
  '  resource: trackedEntity',
  '  operation: upsert',
  '  key: { source: visualId, destination: "attributes[attribute=lZGmxYbs97q].value" }',
  '  samples: [{ file: sampleData/dhis2-tracker.json, records: "trackedEntities[]" }]',
  'fields:',
  '  - source: { path: firstName }',
  '    destination: { path: "attributes[attribute=w75KJ2mc4zz].value" }',
  '  - source: { path: gender }',
  '    destination: { path: "attributes[attribute=cejWyOfXge6].value" }',
  '    transform: { valueMap: { LNG_REFERENCE_DATA_CATEGORY_GENDER_FEMALE: Female, LNG_REFERENCE_DATA_CATEGORY_GENDER_MALE: Male } }',
  '  - source: { path: dateOfReporting }',
  '    destination: { path: enrolledAt }',
  '    transform: { format: { from: iso-datetime, to: iso-date } }',
  '',
].join('\n');

const source = [
  { visualId: 'CASE-0001', firstName: 'Amina', gender: 'LNG_REFERENCE_DATA_CATEGORY_GENDER_FEMALE', dateOfReporting: '2026-11-19T00:00:00.000Z' },
  { visualId: 'CASE-0002', firstName: 'Baraka', gender: 'LNG_REFERENCE_DATA_CATEGORY_GENDER_MALE', dateOfReporting: '2026-11-20T00:00:00.000Z' },
  { visualId: 'CASE-0003', firstName: 'Chausiku', gender: 'LNG_REFERENCE_DATA_CATEGORY_GENDER_FEMALE', dateOfReporting: '2026-11-21T00:00:00.000Z' },
];
const te = (id: string, first: string, sex: string, enrolledAt: string) => ({
  trackedEntity: 'PQfMcpmXeFE',
  trackedEntityType: 'nEenWmSyUEp',
  orgUnit: 'DiszpKrYNg8',
  enrolledAt,
  attributes: [
    { attribute: 'lZGmxYbs97q', value: id },
    { attribute: 'w75KJ2mc4zz', displayName: 'First name', value: first },
    { attribute: 'cejWyOfXge6', value: sex },
  ],
});

function run(dest: unknown[]) {
  const root = testdir({
    'p/interop-design.yaml': 'name: P\nsystems:\n  godata: { type: godata }\n  dhis2: { type: dhis2 }\n',
    [`p/${M}`]: mapping,
    'p/sampleData/godata-cases.json': JSON.stringify(source, null, 2),
    'p/sampleData/dhis2-tracker.json': JSON.stringify({ trackedEntities: dest }, null, 2),
  });
  const [p] = loadProjects(nodeFs(root)).projects;
  if (!p) throw new Error('no project');
  return checkSamples(p).diagnostics.filter((d) => d.ruleId === 'sample-prediction');
}

describe('sample-prediction', () => {
  it('is quiet when the destination sample agrees with the prediction', () => {
    expect(run([te('CASE-0001', 'Amina', 'Female', '2026-11-19'), te('CASE-0002', 'Baraka', 'Male', '2026-11-20')])).toEqual([]);
  });

  it('reports the field that differs, with counts and the sample as related location, never values', () => {
    const found = run([te('CASE-0001', 'Amina', 'F', '2026-11-19'), te('CASE-0002', 'Baraka', 'Male', '2026-11-20'), te('CASE-0003', 'Chausiku', 'F', '2026-11-22')]);
    const gender = at(mapping, '  - source: { path: gender }');
    const date = at(mapping, '  - source: { path: dateOfReporting }');
    expect(found.map((d) => [d.path, d.range.start.line, d.range.start.column, d.severity])).toEqual([
      ['/fields/1', gender.line, 5, 'warning'],
      ['/fields/2', date.line, 5, 'warning'],
    ]);
    expect(found[0]?.message).toContain('2 of 3 records');
    expect(found[0]?.related).toEqual([{ file: 'p/sampleData/dhis2-tracker.json', range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } }, message: 'destination sample of godata-dhis2' }]);
    const text = JSON.stringify(found);
    for (const value of ['Amina', 'Chausiku', 'Female', '"F"', '2026-11-22', 'CASE-0003']) expect(text).not.toContain(value);
  });

  it('compares values under a [] item by item: a value in another item of the sample differs', () => {
    const repeat = [
      'id: visits',
      'version: 1.0.0',
      'status: draft',
      'source: { system: kobo, resource: submission, samples: [{ file: sampleData/kobo.json, records: "[]" }] }',
      'destination:',
      '  system: dhis2',
      '  resource: trackedEntity',
      '  operation: upsert',
      '  key: { source: _uuid, destination: trackedEntity }',
      '  samples: [{ file: sampleData/dhis2.json, records: "trackedEntities[]" }]',
      'fields:',
      '  - source: { path: \'["anc/visits"][]["anc/visits/weight"]\' }',
      '    destination: { path: "enrollments[0].events[].dataValues[dataElement=vANAXwtLwcT].value" }',
      '',
    ].join('\n');
    // Kobo skip logic: the second visit has no weight.
    const kobo = [{ _uuid: 'u1', 'anc/visits': [{ 'anc/visits/weight': '61' }, { 'anc/visits/date': '2026-02-09' }, { 'anc/visits/weight': '63' }] }];
    const event = (weight?: string) => ({ programStage: 'A03MvHHogjR', dataValues: weight === undefined ? [] : [{ dataElement: 'vANAXwtLwcT', value: weight }] });
    const findings = (events: unknown[]) => {
      const root = testdir({
        'p/interop-design.yaml': 'name: P\nsystems:\n  kobo: { type: kobo }\n  dhis2: { type: dhis2 }\n',
        'p/mappings/visits.mapping.yaml': repeat,
        'p/sampleData/kobo.json': JSON.stringify(kobo),
        'p/sampleData/dhis2.json': JSON.stringify({ trackedEntities: [{ trackedEntity: 'u1', enrollments: [{ events }] }] }),
      });
      const [p] = loadProjects(nodeFs(root)).projects;
      if (!p) throw new Error('no project');
      return checkSamples(p).diagnostics.filter((d) => d.ruleId === 'sample-prediction');
    };
    expect(findings([event('61'), event(), event('63')])).toEqual([]);
    // The same two weights, the second in the second event: listed alike, but not the same record.
    const shifted = findings([event('61'), event('63'), event()]);
    expect(shifted.map((d) => [d.path, d.message.includes('1 of 1 record')])).toEqual([['/fields/0', true]]);
  });

  it('compares nothing for records whose key no destination record has', () => {
    expect(run([te('CASE-9999', 'X', 'X', '2000-01-01')])).toEqual([]);
  });

  it.each([
    [32, '32', true],
    ['2026-11-19T09:13:02.000Z', '2026-11-19T09:13:02.000+0000', true],
    ['2026-11-19T09:13:02.000Z', '2026-11-19T12:13:02.000+03:00', true],
    ['2026-11-19', '2026-11-19T00:00:00', false],
    [['a', 'b'], ['a', 'b'], true],
    [{ a: 1 }, { a: 1, b: 2 }, false],
    ['', 0, false],
    ['', null, true],
    ['x', null, false],
  ])('agrees(%j, %j) is %s', (a, b, want) => {
    expect(agrees(a, b)).toBe(want);
  });
});
