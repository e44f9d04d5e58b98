import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { isCi } from '../src/io.js';
import { describeTransform } from '../src/commands/preview.js';
import type { FieldResult } from '@interop-design/transform';
import type { Field, Mapping } from '@interop-design/schema';
import { runCli, testdir } from '@interop-design/test-utils';

const repo = path.resolve(import.meta.dirname, '../../..');
const PATIENT = 'examples/commcare-salesforce/mappings/commcare-salesforce-patient.mapping.yaml';

const run = (cwd: string, argv: string[], ci = false) => runCli(cwd, argv, { ci });

/** A copy of the CommCare example with edits applied as [file, from, to]. */
function example(edits: [string, string, string][] = []): string {
  const root = testdir({});
  const dir = path.join(root, 'commcare-salesforce');
  cpSync(path.join(repo, 'examples/commcare-salesforce'), dir, { recursive: true });
  for (const [file, from, to] of edits) {
    const full = path.join(dir, file);
    const text = readFileSync(full, 'utf8');
    if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
    writeFileSync(full, text.replace(from, to));
  }
  return root;
}

describe('interop-design preview', () => {
  it('takes a mapping file given from any folder, inside another repository or none', async () => {
    const elsewhere = testdir({});
    const r = await run(elsewhere, ['preview', path.join(repo, PATIENT), '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [first] = JSON.parse(r.stdout) as { sample: string; destination: Record<string, unknown> }[];
    expect(first?.sample).toBe('sampleData/commcare-patient-case.json');
    expect(first?.destination.Country__c).toBe('Kenya');
  });

  it('prints the Salesforce record of the patient sample as JSON, JSONata and lookups included', async () => {
    const r = await run(repo, ['preview', PATIENT, '--format', 'json']);
    expect(r.code).toBe(0);
    const [first] = JSON.parse(r.stdout) as { sample: string; record: number; destination: Record<string, unknown>; fields: { destination: string; transform: string; status: string }[] }[];
    expect(first?.sample).toBe('sampleData/commcare-patient-case.json');
    expect(first?.destination).toEqual({
      CommCare_ID__c: '2b6f4e1c-7a0e-4d1b-9f3e-0c5d8a1b2c3d',
      Name: 'Test Alpha',
      Birth_Date__c: '2019-02-01',
      Gender__c: 'Female',
      Village__c: 'Kibera',
      Phone__c: '+254700000000',
      CHW__c: '0035g00000AbCdEAAZ',
      Country__c: 'Kenya',
    });
    expect(first?.fields.find((f) => f.destination === 'Name')).toEqual({ destination: 'Name', transform: 'jsonata', status: 'ok' });
  });

  it('finds a mapping by id and annotates each field in YAML', async () => {
    const r = await run(path.join(repo, 'examples/dhis2-godata'), ['preview', 'dhis2-godata-case', '--record', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# dhis2-godata-case: sampleData\/dhis2-tracked-entities.json record 1\n/u);
    expect(r.stdout).toMatch(/^gender: LNG_REFERENCE_DATA_CATEGORY_GENDER_MALE # value map dhis2-gender, from attributes\[attribute=oindugucx72\]\.value$/mu);
    expect(r.stdout).toMatch(/^ {2}years: 61 # direct/mu);
    expect(r.stdout).toMatch(/^dateOfOnset: .* # format iso-date -> iso-datetime, from enrollments/mu);
    expect(r.stdout).toContain('$unresolved: lookup godata location.id by identifiers.code');
    expect((parse(r.stdout) as { visualId: string }).visualId).toBe('SL-2026-000418');
  });

  it('annotates a value written under a [] at each item it went into, not once after the list', async () => {
    const r = await run(repo, ['preview', 'packages/openfn/test/__fixtures__/kobo-dhis2-aggregate/mappings/kobo-dhis2-monthly-report.mapping.yaml', '--record', '0']);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^ {4}orgUnit: DiszpKrYNg8 # direct, from facility$/gmu)).toHaveLength(3);
    expect(r.stdout).toMatch(/^ {2}- dataElement: f7n9E0hX8qk\n {4}value: 12 # direct, from \["cases\/measles"\]$/mu);
    // Nothing left over at the end of the document.
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('    orgUnit: DiszpKrYNg8 # direct, from facility');
  });

  it('says on stderr when the records path selects the list instead of its items, as check-samples does', async () => {
    const root = example([['mappings/commcare-salesforce-patient.mapping.yaml', 'records: data }', 'records: objects }']]);
    writeFileSync(path.join(root, 'commcare-salesforce/sampleData/commcare-patient-case.json'), JSON.stringify({ meta: { total_count: 1 }, objects: [{ case_id: 'x', properties: {} }] }));
    const r = await run(root, ['preview', 'commcare-salesforce/mappings/commcare-salesforce-patient.mapping.yaml', '--format', 'json']);
    expect(r.stderr).toBe('sampleData/commcare-patient-case.json: the records path objects selects an array: did you mean "objects[]", one record per item?\n');
  });

  it('reads another sample with --sample and reports a record error with exit 1', async () => {
    const root = example();
    writeFileSync(path.join(root, 'commcare-salesforce/sampleData/other-case.json'), JSON.stringify({ case_id: 'x', owner_id: 'nobody', properties: { phone_number: '12', sex: 'female' } }));
    const r = await run(root, ['preview', 'commcare-salesforce/mappings/commcare-salesforce-patient.mapping.yaml', '--sample', 'commcare-salesforce/sampleData/other-case.json', '--format', 'yaml']);
    expect(r.code).toBe(1);
    // The file is not one of the mapping's samples: the whole file is the record.
    expect(r.stdout).toContain('Gender__c: Female # value map gender, from properties.sex');
    expect(r.stdout).toContain('# Phone__c: error: phone-invalid: ');
    expect(r.stdout).toContain('# CHW__c: error: lookup-not-found: ');
    expect(r.stdout).toContain('# Birth_Date__c: absent in the source');
  });

  it('names each format step as it reads: dates from their pattern (ISO 8601 by default), the others by their step', async () => {
    const r = await run(repo, ['preview', PATIENT, '--record', '0', '--format', 'yaml']);
    expect(r.stdout).toMatch(/^Phone__c: .* # format to e164 \(KE\), from properties\.phone_number$/mu);
    const field = (transform: Field['transform'], format?: string): Field => ({ source: { path: 'a', ...(format ? { format } : {}) }, destination: { path: 'b' }, transform });
    const as = (f: Field) => describeTransform(f, { kind: 'format' } as FieldResult, {} as Mapping);
    expect(as(field({ format: { to: 'iso-date' } }))).toBe('format iso-8601 -> iso-date, from a');
    expect(as(field({ format: { to: 'iso-date' } }, 'dd/MM/yyyy'))).toBe('format dd/MM/yyyy -> iso-date, from a');
    expect(as(field({ format: { to: 'trim' } }))).toBe('format to trim, from a');
    expect(as(field({ format: { to: 'e164' } }))).toBe('format to e164, from a');
  });

  it.each([
    ['CI', 'true'],
    ['GITHUB_ACTIONS', 'true'],
    ['TF_BUILD', 'True'],
    ['JENKINS_URL', 'https://ci.example.org/'],
    ['GITLAB_CI', 'true'],
    ['BUILDKITE', 'true'],
    ['CIRCLECI', 'true'],
  ])('refuses on CI: %s', async (name, value) => {
    expect(isCi({ [name]: value })).toBe(true);
    const r = await run(repo, ['preview', PATIENT], isCi({ [name]: value }));
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toContain('local runs');
  });

  it('is not CI with nothing set; CI=false still counts (it is set inside CI runs too)', () => {
    expect(isCi({ CI: 'false' })).toBe(true);
    expect(isCi({ CI: '' })).toBe(false);
    expect(isCi({})).toBe(false);
  });

  it('gives a usage error for an unknown mapping id', async () => {
    expect((await run(repo, ['preview', 'no-such-mapping'])).code).toBe(2);
  });
});

describe('interop-design test', () => {
  it('passes the examples', async () => {
    const r = await run(repo, ['test', 'examples']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/commcare-salesforce-patient\.mapping\.yaml:\d+:5 {2}pass {2}female patient with a Kenyan phone number/u);
    expect(r.stdout).toMatch(/mapping tests: 8 passing, 0 failing/u);
  });

  it('names the mapping line, the test and the paths that differ; values only on a local run', async () => {
    const root = example([['mappings/commcare-salesforce-patient.mapping.yaml', 'Gender__c: Female\n', 'Gender__c: Male\n']]);
    const file = path.join(root, 'commcare-salesforce/mappings/commcare-salesforce-patient.mapping.yaml');
    const line = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('- name: female patient')) + 1;
    const local = await run(root, ['test']);
    expect(local.code).toBe(1);
    expect(local.stdout).toContain(`commcare-salesforce/mappings/commcare-salesforce-patient.mapping.yaml:${line}:5  FAIL  female patient with a Kenyan phone number\n    Gender__c: different: expected "Male", got "Female"\n`);
    const ci = await run(root, ['test'], true);
    expect(ci.code).toBe(1);
    expect(ci.stdout).toContain('    Gender__c: different\n');
    expect(ci.stdout).not.toContain('Female');
    expect(ci.stdout).not.toContain('Test Alpha');
    const json = await run(root, ['test', '--format', 'json'], true);
    expect(json.stdout).not.toContain('Female');
    expect((JSON.parse(json.stdout) as { summary: { failed: number } }).summary.failed).toBe(1);
  });

  it('X1: a JSONata expression that never ends fails its test by the budget; the run goes on', async () => {
    const root = example([['mappings/commcare-salesforce-patient.mapping.yaml', `jsonata: "properties.first_name & ' ' & properties.last_name"`, 'jsonata: "($f := function($x){ $f($x) }; $f(1))"']]);
    const r = await run(root, ['test']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('    Name: jsonata-budget');
    expect(r.stdout).toMatch(/commcare-salesforce-visit\.mapping\.yaml:\d+:5 {2}pass/u);
  });

  it('O7: a JSONata regex is refused at the transform line', async () => {
    const root = example([['mappings/commcare-salesforce-patient.mapping.yaml', `jsonata: "properties.first_name & ' ' & properties.last_name"`, 'jsonata: "$replace(properties.first_name, /(a+)+$/, \'x\')"']]);
    const r = await run(root, ['test']);
    const text = readFileSync(path.join(root, 'commcare-salesforce/mappings/commcare-salesforce-patient.mapping.yaml'), 'utf8');
    const line = text.split('\n').findIndex((l) => l.includes('$replace')) + 1;
    expect(r.stdout).toMatch(new RegExp(`commcare-salesforce-patient\\.mapping\\.yaml:${line}:\\d+  jsonata-regex`, 'u'));
    expect(r.code).toBe(1);
  });
});
