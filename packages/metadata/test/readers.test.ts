import { readFileSync } from 'node:fs';
import { loadProjects, nodeFs } from '@interop-design/core';
import type { Project } from '@interop-design/core';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { testdir } from '@interop-design/test-utils';
import type { TreeEntry } from '@interop-design/test-utils';
import { catalogueOf, findField, loadCatalogue, readers, resourcesNamed, structureOf } from '../src/index.js';
import type { MetadataInput } from '../src/index.js';

const fixture = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

function input(file: string, text: string): MetadataInput {
  const syntax = file.endsWith('.sql') ? 'sql' : file.endsWith('.json') ? 'json' : 'yaml';
  return { file, bytes: new TextEncoder().encode(text), text, syntax, value: syntax === 'json' ? JSON.parse(text) : syntax === 'yaml' ? (undefined) : undefined };
}

/** Which readers claim each fixture: exactly its own. */
const owners: [file: string, reader: string][] = [
  ['salesforce-Patient__c.json', 'salesforce-describe'],
  ['salesforce-bundle.json', 'salesforce-describe'],
  ['dhis2-package.json', 'dhis2-metadata'],
  ['dhis2-optionSet.json', 'dhis2-metadata'],
  ['kobo-asset.json', 'kobo-asset'],
  ['commcare-data-dictionary.json', 'commcare'],
  ['commcare-app.json', 'commcare'],
  ['godata-reference-data.json', 'godata'],
  ['godata-outbreak.json', 'godata'],
  ['openfn-metadata.json', 'openfn-metadata'],
  ['mssql.sql', 'sql-ddl'],
  ['postgres.sql', 'sql-ddl'],
];

describe('readers recognise their own files by content', () => {
  it.each(owners)('%s is read by %s alone', (file, reader) => {
    const claimed = readers.filter((r) => r.recognises(input(file, fixture(file)))).map((r) => r.id);
    expect(claimed).toEqual([reader]);
  });
  it('a renamed describe is still a describe; an OpenFn state is nobody\'s', () => {
    expect(readers.filter((r) => r.recognises(input('metadata/export (1).json', fixture('salesforce-Patient__c.json')))).map((r) => r.id)).toEqual(['salesforce-describe']);
    expect(readers.filter((r) => r.recognises(input('metadata/state.json', '{"data": {"fields": []}, "configuration": {}}'))).map((r) => r.id)).toEqual([]);
  });
});

function project(files: Record<string, TreeEntry>): Project {
  const [p] = loadProjects(nodeFs(testdir(files))).projects;
  if (!p) throw new Error('no project');
  return p;
}

/** The value, or a thrown error that fails the test. */
function must<T>(value: T | undefined | null): T {
  if (value === undefined || value === null) throw new Error('missing');
  return value;
}

const manifest = (systems: string): string => `name: Metadata\nsystems:\n${systems}`;

