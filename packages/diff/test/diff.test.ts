import { describe, expect, it } from 'vitest';
import type { Mapping, ValueMapFile } from '@interop-design/schema';
import { ChangeType, compareMappings, compareValueMaps, criticalityOf, declaredBump, matchFields, requiredBump, verdictFor } from '@interop-design/diff';
import type { Change, Criticality, Verdict } from '@interop-design/diff';

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

/** [change type, edit, expected field, expected JSON path, expected class (README: Mapping versions)]. */
const cases: [ChangeType, Edit, string | undefined, string, Criticality][] = [
  [ChangeType.FieldAdded, (m) => m.fields.push({ source: { path: 'properties.village' }, destination: { path: 'Village__c' } }), 'Village__c', '/fields/3', 'additive'],
  [ChangeType.FieldRemoved, (m) => m.fields.splice(1, 1), 'Birth_Date__c', '/fields/1', 'breaking'],
  [ChangeType.SourcePathChanged, (m) => (field(m, 1).source = { path: 'properties.date_of_birth', type: 'date' }), 'Birth_Date__c', '/fields/1/source', 'breaking'],
  [ChangeType.DestinationPathChanged, (m) => (field(m, 1).destination.path = 'DOB__c'), 'DOB__c', '/fields/1/destination/path', 'breaking'],
  [ChangeType.TypeChanged, (m) => (field(m, 1).destination.type = 'datetime'), 'Birth_Date__c', '/fields/1/destination/type', 'breaking'],
  [ChangeType.TransformChanged, (m) => (field(m, 1).transform = { format: { from: 'dd/MM/yyyy', to: 'iso-date' } }), 'Birth_Date__c', '/fields/1/transform', 'breaking'],
  [ChangeType.ValueMapEntryAdded, (m) => (field(m, 2).transform = { valueMap: { male: 'Male', female: 'Female', other: 'Other' } }), 'Gender__c', '/fields/2/transform/valueMap', 'additive'],
  [ChangeType.ValueMapEntryRemoved, (m) => (field(m, 2).transform = { valueMap: { male: 'Male' } }), 'Gender__c', '/fields/2/transform/valueMap', 'breaking'],
  [ChangeType.ValueMapEntryRetargeted, (m) => (field(m, 2).transform = { valueMap: { male: 'M', female: 'Female' } }), 'Gender__c', '/fields/2/transform/valueMap', 'breaking'],
  [ChangeType.ChoiceAdded, (m) => (field(m, 2).source = { path: 'properties.sex', type: 'choice', choices: ['male', 'female', 'other'] }), 'Gender__c', '/fields/2/source/choices', 'additive'],
  [ChangeType.ChoiceRemoved, (m) => (field(m, 2).destination.choices = ['Male']), 'Gender__c', '/fields/2/destination/choices', 'breaking'],
  [ChangeType.RequiredAdded, (m) => (field(m, 1).destination.required = true), 'Birth_Date__c', '/fields/1/destination/required', 'breaking'],
  [ChangeType.RequiredRemoved, (m) => (field(m, 0).destination.required = false), 'CommCare_ID__c', '/fields/0/destination/required', 'additive'],
  [ChangeType.KeyChanged, (m) => (m.destination.key = { source: 'id', destination: 'CommCare_ID__c' }), undefined, '/destination/key', 'breaking'],
  [ChangeType.EndpointChanged, (m) => (m.destination.operation = 'create'), undefined, '/destination/operation', 'breaking'],
  [ChangeType.EndpointChanged, (m) => (m.source.system = 'kobo'), undefined, '/source/system', 'breaking'],
  [ChangeType.SampleAdded, (m) => (m.destination.samples = [{ file: 'sampleData/sf.json' }]), undefined, '/destination/samples/0', 'additive'],
  [ChangeType.SampleRemoved, (m) => (m.source.samples = []), undefined, '/source/samples', 'editorial'],
  [ChangeType.StatusChanged, (m) => (field(m, 1).status = 'needs-discussion'), 'Birth_Date__c', '/fields/1/status', 'editorial'],
  [ChangeType.StatusChanged, (m) => (m.status = 'ready'), undefined, '/status', 'editorial'],
  [ChangeType.CommentChanged, (m) => (field(m, 2).comment = 'y'), 'Gender__c', '/fields/2/comment', 'editorial'],
  [ChangeType.DocumentationChanged, (m) => (m.title = 'Patients'), undefined, '/title', 'editorial'],
];

describe('compareMappings', () => {
  it('finds no change between equal mappings, whatever the field order', () => {
    const reordered = base();
    reordered.fields.reverse();
    expect(compareMappings(base(), reordered)).toEqual([]);
  });

  it.each(cases.map(([type, edit, f, path, criticality], i) => [`${i} ${type}`, type, edit, f, path, criticality] as const))('reports %s', (_name, type, edit, f, path, criticality) => {
    const head = base();
    edit(head);
    const changes = compareMappings(base(), head);
    expect(changes.map((c) => [c.type, c.field, c.path, c.criticality])).toEqual([[type, f, path, criticality]]);
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

/** The class of every change type, as the README's "Mapping versions" gives them; written out, not read from the implementation. */
const classes: [ChangeType, Criticality][] = [
  ['mapping-added', 'additive'],
  ['mapping-removed', 'breaking'],
  ['mapping-renamed', 'editorial'],
  ['field-added', 'additive'],
  ['field-removed', 'breaking'],
  ['source-path-changed', 'breaking'],
  ['destination-path-changed', 'breaking'],
  ['type-changed', 'breaking'],
  ['transform-changed', 'breaking'],
  ['value-map-entry-added', 'additive'],
  ['value-map-entry-removed', 'breaking'],
  ['value-map-entry-retargeted', 'breaking'],
  ['value-map-policy-changed', 'breaking'],
  ['choice-added', 'additive'],
  ['choice-removed', 'breaking'],
  ['required-added', 'breaking'],
  ['required-removed', 'additive'],
  ['key-changed', 'breaking'],
  ['endpoint-changed', 'breaking'],
  ['sample-added', 'additive'],
  ['sample-removed', 'editorial'],
  ['status-changed', 'editorial'],
  ['comment-changed', 'editorial'],
  ['documentation-changed', 'editorial'],
];

describe('change classes', () => {
  it.each(classes)('%s is %s', (type, criticality) => {
    expect(criticalityOf[type]).toBe(criticality);
  });

  it('every change type has a class here', () => {
    expect(classes.map(([type]) => type).sort()).toEqual(Object.values(ChangeType).sort());
  });
});

const classOf = new Map(classes);
const of = (...types: ChangeType[]): Change[] => types.map((type) => ({ type, criticality: classOf.get(type) ?? 'breaking', path: '', message: '' }));

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
    const { diffProjects } = await import('@interop-design/diff');
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
