import { lintProject } from '@interop-design/lint';
import type { RulesetName } from '@interop-design/lint';
import { edited as editedFiles, loadOne } from '@interop-design/test-utils';
import type { Edit, TreeEntry } from '@interop-design/test-utils';

export { at, loadOne } from '@interop-design/test-utils';
export type { Edit } from '@interop-design/test-utils';

/** A complete design project that every rule passes under the strict ruleset. */
export function baseProject(): Record<string, string> {
  return {
    'interop-design.yaml': [
      'name: Kobo to SQL',
      'systems:',
      '  kobo: { type: kobo }',
      '  openfn: { type: openfn }',
      '  mssql: { type: mssql, metadata: metadata/table.fields.yaml }',
      '',
    ].join('\n'),
    'stories.yaml': [
      'stories:',
      '  - id: S-1',
      '    asA: data manager',
      '    iWant: every submission in the database',
      '    soThat: dashboards are current',
      '  - id: S-2',
      '    text: As an M&E officer, I want missed submissions fetched overnight so that the database is complete',
      '',
    ].join('\n'),
    'requirements.yaml': [
      'purpose: { problem: Weekly manual exports, efficiency: Six hours a week }',
      'resources: [{ system: mssql, resource: dbo.row, operations: [upsert] }]',
      'direction: one-way',
      'systemOfRecord: kobo',
      'volume: [{ count: 600, per: day, of: submissions, peak: 2000 }]',
      'frequency: real-time',
      'triggers: [{ type: event, system: kobo, event: submission received }]',
      'changeLikelihood: { level: high }',
      'capacity: { technical: medium, selfManage: yes }',
      'apiDocs: [{ system: kobo, url: "https://support.kobotoolbox.org/api.html" }]',
      'sampleData: [sampleData/submission.json]',
      '',
    ].join('\n'),
    'flows/submission.flow.yaml': [
      'id: submission',
      'stories: [S-1]',
      'trigger: { type: event, system: kobo, event: submission received }',
      'lanes:',
      '  - { id: enumerator, kind: user }',
      '  - { id: kobo, kind: system }',
      '  - { id: openfn, kind: system }',
      '  - { id: mssql, kind: system }',
      'steps:',
      '  - { id: submit, lane: enumerator, actor: user, action: Submits the form, next: [post] }',
      '  - { id: post, lane: kobo, actor: system, action: Posts the submission, next: [save] }',
      '  - id: save',
      '    lane: openfn',
      '    actor: system',
      '    action: Upserts the row',
      '    mapping: kobo-row',
      '    next:',
      '      - { to: stored, on: success }',
      '      - { to: alert, on: failure }',
      '  - { id: alert, lane: openfn, actor: system, action: Emails the admin }',
      '  - { id: stored, lane: mssql, actor: system, action: Row available }',
      '',
    ].join('\n'),
    'flows/nightly.flow.yaml': [
      'id: nightly',
      'stories: [S-2]',
      'trigger: { type: schedule, system: openfn, schedule: "0 2 * * *" }',
      'lanes:',
      '  - { id: openfn, kind: system }',
      '  - { id: kobo, kind: system }',
      'steps:',
      '  - { id: fetch, lane: openfn, actor: system, action: Fetches missed submissions, next: [answer] }',
      '  - { id: answer, lane: kobo, actor: system, action: Returns them }',
      '',
    ].join('\n'),
    'mappings/kobo-row.mapping.yaml': [
      'id: kobo-row',
      'version: 1.1.0',
      'status: in-review',
      'flows: [submission]',
      'source:',
      '  system: kobo',
      '  resource: submission',
      '  samples: [{ file: sampleData/submission.json, records: body }]',
      'destination: { system: mssql, resource: dbo.row, operation: upsert, key: { source: _id, destination: kobo_id } }',
      'fields:',
      '  - source: { path: _id, type: integer }',
      '    destination: { path: kobo_id, type: integer, required: true }',
      '    status: agreed',
      '  - source: { path: \'["wash/water_source"]\', type: choice, choices: [piped, well] }',
      '    destination: { path: water_source, type: choice, choices: [PIPED, WELL] }',
      '    transform: { valueMap: water }',
      '    status: agreed',
      '  - source: { paths: [first, last] }',
      '    destination: { path: full_name, type: string }',
      '    transform: { expression: "first + \' \' + last", description: Join with a space }',
      '    status: agreed',
      '  - destination: { path: country, type: string }',
      '    transform: { constant: SL }',
      '    status: agreed',
      'changelog:',
      '  - { version: 1.1.0, changes: Water source added }',
      'tests:',
      '  - name: piped water',
      '    given: { file: sampleData/submission.json }',
      '    expect: { kobo_id: 1, water_source: PIPED, country: SL }',
      '',
    ].join('\n'),
    'valuemaps/water.valuemap.yaml': [
      'id: water',
      'source: { system: kobo, field: wash/water_source, choices: [piped, well] }',
      'destination: { system: mssql, field: water_source, choices: [PIPED, WELL] }',
      'entries:',
      '  - { from: piped, to: PIPED }',
      '  - { from: well, to: WELL }',
      'unmapped: error',
      '',
    ].join('\n'),
    'metadata/table.fields.yaml': [
      'table: dbo.row',
      'fields:',
      '- { name: kobo_id, type: int, nullable: false, unique: true }',
      '- { name: water_source, type: varchar(10), choices: [PIPED, WELL, { value: OTHER, active: false }] }',
      '- { name: full_name, type: nvarchar(200) }',
      '- { name: country, type: char(2) }',
      '- { name: row_id, type: int, identity: true, key: true }',
      '- { name: loaded_at, type: datetime2, nullable: false, default: "sysutcdatetime()" }',
      '',
    ].join('\n'),
    'sampleData/submission.json': '{"body": {"_id": 1, "wash/water_source": "piped", "first": "A", "last": "B"}}\n',
  };
}

