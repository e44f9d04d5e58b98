import { cpSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, testdir } from '@interop-design/test-utils';

const repo = path.resolve(import.meta.dirname, '../../..');

function example(name: string): string {
  const root = testdir({});
  cpSync(path.join(repo, 'examples', name), path.join(root, name), { recursive: true });
  return root;
}

interface JsonOutput {
  diagnostics: { ruleId: string; severity: string; file: string; message: string }[];
}

describe('interop-design new mapping', () => {
  it('writes a mapping from the catalogue: required fields first, sources by name or label, value maps from both sides\' choices, the key from the external id', async () => {
    const root = example('commcare-salesforce');
    const r = await run(root, 'new', 'mapping', 'commcare-salesforce', '--source', 'commcare:form (home visit)', '--destination', 'salesforce:Visit__c', '--id', 'visit-from-metadata');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const file = 'commcare-salesforce/mappings/visit-from-metadata.mapping.yaml';
    const text = readFileSync(path.join(root, file), 'utf8');
    expect(text).toContain('  operation: create');
    expect(text).toMatch(/- source: \{ path: "form.visit_type", type: choice, choices: \["routine", "follow_up", "referral"\] \}\n {4}destination: \{ path: "Visit_Type__c", type: choice, choices: \["Routine", "Follow-up", "Referral"\] \}\n {4}transform: \{ valueMap: \{ "routine": "Routine", "follow_up": "Follow-up", "referral": "Referral" \} \}\n {4}status: new/u);
    expect(text).toMatch(/- source: \{ path: "form.muac_cm", type: number \}\n {4}destination: \{ path: "MUAC_cm__c", type: number \}/u);
    // Required fields come first, also among those left to map; the auto-number Name and system fields are not writable.
    expect(text.indexOf('"Patient__c"')).toBeLessThan(text.indexOf('"CommCare_Form_ID__c"'));
    expect(text).toMatch(/#\s+- destination: \{ path: "Visit_Date__c", type: datetime \}\s+# required/u);
    expect(text).not.toContain('"Name"');
    expect(text).not.toContain('"CreatedDate"');
    // What it wrote is a valid mapping whose every field is known to the metadata, with the right types and choices.
    const lint = await run(root, 'lint', file, '-f', 'json', '--fail-on', 'never');
    const ids = (JSON.parse(lint.stdout) as JsonOutput).diagnostics.filter((d) => d.file === file).map((d) => d.ruleId);
    expect(ids.filter((id) => ['schema', 'yaml-syntax', 'metadata-unknown-field', 'metadata-type', 'metadata-choice', 'metadata-not-writable', 'metadata-key', 'mapping-choice-needs-value-map'].includes(id))).toEqual([]);
  });

  it('matches names loosely across systems; the identity column is never written', async () => {
    const root = example('kobo-mssql');
    const r = await run(root, 'new', 'mapping', 'kobo-mssql', '--source', 'kobo:submission (household_survey_v4) repeat group household/members', '--destination', 'mssql:dbo.household_member');
    expect(r.code).toBe(0);
    const text = readFileSync(path.join(root, 'kobo-mssql/mappings/kobo-mssql-householdmember.mapping.yaml'), 'utf8');
    expect(text).toContain('  operation: create');
    expect(text).not.toContain('path: "id"');
  });

  it('a DHIS2 program: the tracker structure first (the constants the export gives, the rest listed), data elements in their stage\'s event', async () => {
    const root = testdir({});
    cpSync(path.join(repo, 'packages/openfn/test/__fixtures__/commcare-dhis2'), root, { recursive: true });
    const r = await run(root, 'new', 'mapping', '--source', 'commcare:Register Child', '--destination', 'dhis2:Child Programme', '--id', 'child');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/: 4 fields with a source, 2 constants from the metadata, 14 listed for you to map$/mu);
    const file = 'mappings/child.mapping.yaml';
    const text = readFileSync(path.join(root, file), 'utf8');
    expect(text).toContain('fields:\n  - destination: { path: "trackedEntityType", type: string }\n    transform: { constant: "nEenWmSyUEp" }\n');
    expect(text).toContain('  - destination: { path: "enrollments[0].program", type: string }\n    transform: { constant: "IpHINAT79UW" }\n');
    expect(text).toMatch(/^# What dhis2 needs to accept the record: give each a source or a constant\.\n#\s+- destination: \{ path: "orgUnit", type: string \}\s+# the organisation unit that owns the tracked entity$/mu);
    expect(text).toContain('#   - destination: { path: "enrollments[0].events[programStage=ZzYYXq4fJie].occurredAt", type: date }   # the date of the Baby Postnatal event');
    expect(text).toContain('#   - destination: { path: "enrollments[0].events[programStage=ZzYYXq4fJie].dataValues[dataElement=kGWt9mQx2Lp].value", type: number }');
    // Valid and known to the metadata; what it could not source is what lint asks for: the structure
    // listed for the designer (the data elements left commented, no stage event is asked for).
    const lint = await run(root, 'lint', file, '-f', 'json', '--fail-on', 'never');
    const found = (JSON.parse(lint.stdout) as JsonOutput).diagnostics.filter((d) => d.file === file && (d.ruleId === 'schema' || d.ruleId.startsWith('metadata-')));
    expect(found.map((d) => `${d.ruleId} ${d.message.slice(0, d.message.indexOf(' ('))}`)).toEqual([
      'metadata-required IpHINAT79UW in dhis2 needs orgUnit',
      'metadata-required IpHINAT79UW in dhis2 needs enrollments[0].orgUnit',
      'metadata-required IpHINAT79UW in dhis2 needs enrollments[0].enrolledAt',
    ]);
  });

  it('a DHIS2 program named with one of its stages: an event (its stage as a constant, its enrollment, org unit and date listed, the stage\'s data elements only)', async () => {
    const root = testdir({});
    cpSync(path.join(repo, 'packages/openfn/test/__fixtures__/commcare-dhis2'), root, { recursive: true });
    const r = await run(root, 'new', 'mapping', '--source', 'commcare:Register Child', '--destination', 'dhis2:event (program=IpHINAT79UW, programStage=ZzYYXq4fJie)', '--id', 'visit');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const text = readFileSync(path.join(root, 'mappings/visit.mapping.yaml'), 'utf8');
    expect(text).toContain('fields:\n  - destination: { path: "programStage", type: string }\n    transform: { constant: "ZzYYXq4fJie" }\n');
    expect(text).toMatch(/^#\s+- destination: \{ path: "enrollment", type: string \}\s+# the enrollment the event belongs to$/mu);
    expect(text).toMatch(/^#\s+- destination: \{ path: "occurredAt", type: date \}\s+# the date of the event$/mu);
    expect(text).not.toContain('attributes[');
    expect(text).not.toContain('enrollments[');
    expect(text).not.toContain('trackedEntityType');
  });

  it('refuses a system without metadata, a resource the metadata does not name and an existing file, with exit 2', async () => {
    const root = example('commcare-salesforce');
    expect((await run(root, 'new', 'mapping', 'commcare-salesforce', '--source', 'salesforce:Patient__c', '--destination', 'openfn:job')).code).toBe(2);
    const unknown = await run(root, 'new', 'mapping', 'commcare-salesforce', '--source', 'commcare:case', '--destination', 'salesforce:Referral__c');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Patient__c');
    expect((await run(root, 'new', 'mapping', 'commcare-salesforce', '--source', 'commcare', '--destination', 'salesforce:Patient__c')).code).toBe(2);
    expect((await run(root, 'new', 'mapping', 'commcare-salesforce', '--source', 'commcare:case', '--destination', 'salesforce:Patient__c', '--id', 'commcare-salesforce-patient')).code).toBe(2);
  });
});
