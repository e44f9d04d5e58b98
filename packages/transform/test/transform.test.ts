import type { Field, Mapping, ValueMapFile } from '@interop-design/schema';
import { describe, expect, it } from 'vitest';
import { checkJsonata, compileMapping } from '../src/index.js';
import type { CompileOptions, FieldResult, TransformErrorCode } from '../src/index.js';

function mapping(fields: Field[], extra: Partial<Mapping> = {}): Mapping {
  return {
    id: 't',
    version: '1.0.0',
    status: 'draft',
    source: { system: 'kobo', resource: 'submission' },
    destination: { system: 'salesforce', resource: 'Patient__c' },
    fields,
    ...extra,
  };
}

const gender: ValueMapFile = {
  id: 'gender',
  entries: [
    { from: 'male', to: 'Male' },
    { from: 'female', to: 'Female' },
  ],
  unmapped: 'error',
};
const options: CompileOptions = {
  valueMaps: new Map([['gender', gender]]),
  fixtures: new Map<string, unknown[]>([
    ['sampleData/salesforce-contacts.json', [{ Id: '003Kd000001AbCdIAK', Email: 'chw1@example.org' }]],
    ['sampleData/godata-case.json', [{ id: '0c0a3a4e', documents: [{ type: 'NATIONAL_ID', number: 'X1' }, { type: 'DHIS2', number: 'PQfMcpmXeFE' }] }]],
  ]),
};

interface Case {
  name: string;
  field: Field;
  given: Record<string, unknown>;
  /** The destination record built. */
  record?: Record<string, unknown>;
  status: FieldResult['status'];
  kind?: FieldResult['kind'];
  error?: TransformErrorCode;
  /** JSON Pointer of the error in the mapping. */
  pointer?: string;
}