describe('catalogue', () => {
  it('Salesforce: one object per file or several; types, lengths, picklists, writability, keys, required', () => {
    const p = project({
      'interop-design.yaml': manifest('  sf: { type: salesforce, metadata: ["metadata/salesforce-Patient__c.json", "metadata/bundle/*.json"] }\n'),
      'metadata/salesforce-Patient__c.json': fixture('salesforce-Patient__c.json'),
      'metadata/bundle/objects.json': fixture('salesforce-bundle.json'),
    });
    const c = catalogueOf(p);
    expect(c.diagnostics).toEqual([]);
    const sf = c.systems.get('sf');
    expect(sf?.resources.map((r) => r.id)).toEqual(['Patient__c', 'Visit__c', 'Contact']);
    const patient = resourcesNamed(must(sf), 'Patient__c');
    const gender = findField(patient, 'Gender__c');
    expect(gender.kind === 'found' && gender.field).toMatchObject({ type: 'picklist', family: 'choice', maxLength: 255, restricted: true });
    expect(gender.kind === 'found' && gender.field.choices?.find((x) => x.value === 'Unknown')?.active).toBe(false);
    const last = findField(patient, 'LastActivityDate');
    expect(last.kind === 'found' && last.field.writable).toEqual({ create: false, update: false });
    const ext = findField(patient, 'CommCare_ID__c');
    expect(ext.kind === 'found' && ext.field.key).toBe(true);
    const required = [...must(patient[0]).fields.values()].filter((f) => f.required).map((f) => f.path);
    expect(required).toEqual(['Birth_Date__c']);
    const typo = findField(patient, 'Birth_Dat__c');
    expect(typo).toEqual({ kind: 'unknown', suggestions: ['Birth_Date__c'] });
    // The related location: the field's entry in the describe.
    const bd = findField(patient, 'Birth_Date__c');
    expect(bd.kind === 'found' && c.locate(bd.field.origin).start.line).toBe(fixture('salesforce-Patient__c.json').split('\n').findIndex((l) => l.includes('"name": "Birth_Date__c"')) + 1);
  });

  it('DHIS2: programs and stages by UID, attributes and data elements with value types and option codes', () => {
    const p = project({
      'interop-design.yaml': manifest('  dhis2: { type: dhis2, metadata: ["metadata/dhis2-package.json", "metadata/dhis2-optionSet.json"] }\n'),
      'metadata/dhis2-package.json': fixture('dhis2-package.json'),
      'metadata/dhis2-optionSet.json': fixture('dhis2-optionSet.json'),
    });
    const c = catalogueOf(p);
    const d = must(c.systems.get('dhis2'));
    const named = resourcesNamed(d, 'event (program=IpHINAT79UW, programStage=A03MvHHogjR)');
    expect(named.map((r) => r.id).sort()).toEqual(['A03MvHHogjR', 'IpHINAT79UW']);
    const weight = findField(named, 'dataValues[dataElement=UXz7xuGCEhU].value');
    expect(weight.kind === 'found' && weight.field).toMatchObject({ type: 'INTEGER_POSITIVE', family: 'integer', required: true });
    const gender = findField(named, 'attributes[attribute=cejWyOfXge6].value');
    expect(gender.kind === 'found' && gender.field.choices?.map((x) => x.value)).toEqual(['Male', 'Female']);
    expect(findField(named, 'attributes[attribute=cejWyOfXg6].value')).toMatchObject({ kind: 'unknown', suggestions: ['attributes[attribute=cejWyOfXge6].value'] });
    expect(findField(named, 'orgUnit')).toEqual({ kind: 'open' });
    // A program alone also has its stages' data elements (an enrollment carries its events), never required there.
    const program = resourcesNamed(d, 'trackedEntity (child programme)');
    expect(program.map((r) => r.id)).toEqual(['IpHINAT79UW']);
    const inEvent = findField(program, 'enrollments[0].events[programStage=A03MvHHogjR].dataValues[dataElement=UXz7xuGCEhU].value');
    expect(inEvent.kind === 'found' && [inEvent.field.type, inEvent.field.required]).toEqual(['INTEGER_POSITIVE', false]);
    // Listed where a tracker import writes them: in the enrollment's event of that stage.
    expect([...must(program[0]).fields.keys()].filter((k) => k.includes('dataValues'))).toEqual([
      'enrollments[0].events[programStage=A03MvHHogjR].dataValues[dataElement=UXz7xuGCEhU].value',
      'enrollments[0].events[programStage=A03MvHHogjR].dataValues[dataElement=a3kGcGDCuk6].value',
      'enrollments[0].events[programStage=A03MvHHogjR].dataValues[dataElement=wQLfBvPrXqq].value',
      'enrollments[0].events[programStage=ZzYYXq4fJie].dataValues[dataElement=GQY2lXrypjO].value',
    ]);
    // The structure a tracker import needs: the values the export gives, the rest named for the designer.
    expect(must(program[0]).structure?.map((f) => [f.path, f.constant])).toEqual([
      ['trackedEntityType', 'nEenWmSyUEp'],
      ['orgUnit', undefined],
      ['enrollments[0].program', 'IpHINAT79UW'],
      ['enrollments[0].orgUnit', undefined],
      ['enrollments[0].enrolledAt', undefined],
      ['enrollments[0].events[programStage=A03MvHHogjR].orgUnit', undefined],
      ['enrollments[0].events[programStage=A03MvHHogjR].occurredAt', undefined],
      ['enrollments[0].events[programStage=ZzYYXq4fJie].orgUnit', undefined],
      ['enrollments[0].events[programStage=ZzYYXq4fJie].occurredAt', undefined],
    ]);
    expect(d.choiceSets.get('TQ2lai3OfVG')?.choices.map((x) => x.value)).toEqual(['MALNUTRITION', 'FEVER']);
  });

  it('Kobo asset: group paths, select lists, relevant questions are conditional', () => {
    const p = project({ 'interop-design.yaml': manifest('  kobo: { type: kobo, metadata: metadata/kobo-asset.json }\n'), 'metadata/kobo-asset.json': fixture('kobo-asset.json') });
    const k = must(catalogueOf(p).systems.get('kobo'));
    const form = resourcesNamed(k, 'submission of aBc4XyZ9mQwErTy5uIoP7a');
    expect(form).toHaveLength(1);
    expect(resourcesNamed(k, 'submission of aBc4XyZ9mQwErTy5uIoP7A')).toEqual([]);
    expect(resourcesNamed(k, 'submission (household wash survey 2026)')).toEqual(form);
    const other = findField(form, '["wash/water_source_other"]');
    expect(other.kind === 'found' && other.field.conditional).toBe(true);
    const src = findField(form, 'wash/water_source');
    expect(src.kind === 'found' && src.field.choices?.map((x) => x.value)).toEqual(['piped', 'well', 'other']);
    expect(findField(form, '_submission_time').kind).toBe('found');
    expect(findField(form, '_geolocation')).toEqual({ kind: 'open' });
    expect(findField(form, 'water_source')).toMatchObject({ kind: 'unknown', suggestions: ['wash/water_source'] });
  });

  it('XLSForm workbook: survey and choices sheets read with exceljs, row numbers as lines', async () => {
    const wb = new ExcelJS.Workbook();
    const survey = wb.addWorksheet('survey');
    survey.addRows([['type', 'name', 'label::English (en)', 'required', 'relevant'], ['select_one yes_no', 'consent', 'Consent?', 'yes', ''], ['begin_group', 'child', 'Child', '', '${consent} = \'yes\''], ['integer', 'age_months', 'Age in months', 'yes', ''], ['end_group', '', '', '', '']]);
    const choices = wb.addWorksheet('choices');
    choices.addRows([['list_name', 'name', 'label::English (en)'], ['yes_no', 'yes', 'Yes'], ['yes_no', 'no', 'No']]);
    wb.addWorksheet('settings').addRows([['form_title', 'form_id'], ['Child nutrition', 'child_nutrition']]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const p = project({ 'interop-design.yaml': manifest('  kobo: { type: kobo, metadata: metadata/child.xlsx }\n'), 'metadata/child.xlsx': bytes });
    expect(catalogueOf(project({ 'interop-design.yaml': manifest('  kobo: { type: kobo, metadata: metadata/child.xlsx }\n'), 'metadata/child.xlsx': bytes })).diagnostics.map((d) => d.ruleId)).toEqual(['metadata-not-read']);
    const c = await loadCatalogue(p);
    expect(c.diagnostics).toEqual([]);
    const form = resourcesNamed(must(c.systems.get('kobo')), 'child_nutrition');
    const age = findField(form, 'child/age_months');
    expect(age.kind === 'found' && [age.field.family, age.field.required, age.field.conditional, c.locate(age.field.origin).start.line]).toEqual(['integer', true, true, 4]);
    const consent = findField(form, 'consent');
    expect(consent.kind === 'found' && consent.field.choices?.map((x) => x.value)).toEqual(['yes', 'no']);
  });

  it('DHIS2: an event program records events; a stage is part of its program', () => {
    const metadata = {
      programs: [
        { id: 'eBAyeGv0exc', name: 'Inpatient morbidity and mortality', programType: 'WITHOUT_REGISTRATION', programStages: [{ id: 'Zj7UnCAulEk' }] },
        { id: 'IpHINAT79UW', name: 'Child Programme', programType: 'WITH_REGISTRATION', trackedEntityType: { id: 'nEenWmSyUEp' }, programStages: [{ id: 'A03MvHHogjR' }] },
      ],
      programStages: [
        { id: 'Zj7UnCAulEk', name: 'Single-Event Inpatient', programStageDataElements: [{ dataElement: { id: 'qrur9Dvnyt5' }, compulsory: true }] },
        { id: 'A03MvHHogjR', name: 'Birth', programStageDataElements: [{ dataElement: { id: 'UXz7xuGCEhU' }, compulsory: true }] },
      ],
      dataElements: [{ id: 'qrur9Dvnyt5', name: 'Age in years', valueType: 'INTEGER' }, { id: 'UXz7xuGCEhU', name: 'Weight (g)', valueType: 'INTEGER_POSITIVE' }],
    };
    const p = project({ 'interop-design.yaml': manifest('  dhis2: { type: dhis2, metadata: metadata/dhis2.json }\n'), 'metadata/dhis2.json': JSON.stringify(metadata) });
    const d = must(catalogueOf(p).systems.get('dhis2'));
    const events = resourcesNamed(d, 'Inpatient morbidity and mortality');
    // The tracker API's Event: programStage, orgUnit and occurredAt (`program` is only read; no enrollment in an event program).
    expect(structureOf(events).map(({ part }) => [part.path, part.constant])).toEqual([['programStage', 'Zj7UnCAulEk'], ['orgUnit', undefined], ['occurredAt', undefined]]);
    // Its data elements are the event's own (required where compulsory), not an enrollment's.
    const age = findField(events, 'dataValues[dataElement=qrur9Dvnyt5].value');
    expect(age.kind === 'found' && [age.field.type, age.field.required]).toEqual(['INTEGER', true]);
    // A tracker program named with one of its stages: the record is the stage's event.
    const birth = resourcesNamed(d, 'event (program=IpHINAT79UW, programStage=A03MvHHogjR)');
    expect(birth.map((r) => [r.id, r.partOf])).toEqual([['A03MvHHogjR', 'IpHINAT79UW'], ['IpHINAT79UW', undefined]]);
    // An event of a tracker program imported on its own names the enrollment it belongs to.
    expect(structureOf(birth).map(({ resource, part }) => [resource.id, part.path, part.constant])).toEqual([
      ['A03MvHHogjR', 'programStage', 'A03MvHHogjR'],
      ['A03MvHHogjR', 'enrollment', undefined],
      ['A03MvHHogjR', 'orgUnit', undefined],
      ['A03MvHHogjR', 'occurredAt', undefined],
    ]);
    // The program alone: a tracked entity with its enrollment.
    expect(structureOf(resourcesNamed(d, 'Child Programme')).map(({ part }) => part.path).slice(0, 2)).toEqual(['trackedEntityType', 'orgUnit']);
  });

  it('DHIS2: a data set is a data value set: its data elements, and the period (in its period type) and org unit', () => {
    const metadata = {
      dataSets: [
        { id: 'pBOMPrpg1QX', name: 'Mortality < 5 years', periodType: 'Monthly', dataSetElements: [{ dataSet: { id: 'pBOMPrpg1QX' }, dataElement: { id: 'f7n9E0hX8qk' } }] },
        { id: 'QX4ZTUbOt3a', name: 'Reproductive Health', periodType: 'Quarterly', dataSetElements: [] },
        { id: 'Lpw6GcnTrmS', name: 'Emergency Response' },
        // A hostile export: period types named like Object.prototype's members are unknown types.
        { id: 'ProtoSet001', name: 'Proto', periodType: '__proto__' },
        { id: 'CtorSet0001', name: 'Ctor', periodType: 'constructor' },
      ],
      dataElements: [{ id: 'f7n9E0hX8qk', name: 'Measles', domainType: 'AGGREGATE', valueType: 'INTEGER_ZERO_OR_POSITIVE' }],
    };
    const p = project({ 'interop-design.yaml': manifest('  dhis2: { type: dhis2, metadata: metadata/dhis2.json }\n'), 'metadata/dhis2.json': JSON.stringify(metadata) });
    const d = must(catalogueOf(p).systems.get('dhis2'));
    const mortality = resourcesNamed(d, 'Mortality < 5 years');
    const measles = findField(mortality, 'dataValues[dataElement=f7n9E0hX8qk].value');
    expect(measles.kind === 'found' && [measles.field.type, measles.field.required]).toEqual(['INTEGER_ZERO_OR_POSITIVE', false]);
    expect(structureOf(mortality).map(({ part }) => [part.path, part.aliases, part.note])).toEqual([
      ['period', ['dataValues[].period'], 'the period of the values, Monthly: yyyyMM, such as 202401; on the data value set or on each value'],
      ['orgUnit', ['dataValues[].orgUnit'], 'the organisation unit of the values; on the data value set or on each value'],
    ]);
    expect(structureOf(resourcesNamed(d, 'Reproductive Health'))[0]?.part.note).toBe('the period of the values, Quarterly: yyyyQn, such as 2024Q1; on the data value set or on each value');
    // The form a value must have: a period of the data set's type (Daily also read as yyyy-MM-dd).
    const monthly = structureOf(mortality)[0]?.part.value;
    expect([monthly?.what, monthly?.datePatterns, ['202401', '202412', '202413', '2024-01', '2024'].map((v) => monthly?.pattern.test(v))]).toEqual(['a Monthly period', ['yyyyMM'], [true, true, false, false, false]]);
    const quarterly = structureOf(resourcesNamed(d, 'Reproductive Health'))[0]?.part.value;
    expect([quarterly?.datePatterns, ['2024Q1', '2024Q5', '202401'].map((v) => quarterly?.pattern.test(v))]).toEqual([undefined, [true, false, false]]);
    for (const name of ['Proto', 'Ctor']) expect(structureOf(resourcesNamed(d, name))[0]?.part.value).toBeUndefined();
    // No period type in the export: the period is asked without a format.
    expect(structureOf(resourcesNamed(d, 'Emergency Response'))[0]?.part.note).toBe('the period of the values; on the data value set or on each value');
  });

  it('CommCare: data dictionary properties (deprecated left out) and form questions', () => {
    const p = project({
      'interop-design.yaml': manifest('  commcare: { type: commcare, metadata: "metadata/commcare-*.json" }\n'),
      'metadata/commcare-data-dictionary.json': fixture('commcare-data-dictionary.json'),
      'metadata/commcare-app.json': fixture('commcare-app.json'),
    });
    const cc = must(catalogueOf(p).systems.get('commcare'));
    const patient = resourcesNamed(cc, 'case (patient)');
    expect(patient.map((r) => r.kind)).toEqual(['case type']);
    expect(findField(patient, 'properties.dob').kind).toBe('found');
    expect(findField(patient, 'properties.old_village').kind).toBe('unknown');
    expect(findField(patient, 'case_id')).toEqual({ kind: 'open' });
    // What a new case needs (Case Data API v2), and where a form's case block writes it.
    expect(must(patient[0]).structure?.map((f) => [f.path, f.constant, f.aliases])).toEqual([
      ['case_type', 'patient', ['case.create.case_type', 'form.case.create.case_type']],
      ['case_name', undefined, ['case.create.case_name', 'form.case.create.case_name']],
      ['owner_id', undefined, ['case.create.owner_id', 'form.case.create.owner_id']],
    ]);
    const form = resourcesNamed(cc, 'Register Patient');
    const preg = findField(form, 'form.pregnancy.is_pregnant');
    expect(preg.kind === 'found' && [preg.field.conditional, preg.field.choices?.length]).toEqual([true, 2]);
  });

  it('Go.Data: reference data applies to every mapping; questionnaire variables', () => {
    const p = project({
      'interop-design.yaml': manifest('  godata: { type: godata, metadata: [metadata/godata-reference-data.json, metadata/godata-outbreak.json] }\n'),
      'metadata/godata-reference-data.json': fixture('godata-reference-data.json'),
      'metadata/godata-outbreak.json': fixture('godata-outbreak.json'),
    });
    const g = must(catalogueOf(p).systems.get('godata'));
    expect(g.choiceSets.get('LNG_REFERENCE_DATA_CATEGORY_GENDER')?.choices.map((x) => x.value)).toEqual(['LNG_REFERENCE_DATA_CATEGORY_GENDER_FEMALE', 'LNG_REFERENCE_DATA_CATEGORY_GENDER_MALE']);
    expect(g.fieldChoiceSets.get('addresses[].typeId')?.set).toBe('LNG_REFERENCE_DATA_CATEGORY_ADDRESS_TYPE');
    const q = resourcesNamed(g, 'case (outbreak 3b5554d7-2c19-41d0-b9af-475ad25a382b)');
    expect(findField(q, 'questionnaireAnswers.admission_date[0].value').kind).toBe('found');
  });

  it('SQL Server and Postgres DDL: lengths, NOT NULL, defaults, identity, keys, CHECK lists, lines', () => {
    const p = project({
      'interop-design.yaml': manifest('  mssql: { type: mssql, metadata: metadata/mssql.sql }\n  pg: { type: postgres, metadata: metadata/postgres.sql }\n'),
      'metadata/mssql.sql': fixture('mssql.sql'),
      'metadata/postgres.sql': fixture('postgres.sql'),
    });
    const c = catalogueOf(p);
    expect(c.diagnostics).toEqual([]);
    const t = resourcesNamed(must(c.systems.get('mssql')), 'dbo.household_survey');
    const f = (path: string) => {
      const m = findField(t, path);
      if (m.kind !== 'found') throw new Error(path);
      return m.field;
    };
    expect([...must(t[0]).fields.values()].filter((x) => x.required).map((x) => x.path)).toEqual(['kobo_uuid', 'district', 'members']);
    expect(f('id')).toMatchObject({ writable: { create: false, update: false }, key: true });
    expect(f('kobo_uuid')).toMatchObject({ key: true, maxLength: 36 });
    expect(f('water_source').choices?.map((x) => x.value)).toEqual(['PIPED', 'WELL', 'OTHER']);
    expect(c.locate(f('members').origin).start).toEqual({ line: 9, column: 3 });
    const pg = resourcesNamed(must(c.systems.get('pg')), 'public.patient');
    expect([...must(pg[0]).fields.values()].filter((x) => x.required).map((x) => x.path)).toEqual(['national_id', 'full_name']);
  });

  it('OpenFn adaptor metadata and *.fields.yaml with several resources', () => {
    const p = project({
      'interop-design.yaml': manifest('  sf: { type: salesforce, metadata: metadata/openfn-metadata.json }\n  progres: { type: progres, metadata: metadata/contacts.fields.yaml }\n'),
      'metadata/openfn-metadata.json': fixture('openfn-metadata.json'),
      'metadata/contacts.fields.yaml': fixture('contacts.fields.yaml'),
    });
    const c = catalogueOf(p);
    expect(c.diagnostics).toEqual([]);
    const ext = findField(resourcesNamed(must(c.systems.get('sf')), 'Patient__c'), 'CommCare_ID__c');
    expect(ext.kind === 'found' && ext.field.key).toBe(true);
    const progres = must(c.systems.get('progres'));
    expect(resourcesNamed(progres, 'Household').map((r) => [...r.fields.keys()])).toEqual([['household_id']]);
    const sex = findField(resourcesNamed(progres, 'Individual'), 'sex');
    expect(sex.kind === 'found' && sex.field.choices?.map((x) => x.value)).toEqual(['M', 'F', 'U']);
  });
});

describe('loading is safe', () => {
  it('invalid JSON is metadata-syntax at its line and column; unknown files are metadata-unrecognised', () => {
    const p = project({
      'interop-design.yaml': manifest('  sf: { type: salesforce, metadata: metadata/broken.json }\n'),
      'metadata/broken.json': '{\n  "name": "Patient__c",\n  "fields": [\n    { "name": "Id", }\n  ]\n}\n',
      'metadata/notes.json': '{"hello": "world"}',
      'metadata/README.md': '# exports',
    });
    expect(catalogueOf(p).diagnostics.map((d) => [d.ruleId, d.file, d.range.start.line, d.range.start.column])).toEqual([
      ['metadata-syntax', 'metadata/broken.json', 4, 19],
      ['metadata-unrecognised', 'metadata/notes.json', 1, 1],
    ]);
  });
  it('M1: a metadata file named from outside metadata/ keeps the 64 MiB cap, and is not read past it', () => {
    const big = new Uint8Array(64 * 1024 * 1024 + 1).fill(0x20);
    const p = project({ 'interop-design.yaml': manifest('  sf: { type: salesforce, metadata: exports/bundle.json }\n'), 'exports/bundle.json': big });
    const c = catalogueOf(p);
    expect(c.diagnostics.map((d) => [d.ruleId, d.file])).toEqual([['file-too-large', 'exports/bundle.json']]);
    expect(c.systems.get('sf')?.resources).toEqual([]);
  });

  it('invalid DDL is metadata-syntax at the parser\'s line', () => {
    const p = project({ 'interop-design.yaml': manifest('  db: { type: postgres, metadata: metadata/t.sql }\n'), 'metadata/t.sql': 'CREATE TABLE t (\n  id int,\n  name varchar(20) NOT NUL\n);\n' });
    const [d] = catalogueOf(p).diagnostics;
    expect([d?.ruleId, d?.range.start.line]).toEqual(['metadata-syntax', 3]);
  });
  it('a symlinked or escaping metadata path is never read; a glob that matches nothing is a warning', () => {
    const p = project({
      'interop-design.yaml': manifest('  a: { type: salesforce, metadata: metadata/link.json }\n  b: { type: salesforce, metadata: ../../etc/passwd }\n  c: { type: salesforce, metadata: "metadata/none/*.json" }\n'),
      'metadata/link.json': { symlink: '../.git/config' },
    });
    const c = catalogueOf(p);
    expect(c.systems.get('a')?.files).toEqual([]);
    expect(c.systems.get('b')?.files).toEqual([]);
    expect(c.diagnostics.map((d) => [d.ruleId, d.path])).toEqual([['metadata-no-match', '/systems/c/metadata']]);
    expect(p.diagnostics.map((d) => d.ruleId).sort()).toEqual(['file-symlink', 'file-symlink', 'path-escapes-repository']);
  });
});
