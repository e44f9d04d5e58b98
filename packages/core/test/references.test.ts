import { describe, expect, it } from 'vitest';
import { nodeFs } from '../src/fs.js';
import { kindRegistry } from '../src/kinds.js';
import { loadProjects } from '../src/project.js';
import { minimalProject, testdir } from '@interop-design/test-utils';

const M = 'mappings/kobo-row.mapping.yaml';
const F = 'flows/submission.flow.yaml';
const R = 'requirements.yaml';
const V = 'valuemaps/water.valuemap.yaml';
const S = 'stories.yaml';
const I = 'interop-design.yaml';

/** The minimal project with a requirements file and a lookup, so that every row has a value to break. */
function fixture(): Record<string, string> {
  const files = minimalProject();
  files[R] = [
    'purpose: { problem: p, efficiency: e }',
    'resources:',
    '  - { system: mssql, resource: dbo.row, operations: [upsert], rule: r }',
    'direction: one-way',
    'systemOfRecord: kobo',
    'volume:',
    '  - { count: 40, per: day, of: submissions }',
    'frequency: batch',
    'schedule: "30 1 * * *"',
    'triggers:',
    '  - { type: schedule, system: openfn, schedule: "30 1 * * *", description: nightly }',
    'changeLikelihood: { level: low, notes: n }',
    'capacity: { technical: high, ongoingSupport: { available: true, by: x }, selfManage: "yes", sysadmin: full-time, jsonJavascript: proficient }',
    'apiDocs:',
    '  - { system: kobo, url: "https://example.org/api" }',
    'sampleData:',
    '  - sampleData/submission.json',
    '',
  ].join('\n');
  files[M] = `${(files[M] ?? '').trimEnd()}\n  - source: { path: _id, type: integer }\n    destination: { path: kobo_ref, type: string }\n    transform: { lookup: { system: mssql, resource: dbo.ref, by: kobo_id, fixture: sampleData/submission.json } }\ntests:\n  - name: t\n    given: { file: sampleData/submission.json }\n    expect: { kobo_id: 1 }\n`;
  return files;
}

/**
 * One case per row of the registry's reference tables: in `file`, `find` becomes `replace`, and
 * the only finding is `ruleId` at `pointer`, at the line and column where `at` starts in the
 * replacement.
 */
