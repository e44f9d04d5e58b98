import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { writeList, writeTransform } from './cell-text.js';
import { columns, fixedSheets, groupTitle, metaRows } from './layout.js';
import type { ExportInput, Group, Mapping, MappingField, ValueMapFile } from './model.js';
import { statusFills, statusMeaning } from './model.js';

type CellValue = string | number | boolean | undefined;

/** One mapping laid out as the template: metadata rows, the group row, the header row and one row per field. */
export interface MappingGrid {
  mapping: Mapping;
  sheetName: string;
  rows: CellValue[][];
  /** 1-based row numbers. */
  groupRow: number;
  headerRow: number;
  firstFieldRow: number;
  /** Per field row (in order): its status, for the fill. */
  statuses: (MappingField['status'] | undefined)[];
}

const yesNo = (v: boolean | undefined): string | undefined => (v === undefined ? undefined : v ? 'yes' : 'no');

function systemLabel(input: ExportInput, id: string): string {
  const sys = input.manifest.systems[id];
  return sys?.name ?? id;
}

function keyText(m: Mapping): string | undefined {
  const key = m.destination.key;
  if (!key) return undefined;
  return key.source !== undefined ? `${key.source} -> ${key.destination}` : key.destination;
}

function metaValue(m: Mapping, prop: (typeof metaRows)[number][1]): string | undefined {
  switch (prop) {
    case 'id':
      return m.id;
    case 'title':
      return m.title;
    case 'version':
      return m.version;
    case 'status':
      return m.status;
    case 'source.system':
      return m.source.system;
    case 'source.resource':
      return m.source.resource;
    case 'destination.system':
      return m.destination.system;
    case 'destination.resource':
      return m.destination.resource;
    case 'destination.operation':
      return m.destination.operation;
    case 'key':
      return keyText(m);
    case 'description':
      return m.description;
  }
}