const cases: Case[] = [
  // direct
  { name: 'direct copy', field: { source: { path: 'name' }, destination: { path: 'Name' } }, given: { name: 'Amina' }, record: { Name: 'Amina' }, status: 'ok', kind: 'direct' },
  { name: 'direct: absent source writes nothing', field: { source: { path: 'name' }, destination: { path: 'Name' } }, given: {}, record: {}, status: 'absent' },
  { name: 'direct: quoted key with a slash', field: { source: { path: '["patient_address/Upazilla"]' }, destination: { path: 'upazilla' } }, given: { 'patient_address/Upazilla': 'Sadar' }, record: { upazilla: 'Sadar' }, status: 'ok' },
  { name: 'direct: text to integer', field: { source: { path: 'age' }, destination: { path: 'age', type: 'integer' } }, given: { age: '32' }, record: { age: 32 }, status: 'ok' },
  { name: 'direct: text to number', field: { source: { path: 'w' }, destination: { path: 'w', type: 'number' } }, given: { w: '3.5' }, record: { w: 3.5 }, status: 'ok' },
  { name: 'direct: a 20-digit id is not rounded', field: { source: { path: 'id' }, destination: { path: 'id', type: 'integer' } }, given: { id: '12345678901234567890' }, record: { id: '12345678901234567890' }, status: 'ok' },
  { name: 'direct: text that is not an integer', field: { source: { path: 'age' }, destination: { path: 'age', type: 'integer' } }, given: { age: '3 years' }, record: {}, status: 'error', error: 'not-a-number', pointer: '/fields/0/destination/path' },
  { name: 'direct: text-boolean yes', field: { source: { path: 'p', format: 'text-boolean' }, destination: { path: 'P__c', type: 'boolean' } }, given: { p: 'yes' }, record: { P__c: true }, status: 'ok' },
  { name: 'direct: text-boolean false', field: { source: { path: 'p', format: 'text-boolean' }, destination: { path: 'P__c', type: 'boolean' } }, given: { p: 'FALSE' }, record: { P__c: false }, status: 'ok' },
  { name: 'direct: "true" stays text without text-boolean', field: { source: { path: 'p' }, destination: { path: 'P__c', type: 'boolean' } }, given: { p: 'true' }, record: { P__c: 'true' }, status: 'ok' },
  { name: 'direct: text-boolean refuses other text', field: { source: { path: 'p', format: 'text-boolean' }, destination: { path: 'P__c', type: 'boolean' } }, given: { p: 'maybe' }, record: {}, status: 'error', error: 'not-a-boolean' },
  { name: 'direct: __proto__ is a plain key', field: { source: { path: '__proto__.x' }, destination: { path: '__proto__.y' } }, given: JSON.parse('{"__proto__":{"x":1}}') as Record<string, unknown>, record: JSON.parse('{"__proto__":{"y":1}}') as Record<string, unknown>, status: 'ok' },
  // paths + pick first
  { name: 'pick first: the first present path', field: { source: { paths: ['new_name', 'old_name'], pick: 'first' }, destination: { path: 'Name' } }, given: { old_name: 'B' }, record: { Name: 'B' }, status: 'ok' },
  { name: 'pick first: none present', field: { source: { paths: ['new_name', 'old_name'], pick: 'first' }, destination: { path: 'Name' } }, given: {}, record: {}, status: 'absent' },
  // constant
  { name: 'constant', field: { destination: { path: 'Country__c' }, transform: { constant: 'Kenya' } }, given: {}, record: { Country__c: 'Kenya' }, status: 'ok', kind: 'constant' },
  // valueMap
  { name: 'valueMap by id', field: { source: { path: 'sex' }, destination: { path: 'Gender__c' }, transform: { valueMap: 'gender' } }, given: { sex: 'female' }, record: { Gender__c: 'Female' }, status: 'ok', kind: 'valueMap' },
  { name: 'valueMap by id: unmapped error', field: { source: { path: 'sex' }, destination: { path: 'Gender__c' }, transform: { valueMap: 'gender' } }, given: { sex: 'x' }, record: {}, status: 'error', error: 'unmapped-value', pointer: '/fields/0/transform/valueMap' },
  { name: 'valueMap inline', field: { source: { path: 's' }, destination: { path: 'g' }, transform: { valueMap: { m: 'M' } } }, given: { s: 'm' }, record: { g: 'M' }, status: 'ok' },
  { name: 'valueMap inline: unmapped error by default', field: { source: { path: 's' }, destination: { path: 'g' }, transform: { valueMap: { m: 'M' } } }, given: { s: 'f' }, record: {}, status: 'error', error: 'unmapped-value' },
  { name: 'valueMap inline: unmapped default', field: { source: { path: 's' }, destination: { path: 'g' }, transform: { valueMap: { m: 'M' }, unmapped: 'default', default: 'U' } }, given: { s: 'f' }, record: { g: 'U' }, status: 'ok' },
  { name: 'valueMap inline: unmapped passthrough', field: { source: { path: 's' }, destination: { path: 'g' }, transform: { valueMap: { m: 'M' }, unmapped: 'passthrough' } }, given: { s: 'f' }, record: { g: 'f' }, status: 'ok' },
  { name: 'valueMap: numeric code matches text', field: { source: { path: 's' }, destination: { path: 'g' }, transform: { valueMap: { '1': 'yes' } } }, given: { s: 1 }, record: { g: 'yes' }, status: 'ok' },
  { name: 'valueMap: unknown id', field: { source: { path: 's' }, destination: { path: 'g' }, transform: { valueMap: 'nope' } }, given: { s: 'a' }, record: {}, status: 'error', error: 'value-map-missing' },
  {
    name: 'split, map each, join with ;',
    field: { source: { path: 'symptoms' }, destination: { path: 'Symptoms__c' }, transform: { valueMap: { fever: 'Fever', cough: 'Cough' }, format: { to: 'join', separator: ';' } } },
    given: { symptoms: ['fever', 'cough'] },
    record: { Symptoms__c: 'Fever;Cough' },
    status: 'ok',
  },
  {
    name: 'from split: multichoice text mapped item by item, joined with ;',
    field: { source: { path: 'danger_signs' }, destination: { path: 'Danger_Signs__c' }, transform: { valueMap: { fever: 'Fever', vomiting: 'Vomiting' }, format: { from: 'split', to: 'join', separator: ';' } } },
    given: { danger_signs: 'fever vomiting' },
    record: { Danger_Signs__c: 'Fever;Vomiting' },
    status: 'ok',
  },
  { name: 'from split: one unmapped item fails the field', field: { source: { path: 's' }, destination: { path: 'd' }, transform: { valueMap: { fever: 'Fever' }, format: { from: 'split', to: 'join', separator: ';' } } }, given: { s: 'fever rash' }, record: {}, status: 'error', error: 'unmapped-value' },
  { name: 'split multichoice text', field: { source: { path: 'symptoms' }, destination: { path: 'symptoms' }, transform: { format: { to: 'split' }, valueMap: { fever: 'F', cough: 'C' } } }, given: { symptoms: 'fever  cough' }, record: { symptoms: ['F', 'C'] }, status: 'ok' },
  // format
  { name: 'format dd/MM/yyyy to iso-date', field: { source: { path: 'dob' }, destination: { path: 'dob' }, transform: { format: { from: 'dd/MM/yyyy', to: 'iso-date' } } }, given: { dob: '01/02/2019' }, record: { dob: '2019-02-01' }, status: 'ok', kind: 'format' },
  { name: 'format: from defaults to the source format', field: { source: { path: 'dob', format: 'MM/dd/yyyy' }, destination: { path: 'dob' }, transform: { format: { to: 'iso-date' } } }, given: { dob: '02/01/2019' }, record: { dob: '2019-02-01' }, status: 'ok' },
  { name: 'format: an impossible date is unparsable', field: { source: { path: 'dob' }, destination: { path: 'dob' }, transform: { format: { from: 'dd/MM/yyyy', to: 'iso-date' } } }, given: { dob: '31/02/2019' }, record: {}, status: 'error', error: 'date-unparsable', pointer: '/fields/0/transform/format' },
  { name: 'format: text that is no date', field: { source: { path: 'dob' }, destination: { path: 'dob' }, transform: { format: { to: 'iso-date' } } }, given: { dob: 'last week' }, record: {}, status: 'error', error: 'date-unparsable' },
  { name: 'format: a number is not read as a date', field: { source: { path: 'dob' }, destination: { path: 'dob' }, transform: { format: { to: 'iso-date' } } }, given: { dob: 20190201 }, record: {}, status: 'error', error: 'format-input' },
  {
    name: 'format: local time in Nairobi to UTC iso-datetime',
    field: { source: { path: 't' }, destination: { path: 't' }, transform: { format: { from: 'dd/MM/yyyy HH:mm', to: 'iso-datetime', timeZone: 'Africa/Nairobi' } } },
    given: { t: '20/11/2026 08:30' },
    record: { t: '2026-11-20T05:30:00.000Z' },
    status: 'ok',
  },
  { name: 'format: iso-datetime with offset to a date in a zone', field: { source: { path: 't' }, destination: { path: 'd' }, transform: { format: { from: 'iso-datetime', to: 'iso-date', toTimeZone: 'Africa/Nairobi' } } }, given: { t: '2026-11-20T22:30:00.000000Z' }, record: { d: '2026-11-21' }, status: 'ok' },
  { name: 'format: iso-date to a pattern', field: { source: { path: 'd' }, destination: { path: 'd' }, transform: { format: { from: 'iso-date', to: 'dd.MM.yyyy' } } }, given: { d: '2026-11-20' }, record: { d: '20.11.2026' }, status: 'ok' },
  { name: 'format: month names go through date-fns', field: { source: { path: 'd' }, destination: { path: 'd' }, transform: { format: { from: 'd MMM yyyy', to: 'iso-date' } } }, given: { d: '1 Feb 2019' }, record: { d: '2019-02-01' }, status: 'ok' },
  { name: 'format: summer time in London', field: { source: { path: 'd' }, destination: { path: 'd' }, transform: { format: { from: 'yyyy-MM-dd HH:mm', to: 'iso-datetime', timeZone: 'Europe/London' } } }, given: { d: '2026-07-01 12:00' }, record: { d: '2026-07-01T11:00:00.000Z' }, status: 'ok' },
  { name: 'format: to an offset zone', field: { source: { path: 'd' }, destination: { path: 'd' }, transform: { format: { from: 'iso-datetime', to: "yyyy-MM-dd'T'HH:mmXXX", toTimeZone: '+03:00' } } }, given: { d: '2026-11-20T22:30:00Z' }, record: { d: '2026-11-21T01:30+03:00' }, status: 'ok' },
  { name: 'format: a bad pattern is a mapping problem', field: { source: { path: 'd' }, destination: { path: 'd' }, transform: { format: { to: 'yyyy-MM-dd foo' } } }, given: { d: '2026-11-20' }, record: {}, status: 'error', error: 'format-invalid' },
  { name: 'format: unknown time zone', field: { source: { path: 'd' }, destination: { path: 'd' }, transform: { format: { to: 'iso-datetime', timeZone: 'Mars/Olympus' } } }, given: { d: '2026-11-20' }, record: {}, status: 'error', error: 'format-invalid' },
  { name: 'format: e164 with a country', field: { source: { path: 'phone' }, destination: { path: 'Phone' }, transform: { format: { to: 'e164', country: 'KE' } } }, given: { phone: '0712 345678' }, record: { Phone: '+254712345678' }, status: 'ok' },
  { name: 'format: e164 keeps an international number', field: { source: { path: 'phone' }, destination: { path: 'Phone' }, transform: { format: { to: 'e164', country: 'KE' } } }, given: { phone: '+880 1712-345678' }, record: { Phone: '+8801712345678' }, status: 'ok' },
  { name: 'format: e164 invalid number', field: { source: { path: 'phone' }, destination: { path: 'Phone' }, transform: { format: { to: 'e164', country: 'KE' } } }, given: { phone: '12' }, record: {}, status: 'error', error: 'phone-invalid' },
  { name: 'format: trim', field: { source: { path: 'a' }, destination: { path: 'a' }, transform: { format: { to: 'trim' } } }, given: { a: '  x ' }, record: { a: 'x' }, status: 'ok' },
  { name: 'format: upper', field: { source: { path: 'a' }, destination: { path: 'a' }, transform: { format: { to: 'upper' } } }, given: { a: 'ke' }, record: { a: 'KE' }, status: 'ok' },
  { name: 'format: lower', field: { source: { path: 'a' }, destination: { path: 'a' }, transform: { format: { to: 'lower' } } }, given: { a: 'KE' }, record: { a: 'ke' }, status: 'ok' },
  { name: 'format: upper on a number', field: { source: { path: 'a' }, destination: { path: 'a' }, transform: { format: { to: 'upper' } } }, given: { a: 3 }, record: {}, status: 'error', error: 'format-input' },
  // lookup
  {
    name: 'lookup from the fixture',
    field: { source: { path: 'email' }, destination: { path: 'Contact__c' }, transform: { lookup: { system: 'salesforce', resource: 'Contact', by: 'Email', returns: 'Id', fixture: 'sampleData/salesforce-contacts.json' } } },
    given: { email: 'chw1@example.org' },
    record: { Contact__c: '003Kd000001AbCdIAK' },
    status: 'ok',
    kind: 'lookup',
  },
  {
    name: 'lookup by a path that reaches several values',
    field: { source: { path: 'uid' }, destination: { path: 'caseId' }, transform: { lookup: { system: 'godata', resource: 'case', by: 'documents[].number', returns: 'id', fixture: 'sampleData/godata-case.json' } } },
    given: { uid: 'PQfMcpmXeFE' },
    record: { caseId: '0c0a3a4e' },
    status: 'ok',
  },
  {
    name: 'lookup: not in the fixture',
    field: { source: { path: 'email' }, destination: { path: 'Contact__c' }, transform: { lookup: { system: 'salesforce', resource: 'Contact', by: 'Email', fixture: 'sampleData/salesforce-contacts.json' } } },
    given: { email: 'other@example.org' },
    record: {},
    status: 'error',
    error: 'lookup-not-found',
    pointer: '/fields/0/transform/lookup',
  },
  {
    name: 'lookup without a fixture: a marked unresolved value',
    field: { source: { path: 'email' }, destination: { path: 'Contact__c' }, transform: { lookup: { system: 'salesforce', resource: 'Contact', by: 'Email' } } },
    given: { email: 'chw1@example.org' },
    record: { Contact__c: { $unresolved: 'lookup salesforce Contact.Id by Email' } },
    status: 'unresolved',
  },
  // expression
  { name: 'expression only: unevaluated', field: { source: { paths: ['a', 'b'] }, destination: { path: 'Name' }, transform: { expression: "a + ' ' + b", description: 'join' } }, given: { a: 'x', b: 'y' }, record: {}, status: 'unevaluated', kind: 'expression' },
  // destination shapes
  {
    name: 'DHIS2 attribute pick builds the item',
    field: { source: { path: 'firstName' }, destination: { path: 'attributes[attribute=w75KJ2mc4zz].value' } },
    given: { firstName: 'Amina' },
    record: { attributes: [{ attribute: 'w75KJ2mc4zz', value: 'Amina' }] },
    status: 'ok',
  },
  {
    name: 'nested pick inside an index',
    field: { source: { path: 'v' }, destination: { path: 'enrollments[0].events[programStage=A03MvHHogjR].dataValues[dataElement=a3kGcGDCuk6].value' } },
    given: { v: '3' },
    record: { enrollments: [{ events: [{ programStage: 'A03MvHHogjR', dataValues: [{ dataElement: 'a3kGcGDCuk6', value: '3' }] }] }] },
    status: 'ok',
  },
  { name: '[] appends one item', field: { source: { path: 'v' }, destination: { path: 'tags[]' } }, given: { v: 'a' }, record: { tags: ['a'] }, status: 'ok' },
  { name: 'source pick reads one item', field: { source: { path: 'attributes[attribute=w75KJ2mc4zz].value' }, destination: { path: 'firstName' } }, given: { attributes: [{ attribute: 'zDhUuAYrxNC', value: 'B' }, { attribute: 'w75KJ2mc4zz', value: 'A' }] }, record: { firstName: 'A' }, status: 'ok' },
  { name: 'source [] reads a list', field: { source: { path: 'items[].code' }, destination: { path: 'codes' } }, given: { items: [{ code: 'a' }, { code: 'b' }] }, record: { codes: ['a', 'b'] }, status: 'ok' },
];

