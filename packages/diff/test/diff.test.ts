import { describe, expect, it } from 'vitest';
import type { Mapping, ValueMapFile } from '@interop-design/schema';
import { ChangeType, criticalityOf } from '../src/changes.js';
import type { Change } from '../src/changes.js';
import { compareMappings, compareValueMaps, matchFields } from '../src/compare.js';
import { declaredBump, requiredBump, verdictFor } from '../src/verdict.js';
import type { Verdict } from '../src/verdict.js';

const base = (): Mapping => ({
  id: 'patient',
  version: '1.2.0',
  status: 'in-review',
  source: { system: 'commcare', resource: 'case', samples: [{ file: 'sampleData/case.json', records: 'data' }] },
  destination: { system: 'salesforce', resource: 'Patient__c', operation: 'upsert', key: { source: 'case_id', destination: 'CommCare_ID__c' } },
  fields: [
    { source: { path: 'case_id', type: 'string' }, destination: { path: 'CommCare_ID__c', type: 'string', required: true }, status: 'agreed' },
    { source: { path: 'properties.dob', type: 'date' }, destination: { path: 'Birth_Date__c', type: 'date' }, status: 'agreed' },
    { source: { path: 'properties.sex', type: 'choice', choices: ['male', 'female'] }, destination: { path: 'Gender__c', type: 'choice', choices: ['Male', 'Female'] }, transform: { valueMap: { male: 'Male', female: 'Female' } }, status: 'agreed', comment: 'x' },
  ],
  changelog: [{ version: '1.2.0', changes: 'x' }],
});

type Edit = (m: Mapping) => void;
const field = (m: Mapping, i: number) => {
  const f = m.fields[i];
  if (!f) throw new Error('no field');
  return f;
};

/** [change type, edit, expected field, expected JSON path]. */
const cases: [ChangeType, Edit, string | undefined, string][] = [
  [ChangeType.FieldAdded, (m) => m.fields.push({ source: { path: 'properties.village' }, destination: { path: 'Village__c' } }), 'Village__c', '/fields/3'],
  [ChangeType.FieldRemoved, (m) => m.fields.splice(1, 1), 'Birth_Date__c', '/fields/1'],
  [ChangeType.SourcePathChanged, (m) => (field(m, 1).source = { path: 'properties.date_of_birth', type: 'date' }), 'Birth_Date__c', '/fields/1/source'],
  [ChangeType.DestinationPathChanged, (m) => (field(m, 1).destination.path = 'DOB__c'), 'DOB__c', '/fields/1/destination/path'],
  [ChangeType.TypeChanged, (m) => (field(m, 1).destination.type = 'datetime'), 'Birth_Date__c', '/fields/1/destination/type'],
  [ChangeType.TransformChanged, (m) => (field(m, 1).transform = { format: { from: 'dd/MM/yyyy', to: 'iso-date' } }), 'Birth_Date__c', '/fields/1/transform'],
  [ChangeType.ValueMapEntryAdded, (m) => (field(m, 2).transform = { valueMap: { male: 'Male', female: 'Female', other: 'Other' } }), 'Gender__c', '/fields/2/transform/valueMap'],
  [ChangeType.ValueMapEntryRemoved, (m) => (field(m, 2).transform = { valueMap: { male: 'Male' } }), 'Gender__c', '/fields/2/transform/valueMap'],
  [ChangeType.ValueMapEntryRetargeted, (m) => (field(m, 2).transform = { valueMap: { male: 'M', female: 'Female' } }), 'Gender__c', '/fields/2/transform/valueMap'],
  [ChangeType.ChoiceAdded, (m) => (field(m, 2).source = { path: 'properties.sex', type: 'choice', choices: ['male', 'female', 'other'] }), 'Gender__c', '/fields/2/source/choices'],
  [ChangeType.ChoiceRemoved, (m) => (field(m, 2).destination.choices = ['Male']), 'Gender__c', '/fields/2/destination/choices'],
  [ChangeType.RequiredAdded, (m) => (field(m, 1).destination.required = true), 'Birth_Date__c', '/fields/1/destination/required'],
  [ChangeType.RequiredRemoved, (m) => (field(m, 0).destination.required = false), 'CommCare_ID__c', '/fields/0/destination/required'],
  [ChangeType.KeyChanged, (m) => (m.destination.key = { source: 'id', destination: 'CommCare_ID__c' }), undefined, '/destination/key'],
  [ChangeType.EndpointChanged, (m) => (m.destination.operation = 'create'), undefined, '/destination/operation'],
  [ChangeType.EndpointChanged, (m) => (m.source.system = 'kobo'), undefined, '/source/system'],
  [ChangeType.SampleAdded, (m) => (m.destination.samples = [{ file: 'sampleData/sf.json' }]), undefined, '/destination/samples/0'],
  [ChangeType.SampleRemoved, (m) => (m.source.samples = []), undefined, '/source/samples'],
  [ChangeType.StatusChanged, (m) => (field(m, 1).status = 'needs-discussion'), 'Birth_Date__c', '/fields/1/status'],
  [ChangeType.StatusChanged, (m) => (m.status = 'ready'), undefined, '/status'],
  [ChangeType.CommentChanged, (m) => (field(m, 2).comment = 'y'), 'Gender__c', '/fields/2/comment'],
  [ChangeType.DocumentationChanged, (m) => (m.title = 'Patients'), undefined, '/title'],
];

