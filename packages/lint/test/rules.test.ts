import { describe, expect, it } from 'vitest';
import { parseStory, readiness, rules } from '@interop-design/lint';
import type { RuleId, RulesetName } from '@interop-design/lint';
import { RuleTester, span } from '@interop-design/test-utils';
import type { InvalidTestCase, ValidTestCase } from '@interop-design/test-utils';
import type { Edit } from './helpers.js';
import { baseProject, edited, loadOne, withKoboMetadata } from './helpers.js';

const S = 'stories.yaml';
const R = 'requirements.yaml';
const F = 'flows/submission.flow.yaml';
const N = 'flows/nightly.flow.yaml';
const M = 'mappings/kobo-row.mapping.yaml';
const V = 'valuemaps/water.valuemap.yaml';
const T = 'metadata/table.fields.yaml';

/** The mapping sent to a DHIS2 data set of a monthly period type (a metadata export of one data set); its period written right, as `yyyyMM`. */
const toMonthlyDataSet: Edit[] = [
  ['interop-design.yaml', '  openfn: { type: openfn }', '  openfn: { type: openfn }\n  dhis2: { type: dhis2, metadata: metadata/dhis2.json }'],
  ['metadata/dhis2.json', '', JSON.stringify({ dataSets: [{ id: 'DsMonthly01', name: 'WASH monthly', periodType: 'Monthly', dataSetElements: [] }] })],
  [M, 'destination: { system: mssql, resource: dbo.row, operation: upsert, key: { source: _id, destination: kobo_id } }', 'destination: { system: dhis2, resource: WASH monthly, operation: update }'],
];

/**
 * [messageId, file, the text the finding covers (its range starts at its first occurrence after
 * `after` and ends just past it), text to search after, JSON path, the message's data].
 */
type Expected = [messageId: string, file: string, covers: string, after: string, path: string, data?: Record<string, string | number>];
interface Case {
  edits: Edit[];
  expected: Expected[];
  /** The ruleset of the run when not strict. */
  ruleset?: RulesetName;
  /** Files of the base project left out. */
  without?: string[];
}
interface Table {
  valid: (Edit[] | { edits: Edit[]; ruleset: RulesetName })[];
  invalid: Case[];
}

const noTests: Edit = [M, "tests:\n  - name: piped water\n    given: { file: sampleData/submission.json }\n    expect: { kobo_id: 1, water_source: PIPED, country: SL }\n", ''];