describe('a [] with more path after it: items by position', () => {
  const run = (fields: Field[], given: unknown) => compileMapping(mapping(fields), options).run(given);
  const family = { family: [{ relation: 'mother', name: 'A' }, { relation: 'father' }, { relation: 'aunt', name: 'C' }] };

  it('fields reading the same source list fill the same destination items, item j from element j', () => {
    const result = run(
      [
        { source: { path: 'family[].relation' }, destination: { path: 'relations[].type' }, transform: { valueMap: { mother: 'MOT', father: 'FAT' }, unmapped: 'passthrough' } },
        { source: { path: 'family[].name' }, destination: { path: 'relations[].name' } },
      ],
      family,
    );
    expect(result.errors).toEqual([]);
    // The second member has no name (skip logic): the third's name stays with the third.
    expect(result.record).toStrictEqual({ relations: [{ type: 'MOT', name: 'A' }, { type: 'FAT' }, { type: 'aunt', name: 'C' }] });
    // Written alone, the names still make one item per member.
    expect(run([{ source: { path: 'family[].name' }, destination: { path: 'relations[].name' } }], family).record).toStrictEqual({ relations: [{ name: 'A' }, {}, { name: 'C' }] });
    // No member has a name: the field is absent, and writes nothing.
    const none = run([{ source: { path: 'family[].name' }, destination: { path: 'relations[].name' } }], { family: [{ relation: 'mother' }] });
    expect([none.fields[0]?.status, none.record]).toStrictEqual(['absent', {}]);
  });

  it('each step reads the items that have a value, item by item: value maps, dates, coercions', () => {
    const visits = { visits: [{ date: '05/01/2026', weight: '61', kind: 'anc1' }, { weight: '62.5', kind: 'anc2' }, { date: '09/03/2026', kind: 'pnc' }] };
    const result = run(
      [
        { source: { path: 'visits[].date' }, destination: { path: 'events[].occurredAt' }, transform: { format: { from: 'dd/MM/yyyy', to: 'iso-date' } } },
        { source: { path: 'visits[].weight' }, destination: { path: 'events[].weight', type: 'number' } },
        { source: { path: 'visits[].kind' }, destination: { path: 'events[].programStage' }, transform: { valueMap: { anc1: 'A1', anc2: 'A2' }, unmapped: 'default', default: 'OTHER' } },
      ],
      visits,
    );
    expect(result.errors).toEqual([]);
    expect(result.record).toStrictEqual({
      events: [
        { occurredAt: '2026-01-05', weight: 61, programStage: 'A1' },
        { weight: 62.5, programStage: 'A2' },
        { occurredAt: '2026-03-09', programStage: 'OTHER' },
      ],
    });
    // A date that does not parse fails the field, item or not.
    const bad = run([{ source: { path: 'visits[].date' }, destination: { path: 'events[].occurredAt' }, transform: { format: { from: 'dd/MM/yyyy', to: 'iso-date' } } }], { visits: [{ date: '31/02/2026' }] });
    expect(bad.fields[0]?.errors.map((e) => e.code)).toEqual(['date-unparsable']);
  });

  it('a repeat of one entry sent as an object (CommCare) is a list of one', () => {
    const result = run([{ source: { path: 'form.child[].name' }, destination: { path: 'children[].name' } }], { form: { child: { name: 'A' } } });
    expect(result.record).toStrictEqual({ children: [{ name: 'A' }] });
  });

  it('values that are not lists write item 0: fields under the same [] build one item', () => {
    const result = run(
      [
        { source: { path: 'program' }, destination: { path: 'enrollments[].program' } },
        { source: { path: 'ou' }, destination: { path: 'enrollments[].orgUnit' } },
        { destination: { path: 'enrollments[].status' }, transform: { constant: 'ACTIVE' } },
      ],
      { program: 'IpHINAT79UW', ou: 'DiszpKrYNg8' },
    );
    expect(result.record).toStrictEqual({ enrollments: [{ program: 'IpHINAT79UW', orgUnit: 'DiszpKrYNg8', status: 'ACTIVE' }] });
    // As `enrollments[0]` writes it.
    const indexed = run(
      [
        { source: { path: 'program' }, destination: { path: 'enrollments[0].program' } },
        { source: { path: 'ou' }, destination: { path: 'enrollments[0].orgUnit' } },
        { destination: { path: 'enrollments[0].status' }, transform: { constant: 'ACTIVE' } },
      ],
      { program: 'IpHINAT79UW', ou: 'DiszpKrYNg8' },
    );
    expect(indexed.record).toStrictEqual(result.record);
  });

  it('a constant under a [] goes into every item the other fields made (DHIS2: each event needs its programStage), none when they made none', () => {
    const fields: Field[] = [
      { destination: { path: 'enrollments[0].program' }, transform: { constant: 'IpHINAT79UW' } },
      { destination: { path: 'enrollments[0].events[].programStage' }, transform: { constant: 'ZzYYXq4fJie' } },
      { destination: { path: 'enrollments[0].events[].status' }, transform: { constant: 'COMPLETED' } },
      { source: { path: 'visits[].date' }, destination: { path: 'enrollments[0].events[].occurredAt' } },
      { source: { path: 'visits[].weight' }, destination: { path: 'enrollments[0].events[].dataValues[dataElement=kGWt9mQx2Lp].value', type: 'number' } },
    ];
    // The second visit has no date (skip logic): its event is still made, and still gets the constants.
    const three = run(fields, { visits: [{ date: '2026-09-05', weight: '4.1' }, { weight: '4.4' }, { date: '2026-11-02' }] });
    expect(three.errors).toEqual([]);
    expect(three.record).toStrictEqual({
      enrollments: [
        {
          program: 'IpHINAT79UW',
          events: [
            { occurredAt: '2026-09-05', dataValues: [{ dataElement: 'kGWt9mQx2Lp', value: 4.1 }], programStage: 'ZzYYXq4fJie', status: 'COMPLETED' },
            { dataValues: [{ dataElement: 'kGWt9mQx2Lp', value: 4.4 }], programStage: 'ZzYYXq4fJie', status: 'COMPLETED' },
            { occurredAt: '2026-11-02', programStage: 'ZzYYXq4fJie', status: 'COMPLETED' },
          ],
        },
      ],
    });
    // The field's value is the constant once per item; the results stay in field order.
    expect(three.fields.map((f) => [f.destination, f.status, f.value])).toEqual([
      ['enrollments[0].program', 'ok', 'IpHINAT79UW'],
      ['enrollments[0].events[].programStage', 'ok', ['ZzYYXq4fJie', 'ZzYYXq4fJie', 'ZzYYXq4fJie']],
      ['enrollments[0].events[].status', 'ok', ['COMPLETED', 'COMPLETED', 'COMPLETED']],
      ['enrollments[0].events[].occurredAt', 'ok', ['2026-09-05', undefined, '2026-11-02']],
      ['enrollments[0].events[].dataValues[dataElement=kGWt9mQx2Lp].value', 'ok', [4.1, 4.4, undefined]],
    ]);
    // No visits: no event made of the constants alone, and the constants are absent.
    for (const none of [{}, { visits: [] }]) {
      const result = run(fields, none);
      expect(result.errors).toEqual([]);
      expect((result.record.enrollments as { events?: unknown[] }[])[0]?.events ?? []).toEqual([]);
      expect(result.fields.slice(1, 3).map((f) => f.status)).toEqual(['absent', 'absent']);
    }
    // A CommCare repeat of one entry sent as an object: one event, with its constant.
    const one = run(fields, { visits: { date: '2026-10-01' } });
    expect(one.record).toStrictEqual({ enrollments: [{ program: 'IpHINAT79UW', events: [{ occurredAt: '2026-10-01', programStage: 'ZzYYXq4fJie', status: 'COMPLETED' }] }] });
  });

  it('a value read once under a [] goes into every item fields reading a list made (DHIS2: each event\'s org unit), none when they made none', () => {
    const fields: Field[] = [
      { source: { path: 'facility' }, destination: { path: 'enrollments[0].events[].orgUnit' }, transform: { valueMap: { ngelehun: 'DiszpKrYNg8', bumpeh: 'Rp268JB6Ne4' } } },
      { source: { path: 'visits[].date' }, destination: { path: 'enrollments[0].events[].occurredAt' } },
      { source: { path: 'score' }, destination: { path: 'enrollments[0].events[].score', type: 'integer' } },
      { source: { path: 'codes' }, destination: { path: 'enrollments[0].events[].code' } },
    ];
    const two = run(fields, { facility: 'bumpeh', score: '7', codes: ['a', 'b'], visits: [{ date: '2026-09-05' }, { date: '2026-10-03' }] });
    expect(two.errors).toEqual([]);
    // The value map and the coercion apply to the value, which then goes into each event; a list read once (codes) goes by position.
    expect(two.record).toStrictEqual({
      enrollments: [{ events: [{ occurredAt: '2026-09-05', orgUnit: 'Rp268JB6Ne4', score: 7, code: 'a' }, { occurredAt: '2026-10-03', orgUnit: 'Rp268JB6Ne4', score: 7, code: 'b' }] }],
    });
    expect(two.fields.map((f) => [f.status, f.value])).toEqual([['ok', ['Rp268JB6Ne4', 'Rp268JB6Ne4']], ['ok', ['2026-09-05', '2026-10-03']], ['ok', [7, 7]], ['ok', ['a', 'b']]]);
    // No visits: no event made of the facility alone.
    const none = run(fields, { facility: 'bumpeh', visits: [] });
    expect(none.record).toStrictEqual({});
    expect(none.fields[0]?.status).toBe('absent');
    // An unmapped facility is one error, at the field, and no event gets an org unit.
    const unmapped = run(fields, { facility: 'kenema', visits: [{ date: '2026-09-05' }] });
    expect(unmapped.errors.map((e) => [e.code, e.pointer])).toEqual([['unmapped-value', '/fields/0/transform/valueMap']]);
    expect(unmapped.record).toStrictEqual({ enrollments: [{ events: [{ occurredAt: '2026-09-05' }] }] });
  });

  it('a value read once under a [] goes into every item that picks made (DHIS2: a data value set\'s org unit on each value); read-once values alone still build item 0', () => {
    const fields: Field[] = [
      { source: { path: 'facility' }, destination: { path: 'dataValues[].orgUnit' } },
      { source: { path: 'measles' }, destination: { path: 'dataValues[dataElement=f7n9E0hX8qk].value', type: 'integer' } },
      { source: { path: 'cholera' }, destination: { path: 'dataValues[dataElement=eY5ehpbEsB7].value', type: 'integer' } },
      { source: { path: 'month' }, destination: { path: 'period' } },
    ];
    const two = run(fields, { facility: 'DiszpKrYNg8', measles: '12', cholera: '0', month: '202401' });
    expect(two.errors).toEqual([]);
    expect(two.record).toStrictEqual({
      dataValues: [
        { dataElement: 'f7n9E0hX8qk', value: 12, orgUnit: 'DiszpKrYNg8' },
        { dataElement: 'eY5ehpbEsB7', value: 0, orgUnit: 'DiszpKrYNg8' },
      ],
      period: '202401',
    });
    expect(two.fields[0]).toMatchObject({ status: 'ok', value: ['DiszpKrYNg8', 'DiszpKrYNg8'] });
    // The picks made one item: one org unit. None: no data value made of the org unit alone.
    expect(run(fields, { facility: 'DiszpKrYNg8', measles: '3' }).record).toStrictEqual({ dataValues: [{ dataElement: 'f7n9E0hX8qk', value: 3, orgUnit: 'DiszpKrYNg8' }] });
    expect(run(fields, { facility: 'DiszpKrYNg8', month: '202401' }).record).toStrictEqual({ period: '202401' });
    // An item picked by position is made too; values read once with no other item maker stay item 0.
    expect(run([fields[0] as Field, { source: { path: 'measles' }, destination: { path: 'dataValues[0].value' } }], { facility: 'X', measles: '1' }).record).toStrictEqual({ dataValues: [{ value: '1', orgUnit: 'X' }] });
    expect(run([fields[0] as Field, { source: { path: 'month' }, destination: { path: 'dataValues[].period' } }], { facility: 'X', month: '202401' }).record).toStrictEqual({ dataValues: [{ orgUnit: 'X', period: '202401' }] });
  });

  it('constants alone under a [] build item 0; a list constant is copied whole into each item', () => {
    const alone = run(
      [
        { destination: { path: 'enrollments[].program' }, transform: { constant: 'IpHINAT79UW' } },
        { destination: { path: 'enrollments[].status' }, transform: { constant: 'ACTIVE' } },
      ],
      {},
    );
    expect(alone.record).toStrictEqual({ enrollments: [{ program: 'IpHINAT79UW', status: 'ACTIVE' }] });
    const tagged = run(
      [
        { source: { path: 'items[].code' }, destination: { path: 'lines[].code' } },
        { destination: { path: 'lines[].tags' }, transform: { constant: ['a', 'b'] } },
      ],
      { items: [{ code: 'x' }, { code: 'y' }] },
    );
    const lines = tagged.record.lines as { code: string; tags: string[] }[];
    expect(lines).toStrictEqual([
      { code: 'x', tags: ['a', 'b'] },
      { code: 'y', tags: ['a', 'b'] },
    ]);
    // Each item holds its own copy.
    expect(lines[0]?.tags).not.toBe(lines[1]?.tags);
  });

  it('a constant follows the items a JSONata field made (the asynchronous run)', async () => {
    const compiled = compileMapping(
      mapping([
        { destination: { path: 'events[].programStage' }, transform: { constant: 'ZzYYXq4fJie' } },
        { destination: { path: 'events' }, transform: { jsonata: 'visits.{ "occurredAt": date }' } },
      ]),
      options,
    );
    const result = await compiled.runAsync({ visits: [{ date: '2026-09-05' }, { date: '2026-10-03' }] });
    expect(result.errors).toEqual([]);
    expect(result.record).toStrictEqual({ events: [{ occurredAt: '2026-09-05', programStage: 'ZzYYXq4fJie' }, { occurredAt: '2026-10-03', programStage: 'ZzYYXq4fJie' }] });
    expect(result.fields.map((f) => f.destination)).toEqual(['events[].programStage', 'events']);
  });

  it('a list value spreads over items down to a pick inside each item, and over a nested []', () => {
    const visits = { visits: [{ date: '2026-01-05', weight: '61' }, { date: '2026-02-09', weight: '62' }] };
    const result = run(
      [
        { source: { path: 'visits[].date' }, destination: { path: 'events[].occurredAt' } },
        { source: { path: 'visits[].weight' }, destination: { path: 'events[].dataValues[dataElement=vANAXwtLwcT].value' } },
        { source: { path: 'visits[].date' }, destination: { path: 'notes[].lines[].text' } },
      ],
      visits,
    );
    expect(result.errors).toEqual([]);
    expect(result.record).toStrictEqual({
      events: [
        { occurredAt: '2026-01-05', dataValues: [{ dataElement: 'vANAXwtLwcT', value: '61' }] },
        { occurredAt: '2026-02-09', dataValues: [{ dataElement: 'vANAXwtLwcT', value: '62' }] },
      ],
      notes: [{ lines: [{ text: '2026-01-05' }] }, { lines: [{ text: '2026-02-09' }] }],
    });
  });

  it('an empty list writes no item; a trailing [] still appends every element after the others', () => {
    const result = run(
      [
        { source: { path: 'none' }, destination: { path: 'relations[].type' } },
        { source: { path: 'a' }, destination: { path: 'tags[]' } },
        { source: { path: 'b' }, destination: { path: 'tags[]' } },
      ],
      { none: [], a: ['x', 'y'], b: 'z' },
    );
    expect(result.record).toStrictEqual({ relations: [], tags: ['x', 'y', 'z'] });
  });

  it('an item of another shape is a path-conflict at the field that meets it', () => {
    const result = run(
      [
        { source: { path: 'codes' }, destination: { path: 'items[]' } },
        { source: { path: 'names' }, destination: { path: 'items[].name' } },
      ],
      { codes: ['a'], names: ['n0'] },
    );
    expect(result.fields.map((f) => [f.destination, f.status, f.errors.map((e) => e.code)])).toEqual([
      ['items[]', 'ok', []],
      ['items[].name', 'error', ['path-conflict']],
    ]);
  });
});

