import type { Diagnostic, Severity } from '@interop-design/core';
import { fingerprint, tryParseFieldPath } from '@interop-design/core';
import { readList, readTransform, writeShared } from './cell-text.js';
import { columns, fixedSheets, groupWords, metaRows } from './layout.js';
import type { ColumnDef, Group, Manifest, Mapping, MappingField, ValueMapFile } from './model.js';
import type { Grid, SheetCell } from './read.js';
import { checkZipDirectory, gridCell, readCsv, readXlsx, sheetLimits } from './read.js';
import { readSystemType } from '@interop-design/metadata';

export interface ImportOptions {
  /** The file name as findings cite it (posix, relative to the repository root). */
  file: string;
  format: 'xlsx' | 'csv';
  /** Only this sheet (by name, case-insensitive). */
  sheet?: string;
  id?: string;
  /** `<system id>` or `<system id>:<resource>`. */
  source?: string;
  /** `<system id>` or `<system id>:<resource>`. */
  destination?: string;
  /** The manifest of the project the mappings are imported into: systems are matched against it. */
  manifest?: Manifest;
  /** The project's value-map file with this id: a `value map: <id> (entries)` cell is checked against it. */
  valueMap?: (id: string) => ValueMapFile | undefined;
  /** The mapping already in the project with this id, if any: what the sheet has no column for is kept from it. */
  existing?: (id: string) => Mapping | undefined;
}

export interface ImportedMapping {
  sheet: string;
  mapping: Mapping;
}

export interface ImportResult {
  mappings: ImportedMapping[];
  /** The reusable value maps of the workbook's Value maps sheet (every id found there). */
  valueMaps: ValueMapFile[];
  diagnostics: Diagnostic[];
}

type FieldStatus = NonNullable<MappingField['status']>;

const statusWords: Readonly<Record<string, FieldStatus>> = {
  'needs-discussion': 'needs-discussion',
  'needs discussion': 'needs-discussion',
  'to discuss': 'needs-discussion',
  discuss: 'needs-discussion',
  'in discussion': 'needs-discussion',
  'under discussion': 'needs-discussion',
  question: 'needs-discussion',
  open: 'needs-discussion',
  tbd: 'needs-discussion',
  pending: 'needs-discussion',
  new: 'new',
  added: 'new',
  'new field': 'new',
  agreed: 'agreed',
  ok: 'agreed',
  approved: 'agreed',
  confirmed: 'agreed',
  done: 'agreed',
  final: 'agreed',
  deprecated: 'deprecated',
  removed: 'deprecated',
  obsolete: 'deprecated',
  'not used': 'deprecated',
};

const yesWords = new Set(['yes', 'y', 'true', 'x', '✓', '✔', '1', 'required', 'mandatory', 'key', 'optional', 'first']);
const noWords = new Set(['no', 'n', 'false', '0', '-']);

