import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { unzipSync } from 'fflate';

/** One cell as read: its text, its typed value (XLSX numbers and booleans stay typed) and its solid fill (ARGB). */
export interface SheetCell {
  text: string;
  value: string | number | boolean;
  fill?: string;
}

/** A sheet as a grid of cells; `cell(r, c)` is 1-based. */
export interface Grid {
  name: string;
  rows: (SheetCell | undefined)[][];
  /** How many rows the sheet had when more than were read. */
  truncatedFrom?: number;
  /** Cells whose formula was read as its cached value (never evaluated), as [row, column]. */
  formulas: [number, number][];
}

export function gridCell(grid: Grid, r: number, c: number): SheetCell | undefined {
  return grid.rows[r - 1]?.[c - 1];
}

/** Limits on what an imported spreadsheet may be; a workbook over them is refused or capped with a finding. */
export const sheetLimits = {
  /** Bytes of the file itself. */
  fileBytes: 20 * 1024 * 1024,
  /** Uncompressed bytes of every entry of an XLSX together, read from the zip directory before anything is inflated. */
  uncompressedBytes: 16 * 1024 * 1024,
  /** Entries of an XLSX. */
  entries: 2_000,
  /** Rows read per sheet; the rest is left out with a finding. */
  rows: 5_000,
  /** Columns read per row. */
  columns: 200,
} as const;

export type ReadProblem = { code: 'sheet-unreadable' | 'sheet-too-large' | 'sheet-zip-bomb'; message: string };

/**
 * Checks an XLSX's zip directory before it is inflated: total and per-entry uncompressed sizes
 * and the entry count. Returns the problem, or `undefined` when the workbook may be read.
 */
export function checkZipDirectory(bytes: Uint8Array): ReadProblem | undefined {
  let total = 0;
  let entries = 0;
  let bomb: string | undefined;
  try {
    unzipSync(bytes, {
      filter(file) {
        entries++;
        total += file.originalSize;
        // A compression ratio no spreadsheet XML reaches (they compress about 10:1).
        if (file.originalSize > 1024 * 1024 && file.originalSize / Math.max(file.size, 1) > 200) bomb ??= file.name;
        return false; // nothing is inflated here
      },
    });
  } catch (error) {
    return { code: 'sheet-unreadable', message: `not a readable XLSX workbook (${error instanceof Error ? error.message : String(error)})` };
  }
  if (bomb !== undefined) return { code: 'sheet-zip-bomb', message: `refused: the entry ${JSON.stringify(bomb.slice(0, 80))} inflates more than 200-fold (a zip bomb)` };
  if (entries > sheetLimits.entries) return { code: 'sheet-zip-bomb', message: `refused: ${entries} zip entries (at most ${sheetLimits.entries})` };
  if (total > sheetLimits.uncompressedBytes) return { code: 'sheet-too-large', message: `refused: ${Math.round(total / 1024 / 1024)} MiB uncompressed (at most ${sheetLimits.uncompressedBytes / 1024 / 1024} MiB); split the workbook` };
  return undefined;
}

function isoDate(d: Date): string {
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

/** A cell's value without evaluating anything: a formula gives its cached result. */
function plainValue(v: unknown, depth = 0): { value: string | number | boolean; formula: boolean } {
  if (v === null || v === undefined || depth > 3) return { value: '', formula: false };
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return { value: v, formula: false };
  if (v instanceof Date) return { value: Number.isNaN(v.getTime()) ? '' : isoDate(v), formula: false };
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('formula' in o || 'sharedFormula' in o) return { value: plainValue(o.result, depth + 1).value, formula: true };
    if (Array.isArray(o.richText)) return { value: (o.richText as { text?: unknown }[]).map((t) => (typeof t.text === 'string' ? t.text : '')).join(''), formula: false };
    if ('text' in o) return plainValue(o.text, depth + 1);
    if ('error' in o) return { value: '', formula: false };
  }
  return { value: '', formula: false };
}

function fillOf(cell: ExcelJS.Cell): string | undefined {
  const fill = cell.fill as ExcelJS.Fill | undefined;
  if (fill?.type !== 'pattern' || fill.pattern !== 'solid') return undefined;
  const argb = fill.fgColor?.argb;
  return typeof argb === 'string' && /^[0-9A-Fa-f]{6,8}$/.test(argb) ? argb.toUpperCase().padStart(8, 'F') : undefined;
}

/** Reads every sheet of an XLSX (after `checkZipDirectory`), capped at `sheetLimits.rows` rows per sheet. */
export async function readXlsx(bytes: Uint8Array): Promise<Grid[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const grids: Grid[] = [];
  wb.eachSheet((ws) => {
    const grid: Grid = { name: ws.name, rows: [], formulas: [] };
    const last = Math.min(ws.rowCount, sheetLimits.rows);
    if (ws.rowCount > sheetLimits.rows) grid.truncatedFrom = ws.rowCount;
    const width = Math.min(ws.columnCount, sheetLimits.columns);
    for (let r = 1; r <= last; r++) {
      const row = ws.findRow(r);
      const cells: (SheetCell | undefined)[] = [];
      if (row) {
        for (let c = 1; c <= width; c++) {
          const cell = row.findCell(c);
          if (!cell) {
            cells.push(undefined);
            continue;
          }
          const source = cell.isMerged && cell.master !== cell ? cell.master : cell;
          const { value, formula } = plainValue(source.value);
          if (formula && source === cell) grid.formulas.push([r, c]);
          const fill = fillOf(cell);
          cells.push({ text: String(value), value, ...(fill ? { fill } : {}) });
        }
      }
      grid.rows.push(cells);
    }
    grids.push(grid);
  });
  return grids;
}

/** Reads a CSV (UTF-8, with or without a byte-order mark; comma, semicolon or tab separated) as one sheet. */
export function readCsv(bytes: Uint8Array, name: string): Grid {
  const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
  const firstLine = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length);
  const counts = { ',': firstLine.split(',').length, ';': firstLine.split(';').length, '\t': firstLine.split('\t').length };
  const delimiter = (Object.entries(counts).sort((a, b) => b[1] - a[1])[0]?.[0] ?? ',');
  const records: string[][] = parseCsv(text, {
    bom: true,
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    to: sheetLimits.rows + 1,
    max_record_size: 1024 * 1024,
  });
  const grid: Grid = { name, rows: [], formulas: [] };
  if (records.length > sheetLimits.rows) {
    grid.truncatedFrom = text.split('\n').length;
    records.length = sheetLimits.rows;
  }
  for (const record of records) {
    grid.rows.push(
      record.slice(0, sheetLimits.columns).map((raw) => {
        // The apostrophe `export --format csv` put before a formula-like text.
        const t = /^'[=+\-@\t\r]/.test(raw) ? raw.slice(1) : raw;
        return t === '' ? undefined : { text: t, value: t };
      }),
    );
  }
  return grid;
}
