import { familyFieldType, readers, systemTypes } from '@interop-design/metadata';
import type { CatalogueField, MetadataInput, ReadResult, TypeSystem } from '@interop-design/metadata';
import { describe, expect, it } from 'vitest';
import { importSheets } from '../src/index.js';
import { manifest } from './fixtures.js';

/**
 * One vocabulary of system types (packages/metadata/src/vocabulary.ts): for every type name of
 * every system, the metadata reader of that system, reading a real-shaped export that declares a
 * field of that type, and the sheet importer, reading a sheet whose Type column says it, agree.
 */

const json = (file: string, value: unknown): MetadataInput => {
  const text = JSON.stringify(value);
  return { file, bytes: new TextEncoder().encode(text), text, value, syntax: 'json' };
};

/** An export of `system` declaring one field per type name (`q0`, `q1` ...), in the format its reader reads. */
const exports: Partial<Record<TypeSystem, (types: readonly string[]) => MetadataInput[]>> = {
  salesforce: (types) => [json('metadata/T__c.describe.json', { name: 'T__c', label: 'T', fields: types.map((type, i) => ({ name: `q${String(i)}`, type, nillable: true, createable: true, updateable: true, length: 0, picklistValues: [] })) })],
  dhis2: (types) => [json('metadata/dhis2.json', {
    trackedEntityAttributes: types.map((valueType, i) => ({ id: `Attr${String(i).padStart(7, '0')}`, name: `q${String(i)}`, valueType })),
    programs: [{ id: 'IpHINAT79UW', name: 'Child Programme', programTrackedEntityAttributes: types.map((_, i) => ({ trackedEntityAttribute: { id: `Attr${String(i).padStart(7, '0')}` }, mandatory: false })) }],
  })],
  kobo: (types) => [json('metadata/form.json', { uid: 'aHx7kP2qLm9RtY3wZ5vB8c', name: 'Form', content: { survey: types.map((type, i) => ({ type, name: `q${String(i)}`, label: ['Q'] })), choices: [], settings: { id_string: 'form' } } })],
  commcareDictionary: (types) => [json('metadata/dictionary.json', { case_types: [{ name: 'patient', properties: types.map((data_type, i) => ({ name: `q${String(i)}`, data_type, label: 'Q' })) }] })],
  commcareQuestion: (types) => [json('metadata/app.json', { modules: [{ name: { en: 'M' }, forms: [{ xmlns: 'http://openrosa.org/formdesigner/F', name: { en: 'F' }, questions: types.map((type, i) => ({ value: `/data/q${String(i)}`, type, label: 'Q' })) }] }] })],
  godata: (types) => [json('metadata/outbreak.json', { id: 'outbreak-1', name: 'Outbreak', caseInvestigationTemplate: types.map((t, i) => ({ variable: `q${String(i)}`, text: 'Q', answerType: `LNG_REFERENCE_DATA_CATEGORY_QUESTION_ANSWER_TYPE_${t}`, answers: [] })) })],
  // One file per column type: a file holding a type one dialect lacks would not parse at all.
  sql: (types) => types.map((type, i) => {
    // SQL Server's national character types are declared with their length.
    const text = `CREATE TABLE t${String(i)} (\n  q${String(i)} ${type === 'nchar' || type === 'nvarchar' ? `${type}(50)` : type}\n);\n`;
    return { file: `metadata/t${String(i)}.sql`, bytes: new TextEncoder().encode(text), text, syntax: 'sql' };
  }),
  design: (types) => [json('metadata/t.fields.json', { resource: 't', fields: types.map((type, i) => ({ name: `q${String(i)}`, type })) })],
};

/** The fields the system's reader reads from its export, by field name (`q<i>`, the last path segment). */
async function readFields(system: TypeSystem, types: readonly string[]): Promise<Map<string, CatalogueField>> {
  const out = new Map<string, CatalogueField>();
  for (const input of exports[system]?.(types) ?? []) {
    const reader = readers.find((r) => r.recognises(input));
    if (!reader) throw new Error(`no reader recognises ${input.file}`);
    const result: ReadResult = await reader.read(input);
    expect(result.syntaxError, `${input.file}: ${input.text ?? ''}`).toBeUndefined();
    for (const r of result.resources) for (const f of r.fields.values()) {
      const name = /q\d+/u.exec(f.path)?.[0] ?? (f.label && /^q\d+$/u.test(f.label) ? f.label : undefined);
      if (name !== undefined && !out.has(name)) out.set(name, f);
    }
  }
  return out;
}

/** The spec types the sheet importer gives destination fields whose Type column says each name. */
async function importedTypes(types: readonly string[]): Promise<(string | undefined)[]> {
  const csv = ['Source field,Source type,Destination field,Destination type', ...types.map((t, i) => `s${String(i)},,d${String(i)},${t}`)].join('\r\n') + '\r\n';
  const result = await importSheets(new TextEncoder().encode(csv), { file: 'sheets/types.csv', format: 'csv', manifest, source: 'commcare:case', destination: 'salesforce:Patient__c' });
  const fields = result.mappings[0]?.mapping.fields ?? [];
  return types.map((_, i) => fields.find((f) => f.destination.path === `d${String(i)}`)?.destination.type);
}

const systems = Object.keys(systemTypes) as TypeSystem[];
/** Tables no reader writes: sheet words, and SQL names the parser reports otherwise or does not parse. */
const sheetOnly: readonly TypeSystem[] = ['sheet', 'sqlAliases'];

describe('one type vocabulary for the metadata readers and the sheet importer', () => {
  it.each(systems.filter((s) => !sheetOnly.includes(s)))('%s: the reader gives every type of the table its family, and the importer its spec type', async (system) => {
    const table: Readonly<Record<string, string>> = systemTypes[system];
    const types = Object.keys(table);
    const fields = await readFields(system, types);
    const imported = await importedTypes(types);
    const rows = types.map((type, i) => {
      const f = fields.get(`q${String(i)}`);
      return { type, read: f?.type, family: f?.family, imported: imported[i] };
    });
    // The reader keeps the system's type name (SQL and Kobo lower-cased, as the tables are keyed) and takes its family from the table.
    expect(rows).toEqual(types.map((type) => ({ type, read: type, family: table[type], imported: familyFieldType[table[type] as keyof typeof familyFieldType] })));
  });

  it.each(sheetOnly)('%s (no reader writes them): every name imports as its family\'s spec type', async (system) => {
    const table: Readonly<Record<string, string>> = systemTypes[system];
    const types = Object.keys(table);
    expect(await importedTypes(types)).toEqual(types.map((t) => familyFieldType[table[t] as keyof typeof familyFieldType]));
  });

  it('every table is held by a test above: a new system table needs its export here', () => {
    expect(systems.filter((s) => !sheetOnly.includes(s) && !exports[s])).toEqual([]);
  });
});