const cases: Record<string, { file: string; find: string; replace: string; at: string; ruleId: string; pointer: string }> = {
  'manifest systems.*.metadata': { file: I, find: 'kobo: { type: kobo }', replace: 'kobo: { type: kobo, metadata: metadata/none.json }', at: 'metadata/none', ruleId: 'reference-file', pointer: '/systems/kobo/metadata' },
  // The glob before it is left to @interop-design/metadata.
  'manifest systems.*.metadata[*]': { file: I, find: 'kobo: { type: kobo }', replace: 'kobo: { type: kobo, metadata: [metadata/*.json, metadata/none.json] }', at: 'metadata/none', ruleId: 'reference-file', pointer: '/systems/kobo/metadata/1' },
  'stories stories[*].systems[*]': { file: S, find: 'systems: [kobo, mssql]', replace: 'systems: [kobo, nosys]', at: 'nosys', ruleId: 'reference-system', pointer: '/stories/0/systems/1' },
  'requirements resources[*].system': { file: R, find: 'system: mssql, resource', replace: 'system: nosys, resource', at: 'nosys', ruleId: 'reference-system', pointer: '/resources/0/system' },
  'requirements systemOfRecord': { file: R, find: 'systemOfRecord: kobo', replace: 'systemOfRecord: nosys', at: 'nosys', ruleId: 'reference-system', pointer: '/systemOfRecord' },
  'requirements systemOfRecord.*': { file: R, find: 'systemOfRecord: kobo', replace: 'systemOfRecord: { row: kobo, ref: nosys }', at: 'nosys', ruleId: 'reference-system', pointer: '/systemOfRecord/ref' },
  'requirements triggers[*].system': { file: R, find: 'system: openfn, schedule', replace: 'system: nosys, schedule', at: 'nosys', ruleId: 'reference-system', pointer: '/triggers/0/system' },
  'requirements apiDocs[*].system': { file: R, find: 'system: kobo, url', replace: 'system: nosys, url', at: 'nosys', ruleId: 'reference-system', pointer: '/apiDocs/0/system' },
  'requirements sampleData[*]': { file: R, find: '  - sampleData/submission.json', replace: '  - sampleData/none.json', at: 'sampleData/none', ruleId: 'reference-file', pointer: '/sampleData/0' },
  'flow stories[*]': { file: F, find: 'stories: [S-1]', replace: 'stories: [S-2]', at: 'S-2', ruleId: 'reference-story', pointer: '/stories/0' },
  'flow trigger.system': { file: F, find: 'system: kobo, event', replace: 'system: nosys, event', at: 'nosys', ruleId: 'reference-system', pointer: '/trigger/system' },
  // A lane of another kind (a user) names no system.
  'flow lanes[*].id': { file: F, find: '  - { id: openfn, kind: system }', replace: '  - { id: openfn, kind: system }\n  - { id: clerk, kind: user }\n  - { id: nosys, kind: system }', at: 'nosys', ruleId: 'reference-system', pointer: '/lanes/3/id' },
  'flow steps[*].lane': { file: F, find: 'lane: openfn\n    actor', replace: 'lane: nolane\n    actor', at: 'nolane', ruleId: 'reference-lane', pointer: '/steps/1/lane' },
  'flow steps[*].mapping': { file: F, find: 'mapping: kobo-row', replace: 'mapping: nomap', at: 'nomap', ruleId: 'reference-mapping', pointer: '/steps/1/mapping' },
  'flow steps[*].next[*]': { file: F, find: 'next: [save]', replace: 'next: [nostep]', at: 'nostep', ruleId: 'reference-step', pointer: '/steps/0/next/0' },
  'flow steps[*].next[*].to': { file: F, find: '{ to: alert,', replace: '{ to: nostep,', at: 'nostep', ruleId: 'reference-step', pointer: '/steps/1/next/0/to' },
  'mapping flows[*]': { file: M, find: 'flows: [submission]', replace: 'flows: [noflow]', at: 'noflow', ruleId: 'reference-flow', pointer: '/flows/0' },
  'mapping source.system': { file: M, find: '  system: kobo\n', replace: '  system: nosys\n', at: 'nosys', ruleId: 'reference-system', pointer: '/source/system' },
  'mapping source.samples[*].file': { file: M, find: '[{ file: sampleData/submission.json }]', replace: '[{ file: sampleData/none.json }]', at: 'sampleData/none', ruleId: 'reference-file', pointer: '/source/samples/0/file' },
  // The column is the error's: the second dot, past the opening quote.
  'mapping source.samples[*].records': { file: M, find: '[{ file: sampleData/submission.json }]', replace: '[{ file: sampleData/submission.json, records: "a..b" }]', at: '.b"', ruleId: 'field-path-syntax', pointer: '/source/samples/0/records' },
  'mapping destination.system': { file: M, find: 'destination: { system: mssql', replace: 'destination: { system: nosys', at: 'nosys', ruleId: 'reference-system', pointer: '/destination/system' },
  'mapping destination.samples[*].file': { file: M, find: 'destination: { system: mssql,', replace: 'destination: { system: mssql, samples: [{ file: sampleData/none.json }],', at: 'sampleData/none', ruleId: 'reference-file', pointer: '/destination/samples/0/file' },
  'mapping destination.samples[*].records': { file: M, find: 'destination: { system: mssql,', replace: 'destination: { system: mssql, samples: [{ file: sampleData/submission.json, records: "a..b" }],', at: '.b"', ruleId: 'field-path-syntax', pointer: '/destination/samples/0/records' },
  'mapping destination.key.source': { file: M, find: 'key: { source: _id,', replace: 'key: { source: "a..b",', at: '.b"', ruleId: 'field-path-syntax', pointer: '/destination/key/source' },
  'mapping destination.key.destination': { file: M, find: 'destination: kobo_id }', replace: 'destination: "a..b" }', at: '.b"', ruleId: 'field-path-syntax', pointer: '/destination/key/destination' },
  'mapping fields[*].source.path': { file: M, find: '  - source: { path: _id, type: integer }\n    destination: { path: kobo_id', replace: '  - source: { path: "a..b", type: integer }\n    destination: { path: kobo_id', at: '.b"', ruleId: 'field-path-syntax', pointer: '/fields/0/source/path' },
  'mapping fields[*].source.paths[*]': { file: M, find: '  - source: { path: _id, type: integer }\n    destination: { path: kobo_id', replace: '  - source: { paths: [_id, "a..b"], type: integer }\n    destination: { path: kobo_id', at: '.b"', ruleId: 'field-path-syntax', pointer: '/fields/0/source/paths/1' },
  'mapping fields[*].destination.path': { file: M, find: 'destination: { path: kobo_id,', replace: 'destination: { path: "a..b",', at: '.b"', ruleId: 'field-path-syntax', pointer: '/fields/0/destination/path' },
  'mapping fields[*].transform.valueMap': { file: M, find: 'valueMap: water', replace: 'valueMap: nomap', at: 'nomap', ruleId: 'reference-valuemap', pointer: '/fields/1/transform/valueMap' },
  'mapping fields[*].transform.lookup.system': { file: M, find: 'lookup: { system: mssql', replace: 'lookup: { system: nosys', at: 'nosys', ruleId: 'reference-system', pointer: '/fields/2/transform/lookup/system' },
  'mapping fields[*].transform.lookup.fixture': { file: M, find: 'fixture: sampleData/submission.json', replace: 'fixture: sampleData/none.json', at: 'sampleData/none', ruleId: 'reference-file', pointer: '/fields/2/transform/lookup/fixture' },
  'mapping tests[*].given.file': { file: M, find: 'given: { file: sampleData/submission.json }', replace: 'given: { file: sampleData/none.json }', at: 'sampleData/none', ruleId: 'reference-file', pointer: '/tests/0/given/file' },
  'valuemap source.system': { file: V, find: 'id: water\n', replace: 'id: water\nsource: { system: nosys }\n', at: 'nosys', ruleId: 'reference-system', pointer: '/source/system' },
  'valuemap destination.system': { file: V, find: 'id: water\n', replace: 'id: water\ndestination: { system: nosys }\n', at: 'nosys', ruleId: 'reference-system', pointer: '/destination/system' },
};