function sampleCell(v: unknown): CellValue {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

function fieldCells(m: Mapping, f: MappingField, shared: (id: string) => ValueMapFile | undefined): CellValue[] {
  const s = f.source;
  const d = f.destination;
  const key = m.destination.key;
  const srcPaths = s?.paths ?? (s?.path !== undefined ? [s.path] : []);
  const isKey = key !== undefined && key.destination === d.path && (key.source === undefined || (srcPaths.length === 1 && srcPaths[0] === key.source));
  const byKey: Record<string, CellValue> = {
    'source.path': srcPaths.length ? srcPaths.join('\n') : undefined,
    'source.label': s?.label,
    'source.type': s?.type,
    'source.choices': s?.choices ? writeList(s.choices) : undefined,
    'source.format': s?.format,
    'source.sample': sampleCell(s?.sample),
    'source.optional': yesNo(s?.optional),
    'source.pick': s?.pick,
    'source.description': s?.description,
    'destination.path': d.path,
    'destination.label': d.label,
    'destination.type': d.type,
    'destination.required': yesNo(d.required),
    'destination.key': isKey ? 'key' : undefined,
    'destination.choices': d.choices ? writeList(d.choices) : undefined,
    'destination.maxLength': d.maxLength,
    'destination.format': d.format,
    'destination.description': d.description,
    transform: writeTransform(f.transform, shared) || undefined,
    transformDescription: f.transform?.description,
    status: f.status,
    comment: f.comment,
    notes: f.notes,
    id: f.id,
  };
  return columns.map((c) => byKey[c.key]);
}

function sheetNames(mappings: readonly Mapping[]): string[] {
  const taken = new Set(Object.values(fixedSheets).map((n) => n.toLowerCase()));
  return mappings.map((m) => {
    const base = m.id.replace(/[[\]:*?/\\']/g, '_').slice(0, 31) || 'mapping';
    let name = base;
    for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base.slice(0, 31 - String(i).length - 1)}~${i}`;
    taken.add(name.toLowerCase());
    return name;
  });
}

/** Lays out every mapping as the template's grid (shared by the XLSX and CSV writers). */
export function mappingGrids(input: ExportInput): MappingGrid[] {
  const names = sheetNames(input.mappings);
  return input.mappings.map((m, i) => {
    const rows: CellValue[][] = [];
    rows.push([m.title ?? m.id]);
    for (const [label, prop] of metaRows) {
      const v = metaValue(m, prop);
      if (v !== undefined) rows.push([label, v]);
    }
    rows.push([]);
    const groupRowCells: CellValue[] = columns.map((c, ci) => {
      if (ci > 0 && columns[ci - 1]?.group === c.group) return undefined;
      if (c.group === 'source') return `${groupTitle.source}: ${systemLabel(input, m.source.system)}`;
      if (c.group === 'destination') return `${groupTitle.destination}: ${systemLabel(input, m.destination.system)}`;
      return `${groupTitle.transform}: transformation and review`;
    });
    rows.push(groupRowCells);
    const groupRow = rows.length;
    rows.push(columns.map((c) => c.header));
    const headerRow = rows.length;
    const shared = (id: string): ValueMapFile | undefined => input.valueMaps.find((v) => v.id === id);
    for (const f of m.fields) rows.push(fieldCells(m, f, shared));
    return { mapping: m, sheetName: names[i] ?? m.id, rows, groupRow, headerRow, firstFieldRow: headerRow + 1, statuses: m.fields.map((f) => f.status) };
  });
}

const groupFill: Readonly<Record<Group, string>> = { source: 'FF1F4E78', destination: 'FF385723', transform: 'FF7030A0' };
const headerFill = 'FFDDEBF7';
const thin = { style: 'thin' as const, color: { argb: 'FFBFBFBF' } };

function solid(argb: string): ExcelJS.FillPattern {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb }, bgColor: { argb } };
}

/** Sets a cell from a value: text stays text (a leading `=` is never a formula: exceljs writes strings as shared strings). */
function put(cell: ExcelJS.Cell, value: CellValue): void {
  if (value === undefined) return;
  cell.value = value;
}

function addMappingSheet(wb: ExcelJS.Workbook, grid: MappingGrid): void {
  const ws = wb.addWorksheet(grid.sheetName, {
    views: [{ state: 'frozen', xSplit: 1, ySplit: grid.headerRow, topLeftCell: `B${grid.headerRow + 1}`, activeCell: `A${grid.headerRow + 1}` }],
  });
  ws.columns = columns.map((c) => ({ width: c.width }));
  grid.rows.forEach((cells, r) => {
    const row = ws.getRow(r + 1);
    cells.forEach((v, c) => { put(row.getCell(c + 1), v); });
  });
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  for (let r = 2; r < grid.groupRow - 1; r++) ws.getCell(r, 1).font = { bold: true };
  // The grouped header: one merged cell per column group.
  let start = 0;
  for (let c = 0; c <= columns.length; c++) {
    if (c === columns.length || (c > start && columns[c]?.group !== columns[start]?.group)) {
      const group = columns[start]?.group ?? 'source';
      if (c - 1 > start) ws.mergeCells(grid.groupRow, start + 1, grid.groupRow, c);
      const cell = ws.getCell(grid.groupRow, start + 1);
      cell.fill = solid(groupFill[group]);
      cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
      cell.alignment = { horizontal: 'center' };
      start = c;
    }
  }
  const header = ws.getRow(grid.headerRow);
  columns.forEach((_, c) => {
    const cell = header.getCell(c + 1);
    cell.font = { bold: true };
    cell.fill = solid(headerFill);
    cell.border = { bottom: thin, top: thin, left: thin, right: thin };
    cell.alignment = { vertical: 'top', wrapText: true };
  });
  grid.statuses.forEach((status, i) => {
    const row = ws.getRow(grid.firstFieldRow + i);
    const fill = status ? statusFills[status] : undefined;
    columns.forEach((_, c) => {
      const cell = row.getCell(c + 1);
      cell.alignment = { vertical: 'top', wrapText: true };
      cell.border = { bottom: thin, top: thin, left: thin, right: thin };
      if (fill) cell.fill = solid(fill);
      if (status === 'deprecated') cell.font = { color: { argb: 'FF808080' }, italic: true };
    });
    const statusCol = columns.findIndex((c) => c.key === 'status') + 1;
    row.getCell(statusCol).dataValidation = { type: 'list', allowBlank: true, formulae: ['"new,needs-discussion,agreed,deprecated"'] };
  });
  ws.autoFilter = { from: { row: grid.headerRow, column: 1 }, to: { row: grid.headerRow, column: columns.length } };
}

function addTable(ws: ExcelJS.Worksheet, startRow: number, headers: string[], rows: CellValue[][]): number {
  const head = ws.getRow(startRow);
  headers.forEach((h, c) => {
    const cell = head.getCell(c + 1);
    cell.value = h;
    cell.font = { bold: true };
    cell.fill = solid(headerFill);
  });
  rows.forEach((cells, r) => {
    const row = ws.getRow(startRow + 1 + r);
    cells.forEach((v, c) => { put(row.getCell(c + 1), v); });
  });
  return startRow + rows.length + 1;
}

function addCover(wb: ExcelJS.Workbook, input: ExportInput, grids: readonly MappingGrid[]): void {
  const ws = wb.addWorksheet(fixedSheets.cover);
  ws.columns = [{ width: 34 }, { width: 30 }, { width: 40 }, { width: 12 }, { width: 12 }, { width: 40 }, { width: 18 }];
  put(ws.getCell(1, 1), input.manifest.name);
  ws.getCell(1, 1).font = { bold: true, size: 16 };
  put(ws.getCell(2, 1), input.manifest.description);
  put(ws.getCell(3, 1), 'Exported by interop-design. Edit the mapping sheets, then import them back with `interop-design import sheet`.');
  const row = addTable(
    ws,
    5,
    ['System id', 'Name', 'Type'],
    Object.entries(input.manifest.systems).map(([id, s]) => [id, s?.name, s?.type]),
  );
  addTable(
    ws,
    row + 1,
    ['Mapping', 'Sheet', 'Title', 'Version', 'Status', 'Readiness', 'Rows to review'],
    grids.map((g) => {
      const r = input.readiness?.get(g.mapping.id);
      const readiness = r === undefined ? undefined : r.ready ? 'complete' : `not ready: ${r.open.join('; ')}`;
      const review = g.mapping.fields.filter((f) => f.status === 'new' || f.status === 'needs-discussion').length;
      return [g.mapping.id, g.sheetName, g.mapping.title, g.mapping.version, g.mapping.status, readiness, review];
    }),
  );
  ws.views = [{ state: 'normal' }];
}

function addLegend(wb: ExcelJS.Workbook): void {
  const ws = wb.addWorksheet(fixedSheets.legend);
  ws.columns = [{ width: 20 }, { width: 22 }, { width: 90 }];
  put(ws.getCell(1, 1), 'Colour');
  put(ws.getCell(1, 2), 'Status');
  put(ws.getCell(1, 3), 'Meaning');
  ws.getRow(1).font = { bold: true };
  let r = 2;
  for (const [status, fill] of Object.entries(statusFills)) {
    const row = ws.getRow(r++);
    put(row.getCell(1), fill ? 'this fill' : 'no fill');
    put(row.getCell(2), status);
    put(row.getCell(3), statusMeaning[status as keyof typeof statusMeaning]);
    if (fill) {
      row.getCell(1).fill = solid(fill);
      row.getCell(2).fill = solid(fill);
    }
  }
  r++;
  const head = ws.getRow(r++);
  put(head.getCell(1), 'Group');
  put(head.getCell(2), 'Column');
  put(head.getCell(3), 'What it holds');
  head.font = { bold: true };
  for (const c of columns) {
    const row = ws.getRow(r++);
    put(row.getCell(1), groupTitle[c.group]);
    put(row.getCell(2), c.header);
    put(row.getCell(3), c.explain);
  }
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}

function addValueMaps(wb: ExcelJS.Workbook, input: ExportInput): void {
  const ws = wb.addWorksheet(fixedSheets.valueMaps, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [{ width: 24 }, { width: 26 }, { width: 26 }, { width: 24 }, { width: 24 }, { width: 40 }];
  const rows: CellValue[][] = [];
  for (const vm of input.valueMaps) {
    const side = (s: typeof vm.source): string | undefined => (s ? `${s.system}${s.field ? `: ${s.field}` : ''}` : undefined);
    for (const e of vm.entries) rows.push([vm.id, side(vm.source), side(vm.destination), e.from, e.to, e.comment]);
    if (vm.unmapped === 'default') rows.push([vm.id, side(vm.source), side(vm.destination), '*', vm.default, 'any other value']);
    if (vm.unmapped === 'passthrough') rows.push([vm.id, side(vm.source), side(vm.destination), '*', '(unchanged)', 'any other value is kept']);
  }
  addTable(ws, 1, ['Value map', 'Source', 'Destination', 'From', 'To', 'Comment'], rows);
  if (rows.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 6 } };
}

function addChangelog(wb: ExcelJS.Workbook, input: ExportInput): void {
  const ws = wb.addWorksheet(fixedSheets.changelog, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [{ width: 30 }, { width: 10 }, { width: 12 }, { width: 80 }, { width: 20 }];
  const rows: CellValue[][] = [];
  for (const m of input.mappings) {
    for (const e of m.changelog ?? []) rows.push([m.id, e.version, e.date, typeof e.changes === 'string' ? e.changes : e.changes.join('\n'), e.by]);
  }
  addTable(ws, 1, ['Mapping', 'Version', 'Date', 'Changes', 'By'], rows);
  if (rows.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 5 } };
}

/** The mapping template workbook: a cover sheet, one sheet per mapping, Legend, Value maps and Changelog. */
export async function exportWorkbook(input: ExportInput): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'interop-design';
  // A fixed date keeps the bytes reproducible for the same design.
  wb.created = new Date(0);
  wb.modified = new Date(0);
  const grids = mappingGrids(input);
  addCover(wb, input, grids);
  for (const g of grids) addMappingSheet(wb, g);
  addLegend(wb);
  addValueMaps(wb, input);
  addChangelog(wb, input);
  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer);
}

/** A cell that a spreadsheet would read as a formula gets a leading apostrophe in CSV (CSV injection). */
export function csvSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One CSV per mapping, laid out like its sheet (no colours: the Status column carries the status). */
export function exportCsv(input: ExportInput): { name: string; mappingId: string; text: string }[] {
  return mappingGrids(input).map((g) => {
    const width = columns.length;
    const rows = g.rows.map((r) => Array.from({ length: width }, (_, i) => {
      const v = r[i];
      return v === undefined ? '' : csvSafe(String(v));
    }));
    return { name: `${g.sheetName}.csv`, mappingId: g.mapping.id, text: stringify(rows, { record_delimiter: '\r\n', quoted_match: /^'/ }) };
  });
}