describe('blank values: what CommCare and ODK send for a question left blank', () => {
  const run = (fields: Field[], given: unknown) => compileMapping(mapping(fields), options).run(given);
  const one = (field: Field, given: unknown) => {
    const r = run([field], given);
    return [r.fields[0]?.status, r.errors.map((e) => e.code), r.record];
  };

  it.each<[string, Field]>([
    ['a phone number', { source: { path: 'phone' }, destination: { path: 'Phone' }, transform: { format: { to: 'e164', country: 'KE' } } }],
    ['a date pattern', { source: { path: 'phone' }, destination: { path: 'Phone' }, transform: { format: { from: 'dd/MM/yyyy', to: 'iso-date' } } }],
    ['an ISO date-time in a zone', { source: { path: 'phone' }, destination: { path: 'Phone' }, transform: { format: { from: 'iso-datetime', to: 'iso-date', timeZone: 'Africa/Nairobi' } } }],
    ['a value map, unmapped: error', { source: { path: 'phone' }, destination: { path: 'Phone' }, transform: { valueMap: { yes: 'Y' } } }],
    ['a value map by id, unmapped: error', { source: { path: 'phone' }, destination: { path: 'Phone' }, transform: { valueMap: 'gender' } }],
    ['a value map, unmapped: default', { source: { path: 'phone' }, destination: { path: 'Phone' }, transform: { valueMap: { yes: 'Y' }, unmapped: 'default', default: 'N' } }],
    ['split, a map and join', { source: { path: 'phone' }, destination: { path: 'Phone' }, transform: { valueMap: { a: 'A' }, format: { from: 'split', to: 'join', separator: ';' } } }],
    ['split', { source: { path: 'phone' }, destination: { path: 'Phone' }, transform: { format: { to: 'split', separator: ',' } } }],
    ['an ISO date to a pattern', { source: { path: 'phone' }, destination: { path: 'Phone' }, transform: { format: { to: 'dd/MM/yyyy' } } }],
    ['upper', { source: { path: 'phone' }, destination: { path: 'Phone' }, transform: { format: { to: 'upper' } } }],
    ['a coercion to integer', { source: { path: 'phone' }, destination: { path: 'Phone', type: 'integer' } }],
    ['a coercion to boolean', { source: { path: 'phone', format: 'text-boolean' }, destination: { path: 'Phone', type: 'boolean' } }],
    ['a lookup', { source: { path: 'phone' }, destination: { path: 'Phone' }, transform: { lookup: { system: 'salesforce', resource: 'Contact', by: 'Email', fixture: 'sampleData/salesforce-contacts.json' } } }],
  ])('%s leaves the empty text as it is: no error, written blank', (_name, field) => {
    expect(one(field, { phone: '' })).toStrictEqual(['ok', [], { Phone: '' }]);
    // White space is not blank: it is a value that the step judges (here, only the two that take it).
    if (field.transform?.format?.to === 'upper') expect(one(field, { phone: ' ' })).toStrictEqual(['ok', [], { Phone: ' ' }]);
  });

  it('a value map that lists the empty text maps it', () => {
    const field: Field = { source: { path: 'feeding' }, destination: { path: 'Feeding' }, transform: { valueMap: { exclusive: 'Exclusive', '': 'Unknown' } } };
    expect(one(field, { feeding: '' })).toStrictEqual(['ok', [], { Feeding: 'Unknown' }]);
    // Multichoice text left blank: split keeps it blank, and the map's "" entry applies before the join.
    expect(one({ source: { path: 'm' }, destination: { path: 'M' }, transform: { valueMap: { a: 'A', '': 'NONE' }, format: { from: 'split', to: 'join', separator: ';' } } }, { m: '' })).toStrictEqual(['ok', [], { M: 'NONE' }]);
    expect(run([{ ...field, source: { path: 'visits[].feeding' }, destination: { path: 'events[].feeding' } }], { visits: [{ feeding: 'exclusive' }, { feeding: '' }] }).record).toStrictEqual({ events: [{ feeding: 'Exclusive' }, { feeding: 'Unknown' }] });
  });

  it('blank items of a repeat stay blank, item by item, and the other items are transformed', () => {
    const r = run(
      [
        { source: { path: 'visits[].weight' }, destination: { path: 'events[].weight', type: 'number' } },
        { source: { path: 'visits[].feeding' }, destination: { path: 'events[].feeding' }, transform: { valueMap: { mixed: 'Mixed' } } },
        { source: { path: 'visits[].date' }, destination: { path: 'events[].occurredAt' }, transform: { format: { from: 'dd/MM/yyyy', to: 'iso-date' } } },
      ],
      { visits: [{ weight: '', feeding: 'mixed', date: '05/09/2026' }, { weight: '4.1', feeding: '', date: '' }] },
    );
    expect(r.errors).toEqual([]);
    expect(r.record).toStrictEqual({ events: [{ weight: '', feeding: 'Mixed', occurredAt: '2026-09-05' }, { weight: 4.1, feeding: '', occurredAt: '' }] });
  });

  it('a value that is there is still judged: text that is not a phone number, a code the map lacks', () => {
    expect(one({ source: { path: 'p' }, destination: { path: 'P' }, transform: { format: { to: 'e164', country: 'KE' } } }, { p: 'n/a' })[1]).toEqual(['phone-invalid']);
    expect(one({ source: { path: 'p' }, destination: { path: 'P' }, transform: { valueMap: { yes: 'Y' } } }, { p: 'maybe' })[1]).toEqual(['unmapped-value']);
    expect(one({ source: { path: 'p' }, destination: { path: 'P', type: 'integer' } }, { p: ' ' })[1]).toEqual(['not-a-number']);
  });
});