function load(files: Record<string, string>) {
  const result = loadProjects(nodeFs(testdir(files)));
  return result.projects.flatMap((p) => p.diagnostics).map((d) => [d.ruleId, d.file, d.range.start.line, d.range.start.column, d.path]);
}

describe('the reference table', () => {
  it('has a case for every row of every kind, and the fixture breaks none', () => {
    const rows = kindRegistry.flatMap((k) => (k.references ?? []).map((r) => `${k.kind} ${r.path}`));
    expect(Object.keys(cases).sort()).toEqual([...rows].sort());
    expect(load(fixture())).toEqual([]);
  });

  it.each(Object.entries(cases))('%s gives its finding at the value', (_row, c) => {
    const files = fixture();
    const before = files[c.file] ?? '';
    expect(before).toContain(c.find);
    const after = before.replace(c.find, c.replace);
    files[c.file] = after;
    const offset = after.indexOf(c.replace) + c.replace.indexOf(c.at);
    const lines = after.slice(0, offset).split('\n');
    const column = (lines[lines.length - 1]?.length ?? 0) + 1;
    expect(load(files)).toEqual([[c.ruleId, c.file, lines.length, column, c.pointer]]);
  });

  it('reports a lane or step id given twice in one flow, and an id declared in two files', () => {
    const files = fixture();
    files[F] = (files[F] ?? '').replace('  - { id: openfn, kind: system }', '  - { id: openfn, kind: system }\n  - { id: kobo, kind: system }').replace('  - { id: alert,', '  - { id: post, lane: kobo, actor: system, action: Again }\n  - { id: alert,');
    files['valuemaps/copy.valuemap.yaml'] = files[V] ?? '';
    expect(load(files)).toEqual([
      ['duplicate-id', V, 1, 5, '/id'],
      ['duplicate-id', F, 7, 11, '/lanes/2/id'],
      ['duplicate-id', F, 17, 11, '/steps/2/id'],
    ]);
  });
});
