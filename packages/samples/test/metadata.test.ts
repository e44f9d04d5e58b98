import { describe, expect, it } from 'vitest';
import { loadProjects, nodeFs } from '@interop-design/core';
import { at, testdir } from '@interop-design/test-utils';
import type { TreeEntry } from '@interop-design/test-utils';
import { checkSamples } from '../src/check.js';

const M = 'mappings/kobo-sf.mapping.yaml';

const asset = JSON.stringify({
  uid: 'aBc4XyZ9mQwErTy5uIoP7a',
  name: 'Household survey',
  asset_type: 'survey',
  content: {
    survey: [
      { name: 'head_name', type: 'text', required: true, $xpath: 'head_name' },
      { name: 'pregnant', type: 'select_one', select_from_list_name: 'yn', relevant: "${sex} = 'female'", $xpath: 'pregnant' },
    ],
    choices: [{ list_name: 'yn', name: 'yes' }, { list_name: 'yn', name: 'no' }],
  },
}, null, 2);

const sfField = (name: string, type: string, extra: Record<string, unknown> = {}) => ({ name, type, label: name, length: 0, nillable: true, createable: true, updateable: true, defaultedOnCreate: false, externalId: false, idLookup: false, unique: false, picklistValues: [], restrictedPicklist: false, ...extra });
const describeJson = JSON.stringify({
  name: 'Household__c',
  label: 'Household',
  fields: [
    sfField('Id', 'id', { createable: false, updateable: false, idLookup: true }),
    sfField('Head_Name__c', 'string', { length: 10 }),
    sfField('Pregnant__c', 'picklist', { length: 255, restrictedPicklist: true, picklistValues: [{ value: 'Yes', active: true, label: 'Yes' }, { value: 'No', active: true, label: 'No' }] }),
    sfField('Phone__c', 'phone', { length: 40 }),
  ],
}, null, 2);

const mapping = [
  'id: kobo-sf',
  'version: 1.0.0',
  'status: draft',
  'source:',
  '  system: kobo',
  '  resource: submission (aBc4XyZ9mQwErTy5uIoP7a)',
  '  samples: [{ file: sampleData/submissions.json, records: "[]" }]',
  'destination:',
  '  system: salesforce',
  '  resource: Household__c',
  '  operation: create',
  '  samples: [{ file: sampleData/soql-export.json, records: "records[]" }]',
  'fields:',
  '  - source: { path: head_name, type: string }',
  '    destination: { path: Head_Name__c, type: string }',
  '  - source: { path: pregnant, type: choice, choices: ["yes", "no"] }',
  '    destination: { path: Pregnant__c, type: choice, choices: ["Yes", "No"] }',
  '    transform: { valueMap: { "yes": "Yes", "no": "No" } }',
  '  - source: { path: phone, type: string }',
  '    destination: { path: Phone__c, type: string }',
  '',
].join('\n');

function run(soql: unknown, edits: [string, string][] = []): [string, string, number, string | undefined, string][] {
  const files: Record<string, TreeEntry> = {
    'interop-design.yaml': 'name: t\nsystems:\n  kobo: { type: kobo, metadata: metadata/asset.json }\n  salesforce: { type: salesforce, metadata: metadata/Household__c.json }\n',
    [M]: edits.reduce((text, [from, to]) => text.replace(from, to), mapping),
    'metadata/asset.json': asset,
    'metadata/Household__c.json': describeJson,
    // The pregnancy question is asked of women only: absent from the first submission. `phone` is no question of the form.
    'sampleData/submissions.json': JSON.stringify([{ head_name: 'A', phone: '1' }, { head_name: 'B', pregnant: 'yes', phone: '2' }]),
    'sampleData/soql-export.json': JSON.stringify(soql),
  };
  const [p] = loadProjects(nodeFs(testdir(files))).projects;
  if (!p) throw new Error('no project');
  return checkSamples(p, { ruleset: 'strict' }).diagnostics.filter((d) => d.file.endsWith('.mapping.yaml') && d.ruleId !== 'sample-destination-unmapped').map((d) => [d.ruleId, d.file, d.range.start.line, d.path, d.message]);
}

describe('samples judged with the metadata', () => {
  it('a conditional source question may be absent; a destination field the metadata has may be missing from the export', () => {
    // The SOQL export selected two fields: Phone__c is in the describe, so its absence is no error.
    const rows = run({ totalSize: 1, done: true, records: [{ attributes: { type: 'Household__c' }, Head_Name__c: 'A', Pregnant__c: 'Yes' }] });
    expect(rows.map((r) => [r[0], r[3]])).toEqual([]);
  });

  it('a destination field the metadata lacks is metadata-unknown-field\'s finding, not a second one from the samples', () => {
    const rows = run({ totalSize: 1, done: true, records: [{ attributes: { type: 'Household__c' }, Head_Name__c: 'A', Pregnant__c: 'Yes' }] }, [['path: Phone__c', 'path: Phone_Number__c']]);
    expect(rows).toEqual([]);
  });

  it('destination sample values are judged against the metadata\'s types, lengths and choices, never quoting them', () => {
    const rows = run({ totalSize: 2, done: true, records: [
      { attributes: { type: 'Household__c' }, Head_Name__c: 'A much longer name', Pregnant__c: 'Yes' },
      { attributes: { type: 'Household__c' }, Head_Name__c: 'B', Pregnant__c: 'Maybe' },
    ] });
    expect(rows.map(([id, , line, path]) => [id, line, path])).toEqual([
      ['sample-destination-path', at(mapping, 'Head_Name__c').line, '/fields/0/destination/path'],
      ['sample-destination-path', at(mapping, 'Pregnant__c').line, '/fields/1/destination/path'],
    ]);
    for (const r of rows) expect(r[4]).not.toMatch(/much longer|Maybe/u);
  });
});