describe('compileMapping: one field, one record', () => {
  it.each(cases)('$name', (c) => {
    const compiled = compileMapping(mapping([c.field]), options);
    const result = compiled.run(c.given);
    const field = result.fields[0];
    expect(field?.status).toBe(c.status);
    if (c.kind) expect(field?.kind).toBe(c.kind);
    if (c.error) {
      expect(field?.errors.map((e) => e.code)).toEqual([c.error]);
      if (c.pointer) expect(field?.errors[0]?.pointer).toBe(c.pointer);
      expect(result.errors).toHaveLength(1);
    } else expect(field?.errors).toEqual([]);
    if (c.record) expect(result.record).toEqual(c.record);
  });

  it('no error message quotes the value', () => {
    const secret = '078-05-1120';
    const fields: Field[] = [
      { source: { path: 's' }, destination: { path: 'a', type: 'integer' } },
      { source: { path: 's' }, destination: { path: 'b' }, transform: { valueMap: { x: 'y' } } },
      { source: { path: 's' }, destination: { path: 'c' }, transform: { format: { from: 'dd/MM/yyyy', to: 'iso-date' } } },
      { source: { path: 's' }, destination: { path: 'd' }, transform: { format: { to: 'e164' } } },
      { source: { path: 's' }, destination: { path: 'e' }, transform: { lookup: { system: 'salesforce', resource: 'Contact', by: 'Email', fixture: 'sampleData/salesforce-contacts.json' } } },
    ];
    const result = compileMapping(mapping(fields), options).run({ s: secret });
    expect(result.errors).toHaveLength(5);
    expect(JSON.stringify(result.errors)).not.toContain(secret);
  });
});