describe('compareMappings', () => {
  it('finds no change between equal mappings, whatever the field order', () => {
    const reordered = base();
    reordered.fields.reverse();
    expect(compareMappings(base(), reordered)).toEqual([]);
  });

  it.each(cases.map(([type, edit, f, path], i) => [`${i} ${type}`, type, edit, f, path] as const))('reports %s', (_name, type, edit, f, path) => {
    const head = base();
    edit(head);
    const changes = compareMappings(base(), head);
    expect(changes.map((c) => [c.type, c.field, c.path])).toEqual([[type, f, path]]);
    expect(changes[0]?.criticality).toBe(criticalityOf[type]);
  });

  it('matches fields by destination, then by source: a moved destination is one change', () => {
    const head = base();
    field(head, 1).destination.path = 'DOB__c';
    head.fields.reverse();
    const { pairs, removed, added } = matchFields(base().fields, head.fields);
    expect([pairs.length, removed, added]).toEqual([3, [], []]);
  });

  it('reports value-map file changes: entries and the unmapped policy', () => {
    const vm = (entries: [string, string][], unmapped?: 'error' | 'default', dflt?: string): ValueMapFile => ({ id: 'gender', entries: entries.map(([from, to]) => ({ from, to })), ...(unmapped ? { unmapped } : {}), ...(dflt ? { default: dflt } : {}) });
    const changes = compareValueMaps(vm([['male', 'Male'], ['female', 'Female']]), vm([['male', 'M'], ['other', 'Other']], 'default', 'Unknown'));
    expect(changes.map((c) => c.type).sort()).toEqual([ChangeType.ValueMapEntryAdded, ChangeType.ValueMapEntryRemoved, ChangeType.ValueMapEntryRetargeted, ChangeType.ValueMapPolicyChanged].sort());
  });
});

const of = (...types: ChangeType[]): Change[] => types.map((type) => ({ type, criticality: criticalityOf[type], path: '', message: '' }));