const table: Record<RuleId, Table> = {
  'story-format': {
    valid: [[[S, 'text: As an M&E officer, I want missed submissions fetched overnight so that the database is complete', 'text: "As a nurse I want to see referrals so I can follow up. Also: missed submissions fetched overnight"']]],
    invalid: [
      { edits: [[S, 'soThat: dashboards are current', 'soThat: tbd']], expected: [['placeholder', S, 'tbd', '', '/stories/0/soThat', { part: 'soThat', what: 'why: the benefit' }]] },
      { edits: [[S, 'asA: data manager', 'asA: "?"']], expected: [['placeholder', S, '"?"', '', '/stories/0/asA', { part: 'asA', what: 'who wants it (a role)' }]] },
      { edits: [[S, 'text: As an M&E officer, I want missed submissions fetched overnight so that the database is complete', 'text: We need the data overnight']], expected: [['unparsable', S, 'We need the data overnight', '', '/stories/1/text']] },
    ],
  },
  'story-traced': {
    valid: [],
    invalid: [{ edits: [[N, 'stories: [S-2]', 'stories: [S-1]']], expected: [['untraced', S, 'S-2', '', '/stories/1/id', { id: 'S-2' }]] }],
  },
  'flow-story': {
    valid: [],
    invalid: [
      { edits: [[N, 'stories: [S-2]', 'stories: []']], expected: [['noStory', N, '[]', '', '/stories', { id: 'nightly' }]] },
      { edits: [[N, 'stories: [S-2]\n', '']], expected: [['noStory', N, 'nightly', '', '/id', { id: 'nightly' }]] },
    ],
  },
  'requirements-answered': {
    valid: [[[R, 'changeLikelihood: { level: high }', 'changeLikelihood: unknown']]],
    invalid: [
      { edits: [], without: [R], expected: [['noFile', 'interop-design.yaml', 'name: Kobo to SQL', '', '']] },
      { edits: [[R, 'changeLikelihood: { level: high }\n', '']], expected: [['unanswered', R, 'purpose: { problem: Weekly manual exports, efficiency: Six hours a week }', '', '', { key: 'changeLikelihood', question: 'how likely the systems are to change' }]] },
      { edits: [[R, 'apiDocs: [{ system: kobo, url: "https://support.kobotoolbox.org/api.html" }]\n', ''], [R, 'sampleData: [sampleData/submission.json]\n', '']], expected: [['unanswered', R, 'purpose: { problem: Weekly manual exports, efficiency: Six hours a week }', '', '', { key: 'apiDocs', question: 'where each API is documented' }], ['unanswered', R, 'purpose: { problem: Weekly manual exports, efficiency: Six hours a week }', '', '', { key: 'sampleData', question: 'which sample files show what the source sends' }]] },
    ],
  },
  'requirements-unknown': {
    valid: [],
    invalid: [
      { edits: [[R, 'changeLikelihood: { level: high }', 'changeLikelihood: { level: unknown }']], expected: [['unknown', R, 'unknown', '', '/changeLikelihood/level', { question: 'changeLikelihood.level' }]] },
      { edits: [[R, 'volume: [{ count: 600, per: day, of: submissions, peak: 2000 }]', 'volume: unknown']], expected: [['unknown', R, 'unknown', '', '/volume', { question: 'volume' }]] },
    ],
  },
  'requirements-system-of-record': {
    valid: [[[R, 'direction: one-way\nsystemOfRecord: kobo', 'direction: two-way\nsystemOfRecord: { dbo.row: kobo }']]],
    invalid: [{ edits: [[R, 'direction: one-way\nsystemOfRecord: kobo\n', 'direction: two-way\n']], expected: [['missing', R, 'two-way', '', '/direction']] }],
  },
  'requirements-schedule': {
    valid: [[[R, 'frequency: real-time', 'frequency: batch\nschedule: "30 1 * * 1-5"']]],
    invalid: [
      { edits: [[R, 'frequency: real-time', 'frequency: batch']], expected: [['missing', R, 'batch', '', '/frequency']] },
      { edits: [[R, 'frequency: real-time', 'frequency: batch\nschedule: "0 25 * * *"']], expected: [['invalid', R, '"0 25 * * *"', '', '/schedule', { expression: '0 25 * * *', problem: 'a field is out of range or not cron syntax' }]] },
      { edits: [[N, 'schedule: "0 2 * * *"', 'schedule: "0 2 * *"']], expected: [['invalid', N, '"0 2 * *"', '', '/trigger/schedule', { expression: '0 2 * *', problem: 'it has 4 fields; write five: minute hour day-of-month month day-of-week' }]] },
    ],
  },
  'requirements-realtime-trigger': {
    valid: [[[R, 'frequency: real-time', 'frequency: batch']]],
    invalid: [{ edits: [[R, 'triggers: [{ type: event, system: kobo, event: submission received }]', 'triggers: [{ type: schedule, system: openfn, schedule: "0 2 * * *" }]']], expected: [['noEvent', R, '[{ type: schedule, system: openfn, schedule: "0 2 * * *" }]', '', '/triggers']] }],
  },
  'requirements-volume': {
    valid: [],
    invalid: [
      { edits: [[R, 'count: 600', 'count: 0']], expected: [['notPositive', R, '0', 'count: ', '/volume/0/count', { count: 0, of: 'submissions', per: 'day' }]] },
      { edits: [[R, 'peak: 2000', 'peak: 100']], expected: [['peakBelow', R, '100', '', '/volume/0/peak', { peak: 100, count: 600 }]] },
    ],
  },
  'flow-trigger': {
    valid: [],
    invalid: [
      { edits: [[F, 'trigger: { type: event, system: kobo, event: submission received }', 'trigger: { type: event, system: kobo }']], expected: [['eventIncomplete', F, '{ type: event, system: kobo }', '', '/trigger']] },
      { edits: [[N, 'trigger: { type: schedule, system: openfn, schedule: "0 2 * * *" }', 'trigger: { type: schedule, system: openfn }']], expected: [['scheduleMissing', N, '{ type: schedule, system: openfn }', '', '/trigger']] },
      { edits: [[N, 'system: openfn, schedule', 'system: mssql, schedule']], expected: [['notALane', N, 'mssql', '', '/trigger/system', { system: 'mssql' }]] },
    ],
  },
  'flow-reachable': {
    valid: [],
    invalid: [
      {
        edits: [[F, 'action: Posts the submission, next: [save] }', 'action: Posts the submission }']],
        expected: [
          ['unreachable', F, 'save', 'id: save', '/steps/2/id', { id: 'save', first: 'submit' }],
          ['unreachable', F, 'alert', 'id: alert', '/steps/3/id', { id: 'alert', first: 'submit' }],
          ['unreachable', F, 'stored', 'id: stored', '/steps/4/id', { id: 'stored', first: 'submit' }],
        ],
      },
    ],
  },
  'flow-actor-lane': {
    valid: [],
    invalid: [{ edits: [[F, 'lane: enumerator, actor: user', 'lane: enumerator, actor: system']], expected: [['mismatch', F, 'system', 'id: submit', '/steps/0/actor', { id: 'submit', actor: 'system', kind: 'user', lane: 'enumerator' }]] }],
  },
  'flow-failure-path': {
    valid: [[[F, '      - { to: alert, on: failure }\n', '      - { to: alert, on: always }\n']]],
    invalid: [
      { edits: [[F, '      - { to: alert, on: failure }\n', '']], expected: [['noFailurePath', F, '- { to: stored, on: success }', '', '/steps/2/next', { id: 'save' }]] },
      { edits: [[N, 'action: Fetches missed submissions, next: [answer] }', 'action: Fetches missed submissions, writes: true, next: [answer] }']], expected: [['noFailurePath', N, '[answer]', '', '/steps/0/next', { id: 'fetch' }]] },
    ],
  },
  'flow-job-needs-ready-mapping': {
    valid: [[[F, '    mapping: kobo-row\n', '    mapping: kobo-row\n    job: jobs/upsert.js\n'], [M, 'status: in-review', 'status: ready']]],
    invalid: [
      { edits: [[F, '    mapping: kobo-row\n', '    mapping: kobo-row\n    job: jobs/upsert.js\n']], expected: [['notReady', F, 'jobs/upsert.js', '', '/steps/2/job', { id: 'save', mapping: 'kobo-row', reason: 'its status is in-review' }]] },
      { edits: [[F, '    mapping: kobo-row\n', '    mapping: kobo-row\n    job: jobs/upsert.js\n'], [M, 'status: in-review', 'status: ready'], [M, '    status: agreed', '    status: new']], expected: [['notReady', F, 'jobs/upsert.js', '', '/steps/2/job', { id: 'save', mapping: 'kobo-row', reason: '1 readiness gap' }]] },
      { edits: [[N, 'action: Fetches missed submissions, next', 'action: Fetches missed submissions, job: jobs/fetch.js, next']], expected: [['noMapping', N, 'jobs/fetch.js', '', '/steps/0/job', { id: 'fetch' }]] },
    ],
  },
  'mapping-flow-lanes': {
    valid: [],
    invalid: [
      {
        edits: [[M, 'flows: [submission]', 'flows: [submission, nightly]']],
        expected: [
          ['noLane', M, 'nightly', '', '/flows/1', { flow: 'nightly', side: 'destination', system: 'mssql' }],
          ['notApplied', M, 'nightly', '', '/flows/1', { flow: 'nightly', id: 'kobo-row' }],
        ],
      },
    ],
  },
  'mapping-choice-needs-value-map': {
    valid: [[[V, 'unmapped: error', 'unmapped: passthrough'], [M, 'choices: [piped, well] }', 'choices: [piped, well, spring] }']]],
    invalid: [
      { edits: [[M, '    transform: { valueMap: water }\n', '']], expected: [['noValueMap', M, 'choice', '', '/fields/1/source/type', { path: '["wash/water_source"]' }]] },
      { edits: [[M, 'choices: [piped, well] }', 'choices: [piped, well, spring] }']], expected: [['uncovered', M, 'water', 'valueMap: ', '/fields/1/transform/valueMap', { choices: 'spring' }]] },
      { edits: [[M, 'choices: [PIPED, WELL] }', 'choices: [PIPED] }']], expected: [['outsideDestination', M, 'water', 'valueMap: ', '/fields/1/transform/valueMap', { values: 'WELL', path: 'water_source' }]] },
      { edits: [[M, 'destination: { path: water_source, type: choice, choices: [PIPED, WELL] }', 'destination: { path: water_source, type: boolean }']], expected: [['targetType', M, 'water', 'valueMap: ', '/fields/1/transform/valueMap', { values: '"PIPED", "WELL"', path: 'water_source', type: 'boolean' }]] },
      { edits: [[M, 'transform: { valueMap: water }', 'transform: { valueMap: { piped: PIPED } }']], expected: [['uncovered', M, '{ piped: PIPED }', '', '/fields/1/transform/valueMap', { choices: 'well' }]] },
    ],
  },
  'mapping-key': {
    valid: [[[M, 'operation: upsert, key: { source: _id, destination: kobo_id } }', 'operation: create }']]],
    invalid: [
      { edits: [[M, ', key: { source: _id, destination: kobo_id } }', ' }']], expected: [['missingKey', M, 'upsert', '', '/destination/operation', { operation: 'upsert' }]] },
      { edits: [[M, 'key: { source: _id, destination: kobo_id }', 'key: { destination: kobo_id }']], expected: [['missingSourceKey', M, '{ destination: kobo_id }', '', '/destination/key', { operation: 'upsert' }]] },
      { edits: [[M, 'key: { source: _id, destination: kobo_id }', 'key: { source: _id, destination: kobo_key }']], expected: [['keyNotMapped', M, 'kobo_key', '', '/destination/key/destination', { path: 'kobo_key' }]] },
    ],
  },
  'mapping-expression-description': {
    valid: [],
    invalid: [{ edits: [[M, ', description: Join with a space }', ' }']], expected: [['undescribed', M, '"first + \' \' + last"', '', '/fields/2/transform/expression']] }],
  },
  'mapping-list-to-scalar': {
    valid: [
      // Joined, written into items, one item read, no type, a multichoice, and a JSONata that decides.
      [[M, "destination: { path: country, type: string }\n    transform: { constant: SL }", "source: { path: 'members[].name' }\n    destination: { path: country, type: string }\n    transform: { format: { to: join, separator: ';' } }"]],
      [[M, "destination: { path: country, type: string }\n    transform: { constant: SL }", "source: { path: 'members[].name' }\n    destination: { path: 'people[].name', type: string }"]],
      [[M, "destination: { path: country, type: string }\n    transform: { constant: SL }", "source: { path: 'members[0].name' }\n    destination: { path: country, type: string }"]],
      [[M, "destination: { path: country, type: string }\n    transform: { constant: SL }", "source: { path: 'members[].name' }\n    destination: { path: country }"]],
      [[M, "destination: { path: country, type: string }\n    transform: { constant: SL }", "source: { path: 'members[].name' }\n    destination: { path: country, type: multichoice }"]],
      [[M, "destination: { path: country, type: string }\n    transform: { constant: SL }", "source: { path: 'members[].name' }\n    destination: { path: country, type: string }\n    transform: { jsonata: '$join(members.name, \"; \")', description: Names joined }"]],
    ],
    invalid: [
      {
        edits: [[M, "destination: { path: country, type: string }\n    transform: { constant: SL }", "source: { path: 'members[].name' }\n    destination: { path: country, type: string }"]],
        expected: [['listToOne', M, "'members[].name'", '', '/fields/3/source/path', { source: 'members[].name', destination: 'country', type: 'string' }]],
      },
      {
        edits: [[M, "source: { path: _id, type: integer }", "source: { path: '[\"g/rep\"][][\"g/rep/n\"]', type: integer }"]],
        expected: [['listToOne', M, `'["g/rep"][]["g/rep/n"]'`, '', '/fields/0/source/path', { source: '["g/rep"][]["g/rep/n"]', destination: 'kobo_id', type: 'integer' }]],
      },
    ],
  },
  'mapping-duplicate-destination': {
    valid: [[[M, 'destination: { path: country, type: string }\n    transform: { constant: SL }\n    status: agreed', 'destination: { path: full_name, type: string }\n    transform: { constant: SL }\n    status: deprecated']]],
    invalid: [{ edits: [[M, 'destination: { path: country, type: string }', 'destination: { path: full_name, type: string }']], expected: [['duplicate', M, 'full_name', '  - destination: { path: ', '/fields/3/destination/path', { path: 'full_name', first: 3 }]] }],
  },
  'mapping-required-destination': {
    valid: [[[T, '- { name: kobo_id', '- { name: district, type: int, nullable: false }\n- { name: kobo_id']]],
    invalid: [
      { edits: [[M, 'changelog:', '  - destination: { path: notes, type: string, required: true }\n    status: agreed\nchangelog:']], expected: [['notProduced', M, 'true', 'path: notes', '/fields/4/destination/required', { path: 'notes' }]] },
    ],
  },
  'metadata-unknown-resource': {
    valid: [[[M, 'resource: dbo.row,', 'resource: "upsert into dbo.row",']], withKoboMetadata],
    invalid: [
      { edits: [[M, 'resource: dbo.row,', 'resource: dbo.rows,']], expected: [['unknownResource', M, 'dbo.rows', '', '/destination/resource', { resource: 'dbo.rows', system: 'mssql', files: 'metadata/table.fields.yaml', kind: 'resource', known: 'dbo.row' }]] },
      { edits: [...withKoboMetadata, [M, 'submission (aBc4XyZ9mQwErTy5uIoP7a)', 'submission (aBc4XyZ9mQwErTy5uIoP7b)']], expected: [['unknownResource', M, 'submission (aBc4XyZ9mQwErTy5uIoP7b)', '', '/source/resource', { resource: 'submission (aBc4XyZ9mQwErTy5uIoP7b)', system: 'kobo', files: 'metadata/form.json', kind: 'form', known: 'aBc4XyZ9mQwErTy5uIoP7a' }]] },
    ],
  },
  'metadata-unknown-field': {
    valid: [withKoboMetadata],
    invalid: [
      { edits: [[M, 'destination: { path: full_name', 'destination: { path: fullname']], expected: [['unknownFieldSuggest', M, 'fullname', '', '/fields/2/destination/path', { path: 'fullname', resource: 'dbo.row', system: 'mssql', suggestion: 'full_name' }]] },
      { edits: [[M, 'destination: { path: country', 'destination: { path: region']], expected: [['unknownField', M, 'region', '', '/fields/3/destination/path', { path: 'region', resource: 'dbo.row', system: 'mssql' }]] },
      { edits: [...withKoboMetadata, [M, 'paths: [first, last]', 'paths: [first, lats]']], expected: [['unknownFieldSuggest', M, 'lats', '', '/fields/2/source/paths/1', { path: 'lats', resource: 'aBc4XyZ9mQwErTy5uIoP7a', system: 'kobo', suggestion: 'last' }]] },
      { edits: [[M, 'destination: kobo_id }', 'destination: koboid }']], expected: [['unknownFieldSuggest', M, 'koboid', '', '/destination/key/destination', { path: 'koboid', resource: 'dbo.row', system: 'mssql', suggestion: 'kobo_id' }]] },
    ],
  },
  'metadata-type': {
    valid: [
      withKoboMetadata,
      [[M, 'destination: { path: kobo_id, type: integer', 'destination: { path: kobo_id, type: any']],
      [...toMonthlyDataSet, [M, 'path: country, type: string }\n    transform: { constant: SL }', 'path: period, type: string }\n    transform: { constant: "202401" }']],
      [...toMonthlyDataSet, [M, '  - destination: { path: country, type: string }\n    transform: { constant: SL }', '  - source: { path: month }\n    destination: { path: period, type: string }\n    transform: { format: { from: iso-date, to: yyyyMM } }']],
    ],
    invalid: [
      { edits: [[M, 'destination: { path: kobo_id, type: integer', 'destination: { path: kobo_id, type: date']], expected: [['destinationType', M, 'date', 'path: kobo_id', '/fields/0/destination/type', { path: 'kobo_id', declared: 'date', system: 'mssql', systemType: 'int' }]] },
      { edits: [[T, '{ name: country, type: char(2) }', '{ name: country, type: bit }'], [M, 'path: country, type: string', 'path: country, type: boolean'], [M, 'constant: SL', 'constant: 2.5']], expected: [['constantType', M, '2.5', '', '/fields/3/transform/constant', { declared: 'number', system: 'mssql', path: 'country', systemType: 'bit' }]] },
      { edits: [...withKoboMetadata, [M, 'source: { paths: [first, last] }', 'source: { path: first, type: integer }']], expected: [['sourceType', M, 'integer', 'path: first', '/fields/2/source/type', { path: 'first', declared: 'integer', system: 'kobo', systemType: 'text' }]] },
      // A DHIS2 data set of a monthly period type: a period written in another form.
      { edits: [...toMonthlyDataSet, [M, 'path: country, type: string }\n    transform: { constant: SL }', 'path: period, type: string }\n    transform: { constant: 2024-01 }']], expected: [['structureConstant', M, '2024-01', '', '/fields/3/transform/constant', { value: '2024-01', path: 'period', what: 'a Monthly period', format: 'yyyyMM, such as 202401', system: 'dhis2' }]] },
      { edits: [...toMonthlyDataSet, [M, 'path: country, type: string }\n    transform: { constant: SL }', 'path: "dataValues[].period", type: string }\n    transform: { constant: 2024-01 }']], expected: [['structureConstant', M, '2024-01', '', '/fields/3/transform/constant', { value: '2024-01', path: 'dataValues[].period', what: 'a Monthly period', format: 'yyyyMM, such as 202401', system: 'dhis2' }]] },
      { edits: [...toMonthlyDataSet, [M, '  - destination: { path: country, type: string }\n    transform: { constant: SL }', '  - source: { path: month }\n    destination: { path: period, type: string }\n    transform: { format: { from: iso-date, to: iso-date } }']], expected: [['structureFormat', M, 'iso-date', 'to: ', '/fields/3/transform/format/to', { to: 'iso-date', fix: 'write yyyyMM', path: 'period', what: 'a Monthly period', format: 'yyyyMM, such as 202401', system: 'dhis2' }]] },
    ],
  },
  'metadata-choice': {
    valid: [withKoboMetadata],
    invalid: [
      { edits: [[V, '- { from: well, to: WELL }', '- { from: well, to: Well }']], expected: [['notAccepted', V, 'Well', '', '/entries/1/to', { value: 'Well', what: 'value map target', path: 'water_source', system: 'mssql', list: 'water_source', allowed: 'PIPED, WELL' }]] },
      { edits: [[V, '- { from: well, to: WELL }', '- { from: well, to: OTHER }']], expected: [['inactive', V, 'OTHER', '', '/entries/1/to', { value: 'OTHER', what: 'value map target', path: 'water_source', system: 'mssql' }]] },
      { edits: [[M, 'choices: [PIPED, WELL] }', 'choices: [PIPED, WELLS] }']], expected: [['notAccepted', M, 'WELLS', '', '/fields/1/destination/choices/1', { value: 'WELLS', what: 'destination choice', path: 'water_source', system: 'mssql', list: 'water_source', allowed: 'PIPED, WELL' }]] },
      { edits: [...withKoboMetadata, [M, 'choices: [piped, well] }', 'choices: [piped, borehole] }']], expected: [['notInSource', M, 'borehole', '', '/fields/1/source/choices/1', { value: 'borehole', path: '["wash/water_source"]', system: 'kobo', list: 'wash/water_source', allowed: 'piped, well' }]] },
    ],
  },
  'metadata-max-length': {
    valid: [[[M, 'constant: SL', 'constant: LR']]],
    invalid: [{ edits: [[M, 'constant: SL', 'constant: Sierra Leone']], expected: [['tooLong', M, 'Sierra Leone', '', '/fields/3/transform/constant', { what: 'constant', length: 12, path: 'country', max: 2, system: 'mssql' }]] }],
  },
  'metadata-not-writable': {
    valid: [[[M, 'destination: { path: country, type: string }', 'destination: { path: kobo_id, type: integer }']]],
    invalid: [
      { edits: [[M, 'destination: { path: country, type: string }', 'destination: { path: row_id, type: integer }']], expected: [['notCreateable', M, 'row_id', '', '/fields/3/destination/path', { path: 'row_id', system: 'mssql', type: 'int' }]] },
      { edits: [[M, 'operation: upsert, key: { source: _id, destination: kobo_id } }', 'operation: update, key: { source: _id, destination: kobo_id } }'], [M, 'destination: { path: country, type: string }', 'destination: { path: row_id, type: integer }']], expected: [['notUpdateable', M, 'row_id', '', '/fields/3/destination/path', { path: 'row_id', system: 'mssql', type: 'int' }]] },
    ],
  },
  'metadata-key': {
    valid: [[[M, 'destination: kobo_id }', 'destination: row_id }']]],
    invalid: [{ edits: [[M, 'destination: kobo_id }', 'destination: full_name }']], expected: [['notKey', M, 'full_name', '', '/destination/key/destination', { path: 'full_name', resource: 'dbo.row', system: 'mssql', operation: 'upsert' }]] }],
  },
  'metadata-required': {
    valid: [
      // A metadata file of several resources: what another table requires is not asked of this mapping.
      [[T, baseProject()[T] ?? '', `resources:\n  - resource: dbo.audit\n    fields: [{ name: audit_id, type: int, nullable: false }]\n  - resource: dbo.row\n    fields:\n${(baseProject()[T] ?? '').replace('table: dbo.row\nfields:\n', '').replaceAll(/^- /gmu, '      - ')}`]],
      [[M, 'operation: upsert, key: { source: _id, destination: kobo_id } }', 'operation: update, key: { source: _id, destination: kobo_id } }'], [T, '- { name: kobo_id', '- { name: district, type: int, nullable: false }\n- { name: kobo_id']],
    ],
    invalid: [
      { edits: [[T, '- { name: kobo_id', '- { name: district, type: int, nullable: false }\n- { name: kobo_id']], expected: [['missing', M, '- source: { path: _id, type: integer }', '', '/fields', { resource: 'dbo.row', system: 'mssql', name: 'district' }]] },
      // A DHIS2 tracker program (a metadata export of one program): the tracked entity and enrollment structure no field writes.
      {
        edits: [
          ['interop-design.yaml', '  openfn: { type: openfn }', '  openfn: { type: openfn }\n  dhis2: { type: dhis2, metadata: metadata/dhis2.json }'],
          ['metadata/dhis2.json', '', JSON.stringify({ programs: [{ id: 'PrgWash0001', name: 'WASH follow-up', programType: 'WITH_REGISTRATION', trackedEntityType: { id: 'TetHousehld' }, programTrackedEntityAttributes: [], programStages: [] }] })],
          [M, 'destination: { system: mssql, resource: dbo.row, operation: upsert, key: { source: _id, destination: kobo_id } }', 'destination: { system: dhis2, resource: WASH follow-up, operation: create }'],
          [M, '  - destination: { path: country, type: string }', '  - destination: { path: "enrollments[0].orgUnit", type: string }'],
        ],
        expected: [
          ['structure', M, '- source: { path: _id, type: integer }', '', '/fields', { resource: 'PrgWash0001', system: 'dhis2', name: 'trackedEntityType', what: 'the tracked entity type the program enrols', value: 'the constant TetHousehld' }],
          ['structure', M, '- source: { path: _id, type: integer }', '', '/fields', { resource: 'PrgWash0001', system: 'dhis2', name: 'orgUnit', what: 'the organisation unit that owns the tracked entity', value: 'a source or a constant' }],
          ['structure', M, '- source: { path: _id, type: integer }', '', '/fields', { resource: 'PrgWash0001', system: 'dhis2', name: 'enrollments[0].program', what: 'the program', value: 'the constant PrgWash0001' }],
          ['structure', M, '- source: { path: _id, type: integer }', '', '/fields', { resource: 'PrgWash0001', system: 'dhis2', name: 'enrollments[0].enrolledAt', what: 'the enrollment date', value: 'a source or a constant' }],
        ],
      },
    ],
  },
  'mapping-field-source': {
    valid: [],
    invalid: [
      { edits: [[M, '    transform: { constant: SL }\n', '']], expected: [['nothing', M, 'country', '', '/fields/3/destination/path', { path: 'country' }]] },
      { edits: [[M, 'source: { paths: [first, last] }', 'source: { path: first, paths: [first, last] }']], expected: [['pathAndPaths', M, '[first, last]', '', '/fields/2/source/paths']] },
    ],
  },
  'mapping-changelog': {
    valid: [],
    invalid: [{ edits: [[M, 'version: 1.1.0', 'version: 1.2.0']], expected: [['noEntry', M, '1.2.0', '', '/version', { version: '1.2.0' }]] }],
  },
  'mapping-field-status': {
    valid: [[[M, '    status: agreed', '    status: deprecated']]],
    invalid: [
      { edits: [[M, '    status: agreed', '    status: needs-discussion']], expected: [['needsDiscussion', M, 'needs-discussion', '', '/fields/0/status', { path: 'kobo_id' }]] },
      { edits: [[M, '    status: agreed', '    status: new']], expected: [['new', M, 'new', 'status: ', '/fields/0/status', { path: 'kobo_id' }]] },
      { edits: [[M, '    status: agreed\n', '']], expected: [['unset', M, 'source: { path: _id, type: integer }', '', '/fields/0', { path: 'kobo_id' }]] },
    ],
  },
  'mapping-field-comment': {
    valid: [[[M, '    status: agreed', '    status: needs-discussion\n    comment: Is the id stable?']]],
    invalid: [{ edits: [[M, '    status: agreed', '    status: needs-discussion']], expected: [['noComment', M, 'needs-discussion', '', '/fields/0/status', { path: 'kobo_id' }]] }],
  },
  'mapping-sample-paths': {
    valid: [[[M, 'records: body }', 'records: "body" }']]],
    invalid: [
      { edits: [[M, 'paths: [first, last]', 'paths: [first_name, last]']], expected: [['unresolved', M, 'first_name', '', '/fields/2/source/paths/0', { path: 'first_name', records: 1 }]] },
      { edits: [[M, '  samples: [{ file: sampleData/submission.json, records: body }]\n', '']], expected: [['noSamples', M, 'system: kobo', 'source:', '/source']] },
      // A records path that selects the list, not its items, or nothing: said once, not as every path missing.
      { edits: [['sampleData/submission.json', '{"body": {', '{"body": [{'], ['sampleData/submission.json', '}}', '}]}']], expected: [['selection', M, 'body', 'records: ', '/source/samples/0/records', { problem: 'the records path body selects an array: did you mean "body[]", one record per item?' }]] },
      { edits: [[M, 'records: body }', 'records: payload }']], expected: [['selection', M, 'payload', '', '/source/samples/0/records', { problem: 'the records path payload selects nothing in this file' }]] },
    ],
  },
  'mapping-test': {
    valid: [
      [[M, 'given: { file: sampleData/submission.json }', 'given: { record: { _id: 2, wash/water_source: well } }'], [M, 'kobo_id: 1, water_source: PIPED', 'kobo_id: 2, water_source: WELL']],
      // JSONata is not evaluated by lint: the path it writes is left to `interop-design test`.
      [[M, 'transform: { constant: SL }', 'transform: { jsonata: "\'S\' & \'L\'", description: Country code }'], [M, 'country: SL }', 'country: XX }']],
      // Without tests the strict ruleset finds nothing (the ready ruleset asks for a passing test).
      [noTests],
    ],
    invalid: [
      { edits: [[M, 'water_source: PIPED, country', 'water_source: WELL, country']], expected: [['failed', M, 'name: piped water', '', '/tests/0', { name: 'piped water', count: 1, paths: 'water_source (different)' }]] },
      { edits: [[M, 'kobo_id: 1,', 'kobo_id: "1",']], expected: [['failed', M, 'name: piped water', '', '/tests/0', { name: 'piped water', count: 1, paths: 'kobo_id (different)' }]] },
      { edits: [[M, 'given: { file: sampleData/submission.json }', 'given: { file: sampleData/submission.json, record: 3 }']], expected: [['unreadable', M, '{ file: sampleData/submission.json, record: 3 }', '', '/tests/0/given', { name: 'piped water', reason: 'sampleData/submission.json has 1 record(s): there is no record 3' }]] },
      { edits: [[M, 'transform: { constant: SL }', 'transform: { jsonata: "$replace(first, /a+$/, \'b\')", description: Strip }'], [M, ', country: SL }', ' }']], expected: [['cannotRun', M, '"$replace(first, /a+$/, \'b\')"', '', '/fields/3/transform/jsonata', { reason: 'a regular-expression literal is refused: no regular expression from a design file is ever compiled. Use $contains, $substringBefore, $split or $replace with a plain string' }]] },
      { edits: [[M, 'transform: { valueMap: water }', 'transform: { valueMap: { well: WELL } }']], expected: [['failed', M, 'name: piped water', '', '/tests/0', { name: 'piped water', count: 1, paths: 'water_source (unmapped-value)' }]] },
      // Under the ready ruleset a mapping needs a passing test: a failing only test is reported twice.
      { edits: [noTests], ruleset: 'ready', expected: [['noPassingTest', M, '- source: { path: _id, type: integer }', '', '/fields']] },
      { edits: [[M, 'water_source: PIPED, country', 'water_source: WELL, country']], ruleset: 'ready', expected: [['noPassingTest', M, '- name: piped water', '', '/tests'], ['failed', M, 'name: piped water', '', '/tests/0', { name: 'piped water', count: 1, paths: 'water_source (different)' }]] },
    ],
  },
  'mapping-ready': {
    valid: [[[M, 'status: in-review', 'status: ready']]],
    invalid: [{ edits: [[M, 'status: in-review', 'status: ready'], [M, '    status: agreed', '    status: new']], expected: [['notReady', M, 'ready', 'status: ', '/status', { count: 1, first: 'the field writing kobo_id is new: review it' }]] }],
  },
  'valuemap-duplicate-from': {
    valid: [],
    invalid: [{ edits: [[V, '  - { from: well, to: WELL }', '  - { from: well, to: WELL }\n  - { from: piped, to: WELL }']], expected: [['duplicate', V, 'piped', '{ from: well, to: WELL }', '/entries/2/from', { from: 'piped', first: 1 }]] }],
  },
  'valuemap-targets': {
    valid: [[[V, 'destination: { system: mssql, field: water_source, choices: [PIPED, WELL] }', 'destination: { system: mssql, field: water_source }'], [V, 'to: WELL', 'to: Well']]],
    invalid: [
      { edits: [[V, 'to: WELL', 'to: Well']], expected: [['notAccepted', V, 'Well', '', '/entries/1/to', { to: 'Well', choices: 'PIPED, WELL' }]] },
      { edits: [[V, '{ from: well', '{ from: spring']], expected: [['sourceNotDeclared', V, 'spring', '', '/entries/1/from', { from: 'spring' }]] },
    ],
  },
  'valuemap-default': {
    valid: [[[V, 'unmapped: error', 'unmapped: default\ndefault: WELL']]],
    invalid: [
      { edits: [[V, 'unmapped: error', 'unmapped: default']], expected: [['missingDefault', V, 'default', 'unmapped: ', '/unmapped']] },
      { edits: [[V, 'unmapped: error', 'unmapped: error\ndefault: WELL']], expected: [['unusedDefault', V, 'WELL', 'default: ', '/default']] },
    ],
  },
};

