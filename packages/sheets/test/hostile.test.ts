import { strFromU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { exportWorkbook, importSheets, sheetLimits } from '../src/index.js';
import { exportInput, loadExample } from './helpers.js';
import { manifest, teamSheet, workbook } from './fixtures.js';

const opts = { file: 'in.xlsx', format: 'xlsx' as const, manifest, source: 'commcare:case', destination: 'salesforce:Patient__c' };

describe('hardening: hostile workbooks (M2)', () => {
  it('M2: refuses a zip bomb from the zip directory, before anything is inflated', async () => {
    const bomb = zipSync({ '[Content_Types].xml': new Uint8Array(10), 'xl/worksheets/sheet1.xml': new Uint8Array(8 * 1024 * 1024) }, { level: 6 });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const before = process.memoryUsage().rss;
    const r = await importSheets(bomb, opts);
    expect(r.mappings).toEqual([]);
    expect(r.diagnostics.map((d) => [d.ruleId, d.severity])).toEqual([['sheet-zip-bomb', 'error']]);
    expect(process.memoryUsage().rss - before).toBeLessThan(40 * 1024 * 1024);
  });

  it('M2: refuses a workbook whose entries inflate past the cap, and a file that is no zip at all', async () => {
    // Random bytes barely compress: no ratio alarm, only the total.
    const noise = new Uint8Array(sheetLimits.uncompressedBytes + 1024);
    for (let i = 0; i < noise.length; i += 65536) crypto.getRandomValues(noise.subarray(i, Math.min(i + 65536, noise.length)));
    const big = zipSync({ 'xl/media/image1.png': noise }, { level: 0 });
    expect((await importSheets(big, opts)).diagnostics.map((d) => d.ruleId)).toEqual(['sheet-too-large']);
    const notZip = await importSheets(new TextEncoder().encode('<html>not a workbook</html>'), opts);
    expect(notZip.diagnostics.map((d) => d.ruleId)).toEqual(['sheet-unreadable']);
    const truncated = await importSheets((await workbook([teamSheet()])).slice(0, 900), opts);
    expect(truncated.diagnostics.map((d) => d.ruleId)).toEqual(['sheet-unreadable']);
  });

  it('M2: caps a sheet of many rows with a finding and still imports what it read', async () => {
    const sheet = teamSheet();
    for (let i = 0; i < sheetLimits.rows + 500; i++) sheet.rows.push([`q${i}`, 'text', undefined, undefined, `F${i}__c`, 'text']);
    const r = await importSheets(await workbook([sheet]), opts);
    const capped = r.diagnostics.filter((d) => d.ruleId === 'sheet-rows-capped');
    expect(capped.map((d) => [d.severity, d.range.start.line])).toEqual([['warning', sheetLimits.rows]]);
    expect(r.mappings[0]?.mapping.fields.length).toBe(sheetLimits.rows - 4 - 2);
  });

  it('M2: reads a formula as its saved result and never evaluates one', async () => {
    const sheet = teamSheet();
    sheet.rows[4] = ['case_id', 'text', undefined, undefined, { formula: 'CONCATENATE("CommCare","_ID__c")', result: 'CommCare_ID__c' }, 'text', 'yes'];
    sheet.rows[9] = [undefined, undefined, undefined, undefined, 'Country__c', 'text', undefined, undefined, { formula: 'WEBSERVICE("http://attacker.example/x")' }];
    const r = await importSheets(await workbook([sheet]), opts);
    const fields = r.mappings[0]?.mapping.fields ?? [];
    expect(fields[0]?.destination.path).toBe('CommCare_ID__c');
    // No saved result: the cell is empty (direct), never fetched or computed.
    expect(fields.find((f) => f.destination.path === 'Country__c')?.transform).toBeUndefined();
    expect(r.diagnostics.filter((d) => d.ruleId === 'sheet-formula').map((d) => d.message.split(':')[0])).toEqual(['Patient!E5', 'Patient!I10']);
  });

  it('P5: __proto__, constructor and prototype in cells stay plain keys', async () => {
    const sheet = teamSheet();
    sheet.rows[6] = ['properties.sex', 'constructor', undefined, undefined, 'Gender__c', '__proto__', undefined, undefined, '__proto__ -> polluted; constructor -> x; prototype -> y'];
    const r = await importSheets(await workbook([sheet]), opts);
    const sex = r.mappings[0]?.mapping.fields.find((f) => f.destination.path === 'Gender__c');
    expect(Object.keys(sex?.transform?.valueMap as object)).toEqual(['__proto__', 'constructor', 'prototype']);
    expect(sex?.source?.type).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(r.diagnostics.filter((d) => d.ruleId === 'sheet-unknown-type')).toHaveLength(3);
  });

  it('B1/O2: writes every user text as text: no formula, no link in the exported workbook', async () => {
    const input = exportInput(loadExample('commcare-salesforce'));
    const m = structuredClone(input.mappings[0]);
    if (!m?.fields[0]) throw new Error('no field');
    m.fields[0].comment = '=HYPERLINK("http://attacker.example","x")';
    m.fields[0].notes = '+1-2';
    m.title = '<script>alert(1)</script> -cmd|calc!A1';
    const bytes = await exportWorkbook({ ...input, mappings: [m] });
    const entries = unzipSync(bytes);
    const xml = Object.entries(entries).filter(([name]) => name.startsWith('xl/worksheets/')).map(([, data]) => strFromU8(data)).join('');
    expect(xml).not.toMatch(/<f[ >]/);
    expect(xml).not.toMatch(/<hyperlink/);
    const back = await importSheets(bytes, { file: 'o.xlsx', format: 'xlsx', manifest: input.manifest });
    const field = back.mappings[0]?.mapping.fields[0];
    expect([field?.comment, field?.notes, back.mappings[0]?.mapping.title]).toEqual([m.fields[0].comment, '+1-2', m.title]);
    expect(back.diagnostics.filter((d) => d.ruleId === 'sheet-formula')).toEqual([]);
  });
});