/** A Kobo asset (API v2 shape, trimmed) of the base project's form, for tests that give the source metadata. */
export const koboAsset = JSON.stringify({
  uid: 'aBc4XyZ9mQwErTy5uIoP7a',
  name: 'WASH survey',
  asset_type: 'survey',
  content: {
    survey: [
      { name: 'first', type: 'text', label: ['First name'], required: true, $xpath: 'first' },
      { name: 'last', type: 'text', label: ['Last name'], required: true, $xpath: 'last' },
      { name: 'wash', type: 'begin_group', label: ['Water'], $xpath: 'wash' },
      { name: 'water_source', type: 'select_one', select_from_list_name: 'sources', label: ['Water source'], required: true, $xpath: 'wash/water_source' },
      { type: 'end_group' },
    ],
    choices: [
      { list_name: 'sources', name: 'piped', label: ['Piped'] },
      { list_name: 'sources', name: 'well', label: ['Well'] },
    ],
  },
}, null, 2);

/** Edits that give the base project's Kobo system its asset JSON. */
export const withKoboMetadata: Edit[] = [
  ['interop-design.yaml', '  kobo: { type: kobo }', '  kobo: { type: kobo, metadata: metadata/form.json }'],
  ['metadata/form.json', '', koboAsset],
  ['mappings/kobo-row.mapping.yaml', '  resource: submission\n', '  resource: submission (aBc4XyZ9mQwErTy5uIoP7a)\n'],
];

/** The base project with text replacements applied; throws when a `from` is not found, so tests cannot drift. */
export function edited(edits: readonly Edit[], base: Record<string, TreeEntry> = baseProject()): Record<string, TreeEntry> {
  return editedFiles(edits, base);
}

/** Every finding of a full lint run, as [ruleId, file, line, column]. */
export function lintAll(files: Record<string, TreeEntry>, ruleset?: RulesetName): [string, string, number, number][] {
  return lintProject(loadOne(files), ruleset ? { ruleset } : {}).diagnostics.map((d) => [d.ruleId, d.file, d.range.start.line, d.range.start.column]);
}