const tester = new RuleTester({ ruleset: 'strict' });

for (const id of Object.keys(table) as RuleId[]) {
  const { valid, invalid } = table[id];
  const validCases: ValidTestCase[] = [
    { name: 'the base project', files: baseProject() },
    ...valid.map((v) => (Array.isArray(v) ? { files: edited(v) } : { files: edited(v.edits), ruleset: v.ruleset })),
  ];
  const invalidCases: InvalidTestCase[] = invalid.map(({ edits, expected, ruleset, without }) => {
    const files = Object.fromEntries(Object.entries(edited(edits)).filter(([file]) => !without?.includes(file)));
    const errors = expected.map(([messageId, file, covers, after, path, data]) => {
      const { start, end } = span(files[file] as string, covers, after);
      return { messageId, ...(data ? { data } : {}), file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column, path };
    });
    return { files, errors, ...(ruleset ? { ruleset } : {}) };
  });
  tester.run(id, { valid: validCases, invalid: invalidCases });
}

it('has a table for every rule', () => {
  expect(Object.keys(table).sort()).toEqual(Object.keys(rules).sort());
});

it('the story sentence parser reads the parts', () => {
  expect(parseStory('As a nurse, I want to see referrals so that I can follow up.')).toEqual({ asA: 'nurse', iWant: 'to see referrals', soThat: 'I can follow up' });
  expect(parseStory('I want things')).toBeUndefined();
});

describe('mapping-test under the ready ruleset', () => {
  it('a mapping without tests is not ready', () => {
    const item = (files: Record<string, string>) => readiness(loadOne(files)).mappings[0]?.items.find((i) => i.id === 'tests');
    expect(item(baseProject())?.ok).toBe(true);
    expect(item(edited([noTests]) as Record<string, string>)?.ok).toBe(false);
  });
});