export function columnLetters(c: number): string {
  let s = '';
  for (let n = c; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** `Patient!C12`, or `'My sheet'!C12` when the name needs quoting, as spreadsheets write it. */
export function cellRef(sheet: string, r: number, c: number): string {
  const name = /^[A-Za-z0-9_.]+$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return `${name}!${columnLetters(c)}${r}`;
}

const norm = (t: string): string => t.toLowerCase().replace(/[*:?]+$/g, '').replace(/\s+/g, ' ').trim();

class Findings {
  readonly list: Diagnostic[] = [];
  constructor(private readonly file: string) {}
  add(ruleId: string, severity: Severity, message: string, at?: { sheet: string; r: number; c: number }): void {
    const where = at ? `${cellRef(at.sheet, at.r, at.c)}: ` : '';
    const line = at?.r ?? 1;
    const column = at?.c ?? 1;
    this.list.push({
      ruleId,
      severity,
      message: `${where}${message}`,
      file: this.file,
      range: { start: { line, column }, end: { line, column } },
      fingerprint: fingerprint(ruleId, this.file, at ? cellRef(at.sheet, at.r, at.c) : undefined, [message]),
    });
  }
}

function hue(argb: string): { h: number; s: number; l: number } {
  const n = parseInt(argb.slice(-6), 16);
  const r = ((n >> 16) & 255) / 255;
  const g = ((n >> 8) & 255) / 255;
  const b = (n & 255) / 255;
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const l = (max + min) / 2;
  const d = max - min;
  if (d === 0) return { h: 0, s: 0, l };
  const s = d / (1 - Math.abs(2 * l - 1));
  let h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  h *= 60;
  if (h < 0) h += 360;
  return { h, s, l };
}

/** Without a legend: yellow means needs-discussion, green means new. */
export function statusFromColour(argb: string): FieldStatus | undefined {
  const { h, s, l } = hue(argb);
  if (s < 0.25 || l > 0.97 || l < 0.2) return undefined;
  if (h >= 40 && h <= 66) return 'needs-discussion';
  if (h >= 75 && h <= 170) return 'new';
  return undefined;
}

function statusFromText(text: string): FieldStatus | undefined {
  return statusWords[norm(text).replace(/_/g, '-')] ?? statusWords[norm(text).replace(/[-_]/g, ' ')];
}

/** The fills a Legend sheet names: ARGB (last six hex digits) -> status. */
function legendFills(grids: readonly Grid[]): Map<string, FieldStatus> | undefined {
  const legend = grids.find((g) => /^(legend|key|colou?rs?|colou?r (key|legend|coding))$/i.test(g.name.trim()));
  if (!legend) return undefined;
  const fills = new Map<string, FieldStatus>();
  for (const row of legend.rows) {
    const status = row.map((c) => (c ? statusFromText(c.text) ?? statusFromText(c.text.split(/[:(—–-]\s/)[0] ?? '') : undefined)).find((s) => s !== undefined);
    const fill = row.find((c) => c?.fill !== undefined)?.fill;
    if (status && fill) fills.set(fill.slice(-6), status);
  }
  return fills.size ? fills : undefined;
}

interface Placed {
  def: ColumnDef;
  c: number;
}

/** Finds the header row: the row among the first 40 whose cells name the most template columns. */
function findHeader(grid: Grid): number | undefined {
  let best: { r: number; score: number } | undefined;
  const limit = Math.min(grid.rows.length, 40);
  for (let r = 1; r <= limit; r++) {
    let score = 0;
    let path = false;
    for (const cell of grid.rows[r - 1] ?? []) {
      if (!cell) continue;
      const { text } = stripGroupWord(norm(cell.text));
      const hit = columns.find((d) => d.aliases.includes(text));
      if (hit) {
        score++;
        if (hit.key.endsWith('.path') || hit.key === 'transform') path = true;
      }
    }
    if (path && score >= 2 && (!best || score > best.score)) best = { r, score };
  }
  return best?.r;
}

function stripGroupWord(text: string): { text: string; group?: Group } {
  for (const group of ['source', 'destination', 'transform'] as const) {
    for (const word of groupWords[group]) {
      if (word === 'to' || word === 'from' || word === 'mapping') continue;
      if (text.startsWith(`${word} `)) return { text: text.slice(word.length + 1).trim(), group };
      if (text.endsWith(` ${word}`) || text.endsWith(` (${word})`)) return { text: text.replace(new RegExp(` \\(?${word}\\)?$`), '').trim(), group };
    }
  }
  return { text };
}

function groupOfLabel(text: string): Group | undefined {
  const first = norm(text).split(/[\s:(—–-]+/)[0] ?? '';
  for (const group of ['source', 'destination', 'transform'] as const) if (groupWords[group].includes(first)) return group;
  return undefined;
}

/** The system a group header names (`SOURCE: CommCare HQ`): its label after the group word. */
function groupSystemLabel(text: string): string {
  return text.replace(/^\s*\S+\s*[:—–-]?\s*/, '').trim();
}

function matchSystem(manifest: Manifest | undefined, label: string): { id?: string; ambiguous?: string[] } {
  if (!manifest) return {};
  const key = (t: string): string => t.toLowerCase().replace(/[^a-z0-9]/g, '');
  const want = key(label);
  if (!want) return {};
  // A long text (a title such as "CommCare to Salesforce patient mapping") names no one system.
  const short = label.trim().split(/\s+/).length <= 4;
  const entries = Object.entries(manifest.systems).filter(([, s]) => s !== undefined);
  for (const test of [
    (id: string): boolean => key(id) === want,
    (id: string): boolean => key(manifest.systems[id]?.name ?? '') === want,
    (id: string): boolean => key(manifest.systems[id]?.type ?? '') === want,
    (id: string): boolean => {
      if (!short) return false;
      const name = key(manifest.systems[id]?.name ?? '');
      return name !== '' && (name.startsWith(want) || want.startsWith(name) || want.includes(key(manifest.systems[id]?.type ?? '-')));
    },
  ]) {
    const hits = entries.filter(([id]) => test(id)).map(([id]) => id);
    if (hits.length === 1) return { id: hits[0] };
    if (hits.length > 1) return { ambiguous: hits };
  }
  return {};
}

function sanitiseId(name: string): string {
  const id = name.trim().replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 128);
  return id || 'imported-mapping';
}

function setDefined<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

function fieldMatch(existing: readonly MappingField[], f: MappingField): MappingField | undefined {
  const byDest = existing.filter((e) => e.destination.path === f.destination.path);
  if (byDest.length === 1) return byDest[0];
  const src = f.source?.path ?? f.source?.paths?.[0];
  return src === undefined ? undefined : existing.find((e) => (e.source?.path ?? e.source?.paths?.[0]) === src);
}

/** Reads one mapping sheet. `undefined` when the sheet holds no mapping table (a finding says why when it was asked for). */
function importGrid(grid: Grid, options: ImportOptions, fills: Map<string, FieldStatus> | undefined, findings: Findings, asked: boolean): Mapping | undefined {
  const at = (r: number, c: number): { sheet: string; r: number; c: number } => ({ sheet: grid.name, r, c });
  const headerRow = findHeader(grid);
  if (headerRow === undefined) {
    if (asked) findings.add('sheet-no-header', 'error', `no header row naming the template's columns (API name, Type, Transformation ...) in the first 40 rows of sheet "${grid.name}"`, at(1, 1));
    return undefined;
  }
  if (grid.truncatedFrom !== undefined) findings.add('sheet-rows-capped', 'warning', `the sheet has ${grid.truncatedFrom} rows; only the first ${sheetLimits.rows} were read`, at(sheetLimits.rows, 1));
  for (const [r, c] of grid.formulas.slice(0, 20)) findings.add('sheet-formula', 'info', 'a formula: its saved result was read; formulas are never evaluated', at(r, c));

  // The group row: the nearest row above the header that names a group (`SOURCE: CommCare`) or a
  // system of the manifest (`CommCare`, `Salesforce`, `OpenFn`); a merged or blank cell continues the group on its left.
  const groupAt = new Map<number, Group>();
  const groupLabel = new Map<Group, { text: string; r: number; c: number }>();
  const labelGroup = (text: string, order: Group[]): Group | undefined => {
    const g = groupOfLabel(text);
    if (g) return g;
    const sys = matchSystem(options.manifest, text).id;
    if (sys === undefined) return undefined;
    if (options.manifest?.systems[sys]?.type === 'openfn') return 'transform';
    return order.includes('source') ? (order.includes('destination') ? 'transform' : 'destination') : 'source';
  };
  for (let r = headerRow - 1; r >= Math.max(1, headerRow - 3); r--) {
    const row = grid.rows[r - 1] ?? [];
    const seen: Group[] = [];
    const named = row.some((cell) => cell && labelGroup(cell.text, seen));
    if (!named) continue;
    let current: Group | undefined;
    let lastText: string | undefined;
    const width = Math.max(row.length, grid.rows[headerRow - 1]?.length ?? 0);
    for (let c = 1; c <= width; c++) {
      const cell = row[c - 1];
      if (cell && cell.text !== lastText) {
        current = labelGroup(cell.text, seen);
        if (current) seen.push(current);
        if (current && !groupLabel.has(current)) groupLabel.set(current, { text: groupOfLabel(cell.text) ? groupSystemLabel(cell.text) : cell.text, r, c });
      }
      lastText = cell?.text;
      if (current) groupAt.set(c, current);
    }
    break;
  }

  // Place the header's columns.
  const placed = new Map<string, Placed>();
  let positional: Group = 'source';
  const header = grid.rows[headerRow - 1] ?? [];
  header.forEach((cell, i) => {
    const c = i + 1;
    if (!cell || cell.text.trim() === '') return;
    const stripped = stripGroupWord(norm(cell.text));
    const group = stripped.group ?? groupAt.get(c);
    const text = stripped.text;
    let def: ColumnDef | undefined;
    if (group) def = columns.find((d) => d.group === group && d.aliases.includes(text) && !placed.has(d.key));
    if (!def && !group) {
      // No group row: the first path column is the source's, the second the destination's; the transformation starts the last group.
      const inGroup = (g: Group): ColumnDef | undefined => columns.find((d) => d.group === g && d.aliases.includes(text) && !placed.has(d.key));
      if (columns.some((d) => d.group === 'transform' && d.key !== 'notes' && d.aliases.includes(text)) && (positional === 'transform' || ['transformation', 'transform', 'status', 'mapping rule', 'logic', 'rule'].includes(text))) positional = 'transform';
      def = inGroup(positional);
      if (!def && positional === 'source' && placed.has('source.path')) {
        def = inGroup('destination');
        if (def) positional = 'destination';
      }
    }
    // A column that only one group has (Transformation, Status, Required, Key ...) is placed whatever its group header says.
    if (!def) {
      const only = columns.filter((d) => d.aliases.includes(text) && !placed.has(d.key));
      const anyGroup = columns.filter((d) => d.aliases.includes(text));
      if (only.length === 1 && anyGroup.length === 1) def = only[0];
    }
    if (!def) {
      const taken = columns.some((d) => d.aliases.includes(text));
      findings.add(taken ? 'sheet-duplicate-column' : 'sheet-unknown-column', 'warning', taken ? `a second column "${cell.text.slice(0, 60)}" in its group: ignored` : `the column "${cell.text.slice(0, 60)}" is not one the template knows: ignored`, at(headerRow, c));
      return;
    }
    placed.set(def.key, { def, c });
  });
  const col = (key: string): number | undefined => placed.get(key)?.c;
  if (col('destination.path') === undefined) {
    findings.add('sheet-no-header', 'error', 'no destination API name column: the sheet cannot be imported', at(headerRow, 1));
    return undefined;
  }

  // The metadata rows above the table.
  const meta = new Map<string, { text: string; r: number; c: number }>();
  for (let r = 1; r < headerRow; r++) {
    const label = gridCell(grid, r, 1);
    const value = gridCell(grid, r, 2);
    if (!label || !value) continue;
    const hit = metaRows.find(([l]) => l.toLowerCase() === norm(label.text));
    if (hit) meta.set(hit[1], { text: value.text.trim(), r, c: 2 });
  }

  const existingProbe = options.id ?? meta.get('id')?.text ?? sanitiseId(grid.name);
  const id = sanitiseId(existingProbe);
  if (!options.id && !meta.has('id') && id !== grid.name) findings.add('sheet-id', 'info', `mapping id "${id}" made from the sheet name; pass --id to choose another`, at(1, 1));
  const existing = options.existing?.(id);

  const flagOf = (side: 'source' | 'destination'): { system?: string; resource?: string } => {
    const raw = options[side];
    if (raw === undefined) return {};
    const i = raw.indexOf(':');
    return i < 0 ? { system: raw } : { system: raw.slice(0, i), ...(raw.slice(i + 1).trim() ? { resource: raw.slice(i + 1).trim() } : {}) };
  };
  const system = (side: 'source' | 'destination'): string => {
    const flag = flagOf(side).system;
    if (flag) return flag;
    const fromMeta = meta.get(`${side}.system`);
    if (fromMeta) {
      if (!options.manifest || options.manifest.systems[fromMeta.text]) return fromMeta.text;
      const m = matchSystem(options.manifest, fromMeta.text);
      if (m.id) return m.id;
    }
    const label = groupLabel.get(side);
    if (label) {
      const m = matchSystem(options.manifest, label.text);
      if (m.id) return m.id;
      if (m.ambiguous) findings.add('sheet-system', 'error', `"${label.text.slice(0, 60)}" matches the systems ${m.ambiguous.join(', ')}: pass --${side}`, at(label.r, label.c));
    }
    const kept = existing?.[side].system;
    if (kept) return kept;
    findings.add('sheet-system', 'error', `the ${side} system is not known: name it in the group header (${side.toUpperCase()}: <system>) matching the manifest, or pass --${side} <system id>`, label ? at(label.r, label.c) : at(headerRow, 1));
    return 'unknown';
  };

  const fields: MappingField[] = [];
  const keyRows: { r: number; field: MappingField }[] = [];
  const lastRow = grid.rows.length;
  const tableCols = [...placed.values()].map((p) => p.c);
  for (let r = headerRow + 1; r <= lastRow; r++) {
    const get = (key: string): SheetCell | undefined => {
      const c = col(key);
      const cell = c === undefined ? undefined : gridCell(grid, r, c);
      return cell && cell.text.trim() !== '' ? cell : undefined;
    };
    const text = (key: string): string | undefined => get(key)?.text.trim();
    if (!tableCols.some((c) => (gridCell(grid, r, c)?.text.trim() ?? '') !== '')) continue; // a blank row
    const destCol = col('destination.path') ?? 1;
    const destText = text('destination.path');
    if (destText === undefined) {
      findings.add('sheet-empty-destination', 'warning', 'the row has no destination field: not imported', at(r, destCol));
      continue;
    }
    const checkPath = (p: string, c: number): void => {
      const parsed = tryParseFieldPath(p);
      if (parsed instanceof Error) findings.add('sheet-field-path', 'error', `the field path "${p.slice(0, 80)}" does not parse: ${parsed.message}`, at(r, c));
    };
    const flag = (key: string): boolean | undefined => {
      const t = text(key);
      if (t === undefined) return undefined;
      const w = t.toLowerCase();
      if (yesWords.has(w)) return true;
      if (noWords.has(w)) return false;
      findings.add('sheet-flag', 'warning', `"${t.slice(0, 30)}" is neither yes nor no: ignored`, at(r, col(key) ?? 1));
      return undefined;
    };
    const typeOf = (key: string): { type?: MappingField['destination']['type']; maxLength?: number } => {
      const t = text(key);
      if (t === undefined) return {};
      const reading = readSystemType(t);
      if (!reading.type) {
        findings.add('sheet-unknown-type', 'warning', `the type "${t.slice(0, 40)}" is not one the spec or the known systems use: left out`, at(r, col(key) ?? 1));
        return {};
      }
      return { type: reading.type, ...(reading.maxLength !== undefined ? { maxLength: reading.maxLength } : {}) };
    };

    // Source
    const source: NonNullable<MappingField['source']> = {};
    const srcText = get('source.path')?.text;
    if (srcText !== undefined) {
      const paths = srcText.split(/\r?\n/).map((p) => p.trim()).filter(Boolean);
      paths.forEach((p) => { checkPath(p, col('source.path') ?? 1); });
      if (paths.length === 1) source.path = paths[0];
      else if (paths.length > 1) source.paths = paths as [string, ...string[]];
    }
    const st = typeOf('source.type');
    setDefined(source, 'type', st.type);
    const srcChoices = text('source.choices');
    if (srcChoices !== undefined) source.choices = readList(srcChoices);
    const sample = get('source.sample');
    if (sample) source.sample = typeof sample.value === 'string' ? sample.value.trim() : sample.value;
    setDefined(source, 'format', text('source.format'));
    setDefined(source, 'description', text('source.description'));
    setDefined(source, 'label', text('source.label'));
    if (text('source.pick') !== undefined) {
      if (text('source.pick')?.toLowerCase() === 'first') source.pick = 'first';
      else findings.add('sheet-flag', 'warning', 'Pick takes "first" or nothing: ignored', at(r, col('source.pick') ?? 1));
    }
    setDefined(source, 'optional', flag('source.optional'));

    // Destination
    checkPath(destText, destCol);
    const destination: MappingField['destination'] = { path: destText };
    const dt = typeOf('destination.type');
    setDefined(destination, 'type', dt.type);
    setDefined(destination, 'required', flag('destination.required'));
    const dstChoices = text('destination.choices');
    if (dstChoices !== undefined) destination.choices = readList(dstChoices);
    const maxLength = get('destination.maxLength');
    if (maxLength) {
      const n = Number(maxLength.text.trim());
      if (Number.isInteger(n) && n >= 1) destination.maxLength = n;
      else findings.add('sheet-flag', 'warning', 'Max length is not a whole number: ignored', at(r, col('destination.maxLength') ?? 1));
    } else if (dt.maxLength !== undefined) destination.maxLength = dt.maxLength;
    setDefined(destination, 'format', text('destination.format'));
    setDefined(destination, 'description', text('destination.description'));
    setDefined(destination, 'label', text('destination.label'));

    const field: MappingField = { destination };
    setDefined(field, 'id', text('id'));
    if (Object.keys(source).length) field.source = source;
    // The field's own key order: id, source, destination, transform, status, comment, notes.
    const ordered: MappingField = { ...(field.id !== undefined ? { id: field.id } : {}), ...(field.source ? { source: field.source } : {}), destination };

    const trText = get('transform')?.text;
    const trDesc = text('transformDescription');
    if (trText !== undefined || trDesc !== undefined) {
      const reading = readTransform(trText ?? '', trDesc);
      if (reading.kind === 'free-text') {
        ordered.transform = reading.transform;
        findings.add('sheet-expression-kept', 'info', 'the transformation is free text: kept as an expression described by the text; write it as a value map, "constant: x" or "format: a -> b" where it is one', at(r, col('transform') ?? 1));
      } else if (reading.kind === 'bad-value-map') {
        ordered.transform = reading.transform;
        findings.add('sheet-value-map', 'error', `the value map does not parse: ${reading.problem}; write "from -> to" pairs separated by ";"`, at(r, col('transform') ?? 1));
      } else if (reading.kind === 'known') {
        ordered.transform = reading.transform;
        const id = reading.transform.valueMap;
        const vm = typeof id === 'string' && reading.sharedEntries !== undefined ? options.valueMap?.(id) : undefined;
        const squash = (t: string): string => t.replace(/\s+/g, ' ').trim();
        if (vm && squash(writeShared(vm)) !== squash(reading.sharedEntries ?? '')) {
          findings.add('sheet-value-map-edited', 'warning', `the entries of the shared value map "${vm.id}" were edited in the sheet: they are not imported; change ${vm.id}.valuemap.yaml (every mapping that uses it changes too)`, at(r, col('transform') ?? 1));
        }
      }
    }

    const statusCell = get('status');
    let status: FieldStatus | undefined;
    if (statusCell) {
      status = statusFromText(statusCell.text);
      if (!status) findings.add('sheet-status', 'warning', `"${statusCell.text.slice(0, 30)}" is not a status (new, needs-discussion, agreed, deprecated)`, at(r, col('status') ?? 1));
    }
    if (!statusCell) {
      const fill = tableCols.map((c) => gridCell(grid, r, c)?.fill).find((f) => f !== undefined);
      if (fill) {
        status = fills ? fills.get(fill.slice(-6)) : statusFromColour(fill);
        if (!status && fills) findings.add('sheet-status', 'info', 'the row\'s fill is not a colour the Legend sheet names: no status taken from it', at(r, destCol));
      }
    }
    setDefined(ordered, 'status', status);
    setDefined(ordered, 'comment', text('comment'));
    setDefined(ordered, 'notes', text('notes'));
    fields.push(ordered);
    const keyFlag = flag('destination.key');
    if (keyFlag) keyRows.push({ r, field: ordered });
  }

  // What the sheet has no column for is kept from the existing mapping's matching field.
  if (existing) {
    for (const f of fields) {
      const old = fieldMatch(existing.fields, f);
      if (!old) continue;
      for (const side of ['source', 'destination'] as const) {
        const oldSide = old[side] as Record<string, unknown> | undefined;
        if (!oldSide) continue;
        const props = Object.keys(oldSide).filter((k) => !placed.has(`${side}.${k === 'paths' ? 'path' : k}`));
        if (!props.length) continue;
        const target = (f[side] ?? {}) as Record<string, unknown>;
        for (const k of props) if (target[k] === undefined && !(k === 'paths' && target.path !== undefined)) target[k] = oldSide[k];
        if (side === 'source') f.source = target;
      }
      if (!placed.has('transformDescription') && f.transform && old.transform?.description !== undefined && f.transform.description === undefined) f.transform.description = old.transform.description;
      if (!placed.has('transform') && old.transform) f.transform = old.transform;
      if (!placed.has('status') && f.status === undefined && old.status !== undefined) f.status = old.status;
      if (!placed.has('comment') && old.comment !== undefined) f.comment = old.comment;
      if (!placed.has('notes') && old.notes !== undefined) f.notes = old.notes;
      if (!placed.has('id') && old.id !== undefined) f.id = old.id;
    }
  }

  // The key: the row marked in the Key column, else the Key metadata row, else the existing mapping's.
  let key: Mapping['destination']['key'];
  if (keyRows.length > 1) findings.add('sheet-key', 'warning', `${keyRows.length} rows are marked as the key: the first is used`, at(keyRows[1]?.r ?? headerRow, col('destination.key') ?? 1));
  const keyRow = keyRows[0];
  if (keyRow) {
    const src = keyRow.field.source?.path;
    key = { ...(src !== undefined ? { source: src } : {}), destination: keyRow.field.destination.path };
  } else if (meta.has('key')) {
    const parts = (meta.get('key')?.text ?? '').split(/\s*(?:->|→|=>)\s*/);
    key = parts.length === 2 && parts[0] && parts[1] ? { source: parts[0], destination: parts[1] } : { destination: parts[0] ?? '' };
  } else if (existing?.destination.key) key = existing.destination.key;

  const resource = (side: 'source' | 'destination'): string => {
    const fromFlag = flagOf(side).resource;
    if (fromFlag) return fromFlag;
    const fromMeta = meta.get(`${side}.resource`)?.text;
    if (fromMeta) return fromMeta;
    const kept = existing?.[side].resource;
    if (kept) return kept;
    findings.add('sheet-resource', 'warning', `the ${side} resource is not named (a "${side === 'source' ? 'Source' : 'Destination'} resource" row above the table): written as "unknown"; or pass --${side} <system>:<resource>`, at(1, 1));
    return 'unknown';
  };

  const statusMeta = meta.get('status')?.text;
  const mappingStatus = statusMeta === 'draft' || statusMeta === 'in-review' || statusMeta === 'ready' ? statusMeta : (existing?.status ?? 'draft');
  const operation = meta.get('destination.operation')?.text ?? existing?.destination.operation;
  const mapping: Mapping = {
    id,
    ...(meta.get('title')?.text ?? existing?.title ? { title: meta.get('title')?.text ?? existing?.title } : {}),
    ...(meta.get('description')?.text ?? existing?.description ? { description: meta.get('description')?.text ?? existing?.description } : {}),
    version: meta.get('version')?.text ?? existing?.version ?? '0.1.0',
    status: mappingStatus,
    ...(existing?.flows ? { flows: existing.flows } : {}),
    source: {
      system: system('source'),
      resource: resource('source'),
      ...(existing?.source.description !== undefined ? { description: existing.source.description } : {}),
      ...(existing?.source.samples ? { samples: existing.source.samples } : {}),
    },
    destination: {
      system: system('destination'),
      resource: resource('destination'),
      ...(existing?.destination.description !== undefined ? { description: existing.destination.description } : {}),
      ...(existing?.destination.samples ? { samples: existing.destination.samples } : {}),
      ...(operation === 'create' || operation === 'update' || operation === 'upsert' || operation === 'delete' ? { operation } : {}),
      ...(key ? { key } : {}),
    },
    fields,
    ...(existing?.changelog ? { changelog: existing.changelog } : {}),
    ...(existing?.tests ? { tests: existing.tests } : {}),
  };
  return mapping;
}

function changelogFrom(grids: readonly Grid[], id: string): Mapping['changelog'] {
  const sheet = grids.find((g) => g.name.toLowerCase() === fixedSheets.changelog.toLowerCase());
  if (!sheet) return undefined;
  const head = (sheet.rows[0] ?? []).map((c) => norm(c?.text ?? ''));
  const ci = (name: string): number => head.indexOf(name);
  const [m, v, d, ch, by] = [ci('mapping'), ci('version'), ci('date'), ci('changes'), ci('by')];
  if (m < 0 || v < 0 || ch < 0) return undefined;
  const out: NonNullable<Mapping['changelog']> = [];
  for (const row of sheet.rows.slice(1)) {
    if (row[m]?.text.trim() !== id) continue;
    const version = row[v]?.text.trim();
    const changes = row[ch]?.text.trim();
    if (!version || !changes) continue;
    const date = d >= 0 ? row[d]?.text.trim() : undefined;
    const who = by >= 0 ? row[by]?.text.trim() : undefined;
    out.push({ version, ...(date ? { date } : {}), changes, ...(who ? { by: who } : {}) });
  }
  return out.length ? out : undefined;
}

/** The Value maps sheet (Value map, Source, Destination, From, To, Comment) as value-map files. */
function valueMapsFrom(grids: readonly Grid[], findings: Findings): ValueMapFile[] {
  const sheet = grids.find((g) => g.name.toLowerCase() === fixedSheets.valueMaps.toLowerCase());
  if (!sheet) return [];
  const head = (sheet.rows[0] ?? []).map((c) => norm(c?.text ?? ''));
  const [idc, sc, dc, fc, tc, cc] = ['value map', 'source', 'destination', 'from', 'to', 'comment'].map((n) => head.indexOf(n)) as [number, number, number, number, number, number];
  if (idc < 0 || fc < 0 || tc < 0) return [];
  const maps = new Map<string, ValueMapFile>();
  const side = (t: string | undefined): ValueMapFile['source'] => {
    if (!t) return undefined;
    const [system = '', ...rest] = t.split(':');
    const field = rest.join(':').trim();
    return /^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(system.trim()) ? { system: system.trim(), ...(field ? { field } : {}) } : undefined;
  };
  sheet.rows.slice(1).forEach((row, i) => {
    const id = row[idc]?.text.trim();
    if (!id) return;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(id)) {
      findings.add('sheet-value-map', 'error', `"${id.slice(0, 60)}" is not a value-map id`, { sheet: sheet.name, r: i + 2, c: idc + 1 });
      return;
    }
    let vm = maps.get(id);
    if (!vm) {
      const src = side(sc >= 0 ? row[sc]?.text : undefined);
      const dst = side(dc >= 0 ? row[dc]?.text : undefined);
      vm = { id, ...(src ? { source: src } : {}), ...(dst ? { destination: dst } : {}), entries: [] };
      maps.set(id, vm);
    }
    const cellValue = (c: number): string | number | boolean | undefined => {
      const cell = row[c];
      if (!cell || cell.text.trim() === '') return undefined;
      return typeof cell.value === 'string' ? cell.value.trim() : cell.value;
    };
    const from = cellValue(fc);
    const to = cellValue(tc);
    if (from === undefined || to === undefined) {
      findings.add('sheet-value-map', 'error', 'the entry needs both From and To', { sheet: sheet.name, r: i + 2, c: (from === undefined ? fc : tc) + 1 });
      return;
    }
    if (from === '*') {
      if (to === '(unchanged)') vm.unmapped = 'passthrough';
      else {
        vm.unmapped = 'default';
        vm.default = to;
      }
      return;
    }
    const comment = cc >= 0 ? row[cc]?.text.trim() : undefined;
    vm.entries.push({ from, to, ...(comment ? { comment } : {}) });
  });
  return [...maps.values()];
}

/** Imports the mapping sheets of an XLSX or CSV file. Never throws on bad input: every problem is a finding. */
export async function importSheets(bytes: Uint8Array, options: ImportOptions): Promise<ImportResult> {
  const findings = new Findings(options.file);
  if (bytes.length > sheetLimits.fileBytes) {
    findings.add('sheet-too-large', 'error', `refused: ${Math.round(bytes.length / 1024 / 1024)} MiB (at most ${sheetLimits.fileBytes / 1024 / 1024} MiB)`);
    return { mappings: [], valueMaps: [], diagnostics: findings.list };
  }
  let grids: Grid[];
  if (options.format === 'csv') {
    const name = options.file.split('/').pop()?.replace(/\.(csv|txt|tsv)$/i, '') ?? 'sheet';
    try {
      grids = [readCsv(bytes, name)];
    } catch (error) {
      findings.add('sheet-unreadable', 'error', `the CSV does not parse: ${error instanceof Error ? error.message : String(error)}`);
      return { mappings: [], valueMaps: [], diagnostics: findings.list };
    }
  } else {
    const problem = checkZipDirectory(bytes);
    if (problem) {
      findings.add(problem.code, 'error', problem.message);
      return { mappings: [], valueMaps: [], diagnostics: findings.list };
    }
    try {
      grids = await readXlsx(bytes);
    } catch (error) {
      findings.add('sheet-unreadable', 'error', `the workbook does not open: ${error instanceof Error ? error.message : String(error)}`);
      return { mappings: [], valueMaps: [], diagnostics: findings.list };
    }
  }
  const fills = legendFills(grids);
  const fixed = new Set(Object.values(fixedSheets).map((n) => n.toLowerCase()));
  let chosen = grids.filter((g) => !fixed.has(g.name.toLowerCase()));
  if (options.sheet !== undefined) {
    chosen = grids.filter((g) => g.name.toLowerCase() === options.sheet?.toLowerCase());
    if (!chosen.length) findings.add('sheet-missing', 'error', `no sheet named "${options.sheet.slice(0, 60)}" (sheets: ${grids.map((g) => g.name).join(', ').slice(0, 300)})`);
  }
  const mappings: ImportedMapping[] = [];
  for (const grid of chosen) {
    const mapping = importGrid(grid, options, fills, findings, options.sheet !== undefined || chosen.length === 1);
    if (!mapping) continue;
    if (!mapping.changelog) {
      const log = changelogFrom(grids, mapping.id);
      if (log) mapping.changelog = log;
    }
    mappings.push({ sheet: grid.name, mapping });
  }
  if (!mappings.length && options.sheet === undefined && chosen.length > 1) findings.add('sheet-no-header', 'error', 'no sheet holds a mapping table (a header row naming API name, Type, Transformation ...)');
  const valueMaps = options.format === 'xlsx' ? valueMapsFrom(grids, findings) : [];
  return { mappings, valueMaps, diagnostics: findings.list };
}