describe('whole records', () => {
  it('several DHIS2 attributes share one attributes array; the key is written', () => {
    const m = mapping(
      [
        { source: { path: 'firstName' }, destination: { path: 'attributes[attribute=w75KJ2mc4zz].value' } },
        { source: { path: 'lastName' }, destination: { path: 'attributes[attribute=zDhUuAYrxNC].value' } },
        { destination: { path: 'trackedEntityType' }, transform: { constant: 'nEenWmSyUEp' } },
      ],
      { destination: { system: 'dhis2', resource: 'trackedEntity', key: { source: 'visualId', destination: 'attributes[attribute=lZGmxYbs97q].value' } } },
    );
    const { record, fields } = compileMapping(m).run({ firstName: 'Amina', lastName: 'Otieno', visualId: 'CASE-0001' });
    expect(record).toEqual({
      attributes: [
        { attribute: 'w75KJ2mc4zz', value: 'Amina' },
        { attribute: 'zDhUuAYrxNC', value: 'Otieno' },
        { attribute: 'lZGmxYbs97q', value: 'CASE-0001' },
      ],
      trackedEntityType: 'nEenWmSyUEp',
    });
    expect(fields.map((f) => f.kind)).toEqual(['direct', 'direct', 'constant', 'key']);
  });

  it('a path conflict is an error of that field, not a crash', () => {
    const m = mapping([
      { source: { path: 'a' }, destination: { path: 'x' } },
      { source: { path: 'b' }, destination: { path: 'x.y' } },
    ]);
    const result = compileMapping(m).run({ a: 1, b: 2 });
    expect(result.record).toEqual({ x: 1 });
    expect(result.fields[1]?.errors[0]?.code).toBe('path-conflict');
  });

  it('deprecated fields are not run', () => {
    const result = compileMapping(mapping([{ source: { path: 'a' }, destination: { path: 'x' }, status: 'deprecated' }])).run({ a: 1 });
    expect(result.record).toEqual({});
    expect(result.fields).toEqual([]);
  });

  it('an invalid source path is a mapping problem at its pointer', () => {
    const compiled = compileMapping(mapping([{ source: { path: 'a..b' }, destination: { path: 'x' } }]));
    expect(compiled.problems.map((p) => [p.code, p.pointer])).toEqual([['path-invalid', '/fields/0/source/path']]);
  });
});

