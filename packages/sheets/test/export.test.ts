import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { columns, exportWorkbook, statusFills } from '../src/index.js';
import { exampleNames, exportInput, loadExample, repoRoot } from './helpers.js';

function leaves(v: unknown, out: Set<string>): void {
  if (typeof v === 'string' && v.length >= 4) out.add(v);
  else if (Array.isArray(v)) for (const x of v) leaves(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) leaves(x, out);
}

describe('export sheet', () => {
  it('lays out the template: grouped header, frozen and filtered header row, one row per field, fills by status', async () => {
    const input = exportInput(loadExample('commcare-salesforce'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportWorkbook(input)) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('commcare-salesforce-patient');
    if (!ws) throw new Error('no sheet');
    const headerRow = 14;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: headerRow });
    expect(ws.autoFilter).toBeDefined();
    expect(ws.getCell(headerRow - 1, 1).text).toBe('SOURCE: CommCare HQ');
    expect(ws.getCell(headerRow - 1, 2).isMerged).toBe(true);
    expect(ws.getCell(headerRow - 1, 10).text).toBe('DESTINATION: Salesforce (Health Cloud sandbox)');
    expect(ws.getRow(headerRow).values).toEqual([undefined, ...columns.map((c) => c.header)]);
    const mapping = input.mappings.find((m) => m.id === 'commcare-salesforce-patient');
    const rows = mapping?.fields.map((_, i) => ws.getRow(headerRow + 1 + i)) ?? [];
    expect(rows.map((r) => r.getCell(10).text)).toEqual(mapping?.fields.map((f) => f.destination.path));
    const col = (key: string): number => columns.findIndex((c) => c.key === key) + 1;
    // The key and the required fields are marked; the value map is written out.
    expect(rows[0]?.getCell(col('destination.key')).text).toBe('key');
    expect(rows[0]?.getCell(col('destination.required')).text).toBe('yes');
    const fill = (r: ExcelJS.Row | undefined): string | undefined => (r?.getCell(1).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
    mapping?.fields.forEach((f, i) => {
      expect(fill(rows[i])).toBe(f.status ? statusFills[f.status] : undefined);
    });
    const widths = ws.columns.map((c) => c.width ?? 0);
    expect(Math.min(...widths)).toBeGreaterThanOrEqual(8);
  });

  for (const name of exampleNames) {
    it(`holds no value from examples/${name}/sampleData beyond the spec's own sample fields`, async () => {
      const input = exportInput(loadExample(name));
      const design = new Set<string>();
      leaves(input.mappings, design);
      leaves(input.valueMaps, design);
      leaves(input.manifest, design);
      const sampleValues = new Set<string>();
      const dir = path.join(repoRoot, 'examples', name, 'sampleData');
      for (const f of readdirSync(dir)) {
        const text = readFileSync(path.join(dir, f), 'utf8');
        const records: unknown = /\.(ndjson|jsonl)$/.test(f) ? text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as unknown) : JSON.parse(text);
        leaves(records, sampleValues);
      }
      const onlyInSamples = [...sampleValues].filter((v) => !design.has(v));
      expect(onlyInSamples.length).toBeGreaterThan(5);
      // Every text of the workbook, cell by cell (shared strings and inline strings).
      const xml = Object.entries(unzipSync(await exportWorkbook(input))).filter(([n]) => n.startsWith('xl/')).map(([, b]) => strFromU8(b)).join('\n');
      const cells = new Set([...xml.matchAll(/<t(?: [^>]*)?>([^<]*)<\/t>/g)].map((m) => (m[1] ?? '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&')));
      expect(cells.size).toBeGreaterThan(50);
      expect(onlyInSamples.filter((v) => cells.has(v))).toEqual([]);
    });
  }
});