describe('verdicts', () => {
  const log = (...versions: string[]) => versions.map((version) => ({ version }));
  it.each<[string, Change[], string, string, { version: string }[], Verdict, string]>([
    ['no change, no bump', [], '1.2.0', '1.2.0', log('1.2.0'), 'ok', 'none'],
    ['breaking with major', of(ChangeType.FieldRemoved), '1.2.0', '2.0.0', log('2.0.0'), 'ok', 'major'],
    ['additive with minor', of(ChangeType.FieldAdded), '1.2.0', '1.3.0', log('1.3.0'), 'ok', 'minor'],
    ['editorial with patch', of(ChangeType.CommentChanged), '1.2.0', '1.2.1', log('1.2.1'), 'ok', 'patch'],
    ['additive with major', of(ChangeType.FieldAdded), '1.2.0', '2.0.0', log('2.0.0'), 'ok', 'minor'],
    ['not bumped', of(ChangeType.FieldAdded), '1.2.0', '1.2.0', log('1.2.0'), 'not-bumped', 'minor'],
    ['bump too small', of(ChangeType.TypeChanged, ChangeType.FieldAdded), '1.2.0', '1.3.0', log('1.3.0'), 'bump-too-small', 'major'],
    ['version went down', of(ChangeType.FieldAdded), '1.2.0', '1.1.0', log('1.1.0'), 'version-went-down', 'minor'],
    ['no changelog entry', of(ChangeType.FieldAdded), '1.2.0', '1.3.0', log('1.2.0'), 'no-changelog-entry', 'minor'],
    ['bumped without change', [], '1.2.0', '1.2.1', log('1.2.1'), 'bumped-without-change', 'none'],
    ['0.x: breaking needs minor', of(ChangeType.FieldRemoved), '0.4.0', '0.5.0', log('0.5.0'), 'ok', 'minor'],
    ['0.x: breaking with patch', of(ChangeType.FieldRemoved), '0.4.0', '0.4.1', log('0.4.1'), 'bump-too-small', 'minor'],
  ])('%s', (_name, changes, from, to, changelog, verdict, required) => {
    expect(verdictFor(changes, from, to, changelog)).toMatchObject({ verdict, required });
  });

  it('reads bumps from versions', () => {
    expect([declaredBump('1.2.3', '2.0.0'), declaredBump('1.2.3', '1.3.0'), declaredBump('1.2.3', '1.2.4'), declaredBump('1.2.3', '1.2.3'), declaredBump('1.2.3', '1.2.2'), declaredBump('1.2', '1.3.0')]).toEqual(['major', 'minor', 'patch', 'none', 'down', 'invalid']);
    expect(requiredBump(of(ChangeType.CommentChanged, ChangeType.FieldAdded), '2.0.0')).toBe('minor');
  });
});

it('has a case for every change type', () => {
  const covered = new Set<string>([...cases.map((c) => c[0]), ChangeType.ValueMapPolicyChanged, ChangeType.MappingAdded, ChangeType.MappingRemoved, ChangeType.MappingRenamed]);
  expect([...covered].sort()).toEqual(Object.values(ChangeType).sort());
});

describe('diffProjects', () => {
  it('does not call a mapping removed when it is still there but fails its schema at the head', async () => {
    const { testdir, minimalProject } = await import('@interop-design/test-utils');
    const { loadProjects, nodeFs } = await import('@interop-design/core');
    const { diffProjects } = await import('../src/diff.js');
    const files = minimalProject();
    const base = loadProjects(nodeFs(testdir(files))).projects[0];
    const head = loadProjects(nodeFs(testdir({ ...files, 'mappings/kobo-row.mapping.yaml': (files['mappings/kobo-row.mapping.yaml'] ?? '').replace('version: 1.0.0', 'version: 1.0.0\nbogus: 1') }))).projects[0];
    expect(head?.mappings[0]?.valid).toBe(false);
    expect(diffProjects(base, head).mappings).toEqual([]);
    // Gone for real, it is removed.
    const { ['mappings/kobo-row.mapping.yaml']: _gone, ...rest } = files;
    const without = loadProjects(nodeFs(testdir(rest))).projects[0];
    expect(diffProjects(base, without).mappings.map((m) => [m.id, m.status, m.verdict])).toEqual([['kobo-row', 'removed', 'removed']]);
  });
});
