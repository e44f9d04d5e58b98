import { describe, expect, it } from 'vitest';
import { importSheets } from '../src/index.js';
import { manifest, teamSheet, workbook } from './fixtures.js';

const at = (diags: { ruleId: string; message: string; range: { start: { line: number; column: number } } }[]) =>
  diags.map((d) => [d.ruleId, d.message.split(':')[0], d.range.start.line, d.range.start.column]);

describe('a team\'s own sheet, downloaded from Google Sheets as XLSX', () => {
  it('finds the columns by name, the systems from the merged group headers, the status from the fills, and reports every problem at its cell', async () => {
    const bytes = await workbook([teamSheet()]);
    const result = await importSheets(bytes, { file: 'sheets/patient.xlsx', format: 'xlsx', manifest, id: 'commcare-salesforce-patient' });
    const m = result.mappings[0]?.mapping;
    expect(m).toBeDefined();
    if (!m) return;
    expect(m.id).toBe('commcare-salesforce-patient');
    expect(m.source.system).toBe('commcare');
    expect(m.destination.system).toBe('salesforce');
    // The blank row in the middle is skipped; the row without a destination is reported, not imported.
    expect(m.fields.map((f) => f.destination.path)).toEqual(['CommCare_ID__c', 'Birth_Date__c', 'Gender__c', 'Phone__c', 'Country__c', 'Village__c']);
    const [id, dob, sex, phone, country, village] = m.fields;
    expect(id).toEqual({ source: { path: 'case_id', type: 'string', sample: '2b6f4e1c' }, destination: { path: 'CommCare_ID__c', type: 'string', required: true }, comment: 'External ID field' });
    expect(dob).toMatchObject({ source: { type: 'date' }, transform: { format: { from: 'dd/MM/yyyy', to: 'iso-date' } }, status: 'agreed' });
    // Yellow fill: needs-discussion; the value map cell becomes an inline value map; system types become the spec's.
    expect(sex).toMatchObject({ source: { type: 'choice' }, destination: { type: 'choice' }, transform: { valueMap: { male: 'Male', female: 'Female', other: 'Other' } }, status: 'needs-discussion' });
    // Green fill: new; free text kept as a described expression; a typed number sample stays a number.
    expect(phone).toMatchObject({ source: { sample: 32, type: 'string' }, transform: { expression: 'Add the +254 country code', description: 'Add the +254 country code' }, status: 'new' });
    expect(country).toEqual({ destination: { path: 'Country__c', type: 'string', maxLength: 50 }, transform: { constant: 'Kenya' } });
    expect(village?.destination.type).toBeUndefined();
    expect(at(result.diagnostics)).toEqual(
      expect.arrayContaining([
        ['sheet-unknown-column', 'Patient!H4', 4, 8],
        ['sheet-expression-kept', 'Patient!I9', 9, 9],
        ['sheet-field-path', 'Patient!A11', 11, 1],
        ['sheet-unknown-type', 'Patient!F11', 11, 6],
        ['sheet-value-map', 'Patient!I11', 11, 9],
        ['sheet-empty-destination', 'Patient!E12', 12, 5],
        ['sheet-resource', 'Patient!A1', 1, 1],
      ]),
    );
    expect(result.diagnostics.every((d) => d.file === 'sheets/patient.xlsx')).toBe(true);
    expect(result.diagnostics).toHaveLength(8);
  });

  it('takes the colours a Legend sheet names instead of yellow and green', async () => {
    const sheet = teamSheet();
    sheet.fills = { 5: 'FFF4CCCC', 7: 'FFFFFF00' };
    const legend = { name: 'Legend', rows: [['Colour', 'Meaning'], ['', 'Needs discussion'], ['', 'New field']], fills: { 2: 'FFF4CCCC', 3: 'FFCFE2F3' } };
    const result = await importSheets(await workbook([sheet, legend]), { file: 'p.xlsx', format: 'xlsx', manifest });
    const m = result.mappings[0]?.mapping;
    expect(m?.id).toBe('Patient');
    expect(m?.fields[0]?.status).toBe('needs-discussion');
    // Yellow is not in this legend: no status from it, and an info finding says so.
    expect(m?.fields[2]?.status).toBeUndefined();
    expect(at(result.diagnostics)).toEqual(expect.arrayContaining([['sheet-status', 'Patient!E7', 7, 5]]));
  });

  it('needs --source/--destination when the group headers name no system of the manifest', async () => {
    const sheet = teamSheet();
    sheet.rows[2] = ['Source', undefined, undefined, undefined, 'Destination'];
    const without = await importSheets(await workbook([sheet]), { file: 'p.xlsx', format: 'xlsx', manifest });
    expect(without.diagnostics.filter((d) => d.ruleId === 'sheet-system')).toHaveLength(2);
    const withFlags = await importSheets(await workbook([sheet]), { file: 'p.xlsx', format: 'xlsx', manifest, source: 'commcare:case (patient)', destination: 'salesforce:Patient__c' });
    expect(withFlags.diagnostics.filter((d) => d.ruleId === 'sheet-system' || d.ruleId === 'sheet-resource')).toEqual([]);
    expect(withFlags.mappings[0]?.mapping).toMatchObject({ source: { system: 'commcare', resource: 'case (patient)' }, destination: { system: 'salesforce', resource: 'Patient__c' } });
    expect(withFlags.mappings[0]?.mapping.fields).toHaveLength(6);
  });
});