describe('jsonata', () => {
  const field = (jsonata: string): Field => ({ source: { paths: ['first', 'last'] }, destination: { path: 'Name' }, transform: { jsonata, description: 'd' } });

  it('is pending in the synchronous run and evaluated by runAsync', async () => {
    const compiled = compileMapping(mapping([field("first & ' ' & last")]));
    expect(compiled.hasJsonata).toBe(true);
    expect(compiled.run({ first: 'Amina', last: 'Otieno' }).fields[0]?.status).toBe('pending');
    const result = await compiled.runAsync({ first: 'Amina', last: 'Otieno' });
    expect(result.record).toEqual({ Name: 'Amina Otieno' });
    expect(result.fields[0]).toMatchObject({ kind: 'jsonata', status: 'ok' });
  });

  it('X1: infinite recursion is stopped by the budget with a finding', async () => {
    const compiled = compileMapping(mapping([field('($f := function($x){ $f($x) }; $f(1))')]));
    const started = Date.now();
    const result = await compiled.runAsync({});
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result.fields[0]?.status).toBe('error');
    expect(result.fields[0]?.errors[0]).toMatchObject({ code: 'jsonata-budget', pointer: '/fields/0/transform/jsonata' });
  });

  it('X1: a huge range is stopped by the budget', async () => {
    const result = await compileMapping(mapping([field('$count([1..10000000])')])).runAsync({});
    expect(result.fields[0]?.errors[0]?.code).toBe('jsonata-budget');
  });

  it('an evaluation error gives a code, not the value', async () => {
    const result = await compileMapping(mapping([field('$number(first)')])).runAsync({ first: 'SECRET-VALUE' });
    expect(result.fields[0]?.errors[0]?.code).toBe('jsonata-error');
    expect(JSON.stringify(result.errors)).not.toContain('SECRET');
  });

  it.each([
    ['a regex literal', '$match(first, /(a+)+$/)', 14],
    ['a regex literal after a comma', '$replace(first, /x/i, "y")', 16],
    ['a regex after an operator word', 'first and /x/', 10],
    ['$eval', '$eval("1")', 0],
  ])('O7: %s is refused before anything is compiled', (_name, expression, offset) => {
    const check = checkJsonata(expression);
    expect(check).toMatchObject({ ok: false, code: 'jsonata-regex', offset });
    const compiled = compileMapping(mapping([field(expression)]));
    expect(compiled.problems).toEqual([expect.objectContaining({ code: 'jsonata-regex', pointer: '/fields/0/transform/jsonata' })]);
    expect(compiled.run({}).fields[0]?.status).toBe('error');
  });

  it.each([
    ['division', 'a / b'],
    ['division after a call', '$count(x) / 2'],
    ['a slash in a string', '"a/b" & \'c/d\''],
    ['a slash in a backtick name', '`a/b`'],
    ['a slash in a comment', '/* a/b */ 1'],
  ])('O7: %s is not a regex', (_name, expression) => {
    expect(checkJsonata(expression)).toEqual({ ok: true });
  });

  it('a syntax error is a mapping problem', () => {
    const compiled = compileMapping(mapping([field('first &')]));
    expect(compiled.problems[0]?.code).toBe('jsonata-syntax');
  });
});
