import { describe, expect, it } from 'vitest';
import { rules } from '../src/rules/index.js';
import type { RuleId } from '../src/rules/index.js';
import type { Rule } from '../src/types.js';
import type { Edit } from './helpers.js';
import { at, baseProject, edited, runRule, withKoboMetadata } from './helpers.js';

const S = 'stories.yaml';
const R = 'requirements.yaml';
const F = 'flows/submission.flow.yaml';
const N = 'flows/nightly.flow.yaml';
const M = 'mappings/kobo-row.mapping.yaml';
const V = 'valuemaps/water.valuemap.yaml';
const T = 'metadata/table.fields.yaml';

/** [messageId, file, text the finding starts at, text to search after, JSON path]. */
type Expected = [messageId: string, file: string, needle: string, after: string, path: string];
interface Case {
  edits: Edit[];
  expected: Expected[];
}
interface Table {
  valid: Edit[][];
  invalid: Case[];
}

const table: Record<RuleId, Table> = {
  'story-format': {
    valid: [[[S, 'text: As an M&E officer, I want missed', 'text: As a nurse I want to see referrals so I can follow up. Also: missed']]],
    invalid: [
      { edits: [[S, 'soThat: dashboards are current', 'soThat: tbd']], expected: [['placeholder', S, 'tbd', '', '/stories/0/soThat']] },
      { edits: [[S, 'asA: data manager', 'asA: "?"']], expected: [['placeholder', S, '"?"', '', '/stories/0/asA']] },
      { edits: [[S, 'text: As an M&E officer, I want missed submissions fetched overnight so that the database is complete', 'text: We need the data overnight']], expected: [['unparsable', S, 'We need', '', '/stories/1/text']] },
    ],
  },
  'story-traced': {
    valid: [],
    invalid: [{ edits: [[N, 'stories: [S-2]', 'stories: [S-1]']], expected: [['untraced', S, 'S-2', '', '/stories/1/id']] }],
  },
  'flow-story': {
    valid: [],
    invalid: [
      { edits: [[N, 'stories: [S-2]', 'stories: []']], expected: [['noStory', N, '[]', '', '/stories']] },
      { edits: [[N, 'stories: [S-2]\n', '']], expected: [['noStory', N, 'nightly', '', '/id']] },
    ],
  },
  'requirements-answered': {
    valid: [[[R, 'changeLikelihood: { level: high }', 'changeLikelihood: unknown']]],
    invalid: [
      { edits: [[R, 'changeLikelihood: { level: high }\n', '']], expected: [['unanswered', R, 'purpose', '', '']] },
      { edits: [[R, 'apiDocs: [{ system: kobo, url: "https://support.kobotoolbox.org/api.html" }]\n', ''], [R, 'sampleData: [sampleData/submission.json]\n', '']], expected: [['unanswered', R, 'purpose', '', ''], ['unanswered', R, 'purpose', '', '']] },
    ],
  },
  'requirements-unknown': {
    valid: [],
    invalid: [
      { edits: [[R, 'changeLikelihood: { level: high }', 'changeLikelihood: { level: unknown }']], expected: [['unknown', R, 'unknown', '', '/changeLikelihood/level']] },
      { edits: [[R, 'volume: [{ count: 600, per: day, of: submissions, peak: 2000 }]', 'volume: unknown']], expected: [['unknown', R, 'unknown', '', '/volume']] },
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
      { edits: [[R, 'frequency: real-time', 'frequency: batch\nschedule: "0 25 * * *"']], expected: [['invalid', R, '"0 25', '', '/schedule']] },
      { edits: [[N, 'schedule: "0 2 * * *"', 'schedule: "0 2 * *"']], expected: [['invalid', N, '"0 2 * *"', '', '/trigger/schedule']] },
    ],
  },
  'requirements-realtime-trigger': {
    valid: [[[R, 'frequency: real-time', 'frequency: batch']]],
    invalid: [{ edits: [[R, 'triggers: [{ type: event, system: kobo, event: submission received }]', 'triggers: [{ type: schedule, system: openfn, schedule: "0 2 * * *" }]']], expected: [['noEvent', R, '[{ type: schedule', '', '/triggers']] }],
  },
  'requirements-volume': {
    valid: [],
    invalid: [
      { edits: [[R, 'count: 600', 'count: 0']], expected: [['notPositive', R, '0, per', '', '/volume/0/count']] },
      { edits: [[R, 'peak: 2000', 'peak: 100']], expected: [['peakBelow', R, '100', '', '/volume/0/peak']] },
    ],
  },
  'flow-trigger': {
    valid: [],
    invalid: [
      { edits: [[F, 'trigger: { type: event, system: kobo, event: submission received }', 'trigger: { type: event, system: kobo }']], expected: [['eventIncomplete', F, '{ type: event', '', '/trigger']] },
      { edits: [[N, 'trigger: { type: schedule, system: openfn, schedule: "0 2 * * *" }', 'trigger: { type: schedule, system: openfn }']], expected: [['scheduleMissing', N, '{ type: schedule', '', '/trigger']] },
      { edits: [[N, 'system: openfn, schedule', 'system: mssql, schedule']], expected: [['notALane', N, 'mssql', '', '/trigger/system']] },
    ],
  },
  'flow-reachable': {
    valid: [],
    invalid: [
      {
        edits: [[F, 'action: Posts the submission, next: [save] }', 'action: Posts the submission }']],
        expected: [
          ['unreachable', F, 'save', 'id: save', '/steps/2/id'],
          ['unreachable', F, 'alert', 'id: alert', '/steps/3/id'],
          ['unreachable', F, 'stored', 'id: stored', '/steps/4/id'],
        ],
      },
    ],
  },
  'flow-actor-lane': {
    valid: [],
    invalid: [{ edits: [[F, 'lane: enumerator, actor: user', 'lane: enumerator, actor: system']], expected: [['mismatch', F, 'system', 'id: submit', '/steps/0/actor']] }],
  },
  'flow-failure-path': {
    valid: [[[F, '      - { to: alert, on: failure }\n', '      - { to: alert, on: always }\n']]],
    invalid: [
      { edits: [[F, '      - { to: alert, on: failure }\n', '']], expected: [['noFailurePath', F, '- { to: stored', '', '/steps/2/next']] },
      { edits: [[N, 'action: Fetches missed submissions, next: [answer] }', 'action: Fetches missed submissions, writes: true, next: [answer] }']], expected: [['noFailurePath', N, '[answer]', '', '/steps/0/next']] },
    ],
  },
  'flow-job-needs-ready-mapping': {
    valid: [[[F, '    mapping: kobo-row\n', '    mapping: kobo-row\n    job: jobs/upsert.js\n'], [M, 'status: in-review', 'status: ready']]],
    invalid: [
      { edits: [[F, '    mapping: kobo-row\n', '    mapping: kobo-row\n    job: jobs/upsert.js\n']], expected: [['notReady', F, 'jobs/upsert.js', '', '/steps/2/job']] },
      { edits: [[F, '    mapping: kobo-row\n', '    mapping: kobo-row\n    job: jobs/upsert.js\n'], [M, 'status: in-review', 'status: ready'], [M, '    status: agreed', '    status: new']], expected: [['notReady', F, 'jobs/upsert.js', '', '/steps/2/job']] },
      { edits: [[N, 'action: Fetches missed submissions, next', 'action: Fetches missed submissions, job: jobs/fetch.js, next']], expected: [['noMapping', N, 'jobs/fetch.js', '', '/steps/0/job']] },
    ],
  },
  'mapping-flow-lanes': {
    valid: [],
    invalid: [
      {
        edits: [[M, 'flows: [submission]', 'flows: [submission, nightly]']],
        expected: [
          ['noLane', M, 'nightly', '', '/flows/1'],
          ['notApplied', M, 'nightly', '', '/flows/1'],
        ],
      },
    ],
  },
  'mapping-choice-needs-value-map': {
    valid: [[[V, 'unmapped: error', 'unmapped: passthrough'], [M, 'choices: [piped, well] }', 'choices: [piped, well, spring] }']]],
    invalid: [
      { edits: [[M, '    transform: { valueMap: water }\n', '']], expected: [['noValueMap', M, 'choice', '', '/fields/1/source/type']] },
      { edits: [[M, 'choices: [piped, well] }', 'choices: [piped, well, spring] }']], expected: [['uncovered', M, 'water', 'valueMap: ', '/fields/1/transform/valueMap']] },
      { edits: [[M, 'choices: [PIPED, WELL] }', 'choices: [PIPED] }']], expected: [['outsideDestination', M, 'water', 'valueMap: ', '/fields/1/transform/valueMap']] },
      { edits: [[M, 'transform: { valueMap: water }', 'transform: { valueMap: { piped: PIPED } }']], expected: [['uncovered', M, '{ piped', '', '/fields/1/transform/valueMap']] },
    ],
  },
  'mapping-key': {
    valid: [[[M, 'operation: upsert, key: { source: _id, destination: kobo_id } }', 'operation: create }']]],
    invalid: [
      { edits: [[M, ', key: { source: _id, destination: kobo_id } }', ' }']], expected: [['missingKey', M, 'upsert', '', '/destination/operation']] },
      { edits: [[M, 'key: { source: _id, destination: kobo_id }', 'key: { destination: kobo_id }']], expected: [['missingSourceKey', M, '{ destination: kobo_id }', '', '/destination/key']] },
      { edits: [[M, 'key: { source: _id, destination: kobo_id }', 'key: { source: _id, destination: kobo_key }']], expected: [['keyNotMapped', M, 'kobo_key', '', '/destination/key/destination']] },
    ],
  },
  'mapping-expression-description': {
    valid: [],
    invalid: [{ edits: [[M, ', description: Join with a space }', ' }']], expected: [['undescribed', M, '"first', '', '/fields/2/transform/expression']] }],
  },
  'mapping-duplicate-destination': {
    valid: [[[M, 'destination: { path: country, type: string }\n    transform: { constant: SL }\n    status: agreed', 'destination: { path: full_name, type: string }\n    transform: { constant: SL }\n    status: deprecated']]],
    invalid: [{ edits: [[M, 'destination: { path: country, type: string }', 'destination: { path: full_name, type: string }']], expected: [['duplicate', M, 'full_name', '  - destination: { path: ', '/fields/3/destination/path']] }],
  },
  'mapping-required-destination': {
    valid: [[[T, '- { name: kobo_id', '- { name: district, type: int, nullable: false }\n- { name: kobo_id']]],
    invalid: [
      { edits: [[M, 'changelog:', '  - destination: { path: notes, type: string, required: true }\n    status: agreed\nchangelog:']], expected: [['notProduced', M, 'true', 'path: notes', '/fields/4/destination/required']] },
    ],
  },
  'metadata-unknown-resource': {
    valid: [[[M, 'resource: dbo.row,', 'resource: "upsert into dbo.row",']], withKoboMetadata],
    invalid: [
      { edits: [[M, 'resource: dbo.row,', 'resource: dbo.rows,']], expected: [['unknownResource', M, 'dbo.rows', '', '/destination/resource']] },
      { edits: [...withKoboMetadata, [M, 'submission (aBc4XyZ9mQwErTy5uIoP7a)', 'submission (aBc4XyZ9mQwErTy5uIoP7b)']], expected: [['unknownResource', M, 'submission (', '', '/source/resource']] },
    ],
  },
  'metadata-unknown-field': {
    valid: [withKoboMetadata],
    invalid: [
      { edits: [[M, 'destination: { path: full_name', 'destination: { path: fullname']], expected: [['unknownFieldSuggest', M, 'fullname', '', '/fields/2/destination/path']] },
      { edits: [[M, 'destination: { path: country', 'destination: { path: region']], expected: [['unknownField', M, 'region', '', '/fields/3/destination/path']] },
      { edits: [...withKoboMetadata, [M, 'paths: [first, last]', 'paths: [first, lats]']], expected: [['unknownFieldSuggest', M, 'lats', '', '/fields/2/source/paths/1']] },
      { edits: [[M, 'destination: kobo_id }', 'destination: koboid }']], expected: [['unknownFieldSuggest', M, 'koboid', '', '/destination/key/destination']] },
    ],
  },
  'metadata-type': {
    valid: [withKoboMetadata, [[M, 'destination: { path: kobo_id, type: integer', 'destination: { path: kobo_id, type: any']]],
    invalid: [
      { edits: [[M, 'destination: { path: kobo_id, type: integer', 'destination: { path: kobo_id, type: date']], expected: [['destinationType', M, 'date', 'path: kobo_id', '/fields/0/destination/type']] },
      { edits: [[T, '{ name: country, type: char(2) }', '{ name: country, type: bit }'], [M, 'path: country, type: string', 'path: country, type: boolean'], [M, 'constant: SL', 'constant: 2.5']], expected: [['constantType', M, '2.5', '', '/fields/3/transform/constant']] },
      { edits: [...withKoboMetadata, [M, 'source: { paths: [first, last] }', 'source: { path: first, type: integer }']], expected: [['sourceType', M, 'integer', 'path: first', '/fields/2/source/type']] },
    ],
  },
  'metadata-choice': {
    valid: [withKoboMetadata],
    invalid: [
      { edits: [[V, '- { from: well, to: WELL }', '- { from: well, to: Well }']], expected: [['notAccepted', V, 'Well', '', '/entries/1/to']] },
      { edits: [[V, '- { from: well, to: WELL }', '- { from: well, to: OTHER }']], expected: [['inactive', V, 'OTHER', '', '/entries/1/to']] },
      { edits: [[M, 'choices: [PIPED, WELL] }', 'choices: [PIPED, WELLS] }']], expected: [['notAccepted', M, 'WELLS', '', '/fields/1/destination/choices/1']] },
      { edits: [...withKoboMetadata, [M, 'choices: [piped, well] }', 'choices: [piped, borehole] }']], expected: [['notInSource', M, 'borehole', '', '/fields/1/source/choices/1']] },
    ],
  },
  'metadata-max-length': {
    valid: [[[M, 'constant: SL', 'constant: LR']]],
    invalid: [{ edits: [[M, 'constant: SL', 'constant: Sierra Leone']], expected: [['tooLong', M, 'Sierra Leone', '', '/fields/3/transform/constant']] }],
  },
  'metadata-not-writable': {
    valid: [[[M, 'destination: { path: country, type: string }', 'destination: { path: kobo_id, type: integer }']]],
    invalid: [
      { edits: [[M, 'destination: { path: country, type: string }', 'destination: { path: row_id, type: integer }']], expected: [['notCreateable', M, 'row_id', '', '/fields/3/destination/path']] },
      { edits: [[M, 'operation: upsert, key: { source: _id, destination: kobo_id } }', 'operation: update, key: { source: _id, destination: kobo_id } }'], [M, 'destination: { path: country, type: string }', 'destination: { path: row_id, type: integer }']], expected: [['notUpdateable', M, 'row_id', '', '/fields/3/destination/path']] },
    ],
  },
  'metadata-key': {
    valid: [[[M, 'destination: kobo_id }', 'destination: row_id }']]],
    invalid: [{ edits: [[M, 'destination: kobo_id }', 'destination: full_name }']], expected: [['notKey', M, 'full_name', '', '/destination/key/destination']] }],
  },
  'metadata-required': {
    valid: [
      [[T, 'table: dbo.row\nfields:', 'resources:\n  - resource: dbo.audit\n    fields: [{ name: audit_id, type: int, nullable: false }]\n  - resource: dbo.row\n    fields:']],
      [[M, 'operation: upsert, key: { source: _id, destination: kobo_id } }', 'operation: update, key: { source: _id, destination: kobo_id } }'], [T, '- { name: kobo_id', '- { name: district, type: int, nullable: false }\n- { name: kobo_id']],
    ],
    invalid: [
      { edits: [[T, '- { name: kobo_id', '- { name: district, type: int, nullable: false }\n- { name: kobo_id']], expected: [['missing', M, '- source: { path: _id', '', '/fields']] },
    ],
  },
  'mapping-field-source': {
    valid: [],
    invalid: [
      { edits: [[M, '    transform: { constant: SL }\n', '']], expected: [['nothing', M, 'country', '', '/fields/3/destination/path']] },
      { edits: [[M, 'source: { paths: [first, last] }', 'source: { path: first, paths: [first, last] }']], expected: [['pathAndPaths', M, '[first, last]', '', '/fields/2/source/paths']] },
    ],
  },
  'mapping-changelog': {
    valid: [],
    invalid: [{ edits: [[M, 'version: 1.1.0', 'version: 1.2.0']], expected: [['noEntry', M, '1.2.0', '', '/version']] }],
  },
  'mapping-field-status': {
    valid: [[[M, '    status: agreed', '    status: deprecated']]],
    invalid: [
      { edits: [[M, '    status: agreed', '    status: needs-discussion']], expected: [['needsDiscussion', M, 'needs-discussion', '', '/fields/0/status']] },
      { edits: [[M, '    status: agreed', '    status: new']], expected: [['new', M, 'new', 'status: ', '/fields/0/status']] },
      { edits: [[M, '    status: agreed\n', '']], expected: [['unset', M, 'source: { path: _id', '', '/fields/0']] },
    ],
  },
  'mapping-field-comment': {
    valid: [[[M, '    status: agreed', '    status: needs-discussion\n    comment: Is the id stable?']]],
    invalid: [{ edits: [[M, '    status: agreed', '    status: needs-discussion']], expected: [['noComment', M, 'needs-discussion', '', '/fields/0/status']] }],
  },
  'mapping-sample-paths': {
    valid: [[[M, 'records: body }', 'records: "body" }']]],
    invalid: [
      { edits: [[M, 'paths: [first, last]', 'paths: [first_name, last]']], expected: [['unresolved', M, 'first_name', '', '/fields/2/source/paths/0']] },
      { edits: [[M, '  samples: [{ file: sampleData/submission.json, records: body }]\n', '']], expected: [['noSamples', M, 'system: kobo', 'source:', '/source']] },
    ],
  },
  'mapping-test': {
    valid: [
      [[M, 'given: { file: sampleData/submission.json }', 'given: { record: { _id: 2, wash/water_source: well } }'], [M, 'kobo_id: 1, water_source: PIPED', 'kobo_id: 2, water_source: WELL']],
      // JSONata is not evaluated by lint: the path it writes is left to `interop-design test`.
      [[M, 'transform: { constant: SL }', 'transform: { jsonata: "\'S\' & \'L\'", description: Country code }'], [M, 'country: SL }', 'country: XX }']],
    ],
    invalid: [
      { edits: [[M, 'water_source: PIPED, country', 'water_source: WELL, country']], expected: [['failed', M, 'name: piped water', '', '/tests/0']] },
      { edits: [[M, 'kobo_id: 1,', 'kobo_id: "1",']], expected: [['failed', M, 'name: piped water', '', '/tests/0']] },
      { edits: [[M, 'given: { file: sampleData/submission.json }', 'given: { file: sampleData/submission.json, record: 3 }']], expected: [['unreadable', M, '{ file: sampleData/submission.json, record: 3 }', '', '/tests/0/given']] },
      { edits: [[M, 'transform: { constant: SL }', 'transform: { jsonata: "$replace(first, /a+$/, \'b\')", description: Strip }'], [M, ', country: SL }', ' }']], expected: [['cannotRun', M, '"$replace', '', '/fields/3/transform/jsonata']] },
      { edits: [[M, 'transform: { valueMap: water }', 'transform: { valueMap: { well: WELL } }']], expected: [['failed', M, 'name: piped water', '', '/tests/0']] },
    ],
  },
  'mapping-ready': {
    valid: [[[M, 'status: in-review', 'status: ready']]],
    invalid: [{ edits: [[M, 'status: in-review', 'status: ready'], [M, '    status: agreed', '    status: new']], expected: [['notReady', M, 'ready', 'status: ', '/status']] }],
  },
  'valuemap-duplicate-from': {
    valid: [],
    invalid: [{ edits: [[V, '  - { from: well, to: WELL }', '  - { from: well, to: WELL }\n  - { from: piped, to: WELL }']], expected: [['duplicate', V, 'piped', '{ from: well, to: WELL }', '/entries/2/from']] }],
  },
  'valuemap-targets': {
    valid: [[[V, 'destination: { system: mssql, field: water_source, choices: [PIPED, WELL] }', 'destination: { system: mssql, field: water_source }'], [V, 'to: WELL', 'to: Well']]],
    invalid: [
      { edits: [[V, 'to: WELL', 'to: Well']], expected: [['notAccepted', V, 'Well', '', '/entries/1/to']] },
      { edits: [[V, '{ from: well', '{ from: spring']], expected: [['sourceNotDeclared', V, 'spring', '', '/entries/1/from']] },
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

describe.each(Object.keys(table) as RuleId[])('%s', (id) => {
  const rule = rules[id] as Rule;
  const { valid, invalid } = table[id];

  it('passes the base project', () => {
    expect(runRule(rule, baseProject())).toEqual([]);
  });

  it.each(valid.map((edits, i) => [i, edits] as const))('valid %i', (_i, edits) => {
    expect(runRule(rule, edited(edits))).toEqual([]);
  });

  it.each(invalid.map((c, i) => [i, c] as const))('invalid %i', (_i, { edits, expected }) => {
    const files = edited(edits);
    const want = expected.map(([messageId, file, needle, after, path]) => ({ messageId, file, ...at(files[file] as string, needle, after), path }));
    expect(runRule(rule, files)).toEqual(want);
    for (const { messageId } of want) expect(Object.keys(rule.meta.messages)).toContain(messageId);
  });
});

it('has a table for every rule', () => {
  expect(Object.keys(table).sort()).toEqual(Object.keys(rules).sort());
});

it('the story sentence parser reads the parts', async () => {
  const { parseStory } = await import('../src/rules/story-format.js');
  expect(parseStory('As a nurse, I want to see referrals so that I can follow up.')).toEqual({ asA: 'nurse', iWant: 'to see referrals', soThat: 'I can follow up' });
  expect(parseStory('I want things')).toBeUndefined();
});

describe('mapping-test under the ready ruleset', () => {
  const rule = rules['mapping-test'] as Rule;
  const noTests: Edit = [M, "tests:\n  - name: piped water\n    given: { file: sampleData/submission.json }\n    expect: { kobo_id: 1, water_source: PIPED, country: SL }\n", ''];

  it('requires at least one passing test', () => {
    const files = edited([noTests]);
    expect(runRule(rule, files, 'ready')).toEqual([{ messageId: 'noPassingTest', file: M, ...at(files[M] as string, '- source: { path: _id'), path: '/fields' }]);
    expect(runRule(rule, files, 'strict')).toEqual([]);
  });

  it('reports a failing only test twice: the failure and no passing test', () => {
    const files = edited([[M, 'water_source: PIPED, country', 'water_source: WELL, country']]);
    expect(runRule(rule, files, 'ready').map((r) => r.messageId)).toEqual(['failed', 'noPassingTest']);
  });

  it('a mapping without tests is not ready', async () => {
    const { readiness } = await import('../src/readiness.js');
    const { loadOne } = await import('./helpers.js');
    const item = (files: Record<string, string>) => readiness(loadOne(files)).mappings[0]?.items.find((i) => i.id === 'tests');
    expect(item(baseProject())?.ok).toBe(true);
    expect(item(edited([noTests]) as Record<string, string>)?.ok).toBe(false);
  });
});
