import { parse as parseYaml } from 'yaml';
import type { MappingField, ValueMapFile } from './model.js';

type Scalar = string | number | boolean;
type Transform = NonNullable<MappingField['transform']>;

const numberLike = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

/** Writes a scalar so `readScalar` gives it back: a string that would read as a number, boolean or marker is quoted. */
export function writeScalar(value: Scalar): string {
  if (typeof value !== 'string') return String(value);
  const plain =
    value !== '' &&
    value === value.trim() &&
    !numberLike.test(value) &&
    value !== 'true' &&
    value !== 'false' &&
    value !== '*' &&
    !/^["(]/.test(value) &&
    !/->|→|=>|;|\n|\r/.test(value);
  return plain ? value : JSON.stringify(value);
}

/** Reads a scalar written in a cell: `"..."` is a string, a plain number or true/false is that value, anything else text. */
export function readScalar(text: string): Scalar {
  const t = text.trim();
  if (t.startsWith('"') && t.endsWith('"') && t.length >= 2) {
    try {
      const v: unknown = JSON.parse(t);
      if (typeof v === 'string') return v;
    } catch {
      // not a JSON string: taken as written
    }
    return t;
  }
  if (numberLike.test(t)) {
    const n = Number(t);
    // A 20-digit id stays text: never silently rounded.
    if (Number.isFinite(n) && (!Number.isInteger(n) || Number.isSafeInteger(n)) && String(n) === t) return n;
    return t;
  }
  if (t === 'true') return true;
  if (t === 'false') return false;
  return t;
}

/** Splits a list cell (`a; b; c`, one per line) into items, respecting `"..."` quoting. */
export function splitList(text: string): string[] {
  const items: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === '"' && (i === 0 || text.charAt(i - 1) !== '\\')) quoted = !quoted;
    if (!quoted && (ch === ';' || ch === '\n')) {
      items.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  items.push(current);
  return items.map((s) => s.trim()).filter((s) => s !== '');
}

export function writeList(values: readonly Scalar[]): string {
  return values.map(writeScalar).join('; ');
}

export function readList(text: string): Scalar[] {
  return splitList(text).map(readScalar);
}

const arrow = /\s*(?:->|→|=>)\s*/;

/** `male -> Male; female -> Female`, with `* -> X` for the default and `* -> (unchanged)` for passthrough. */
export function writeValueMap(t: Transform): string {
  const map = t.valueMap;
  if (typeof map !== 'object') return '';
  const parts = Object.entries(map).map(([from, to]) => `${writeScalar(from)} -> ${writeScalar(to)}`);
  if (t.unmapped === 'default' && t.default !== undefined) parts.push(`* -> ${writeScalar(t.default)}`);
  else if (t.unmapped === 'passthrough') parts.push('* -> (unchanged)');
  else if (t.unmapped === 'error') parts.push('* -> (error)');
  return parts.join('; ');
}

export type TransformReading =
  | { kind: 'direct' }
  | { kind: 'known'; transform: Transform; sharedEntries?: string }
  | { kind: 'free-text'; transform: Transform }
  | { kind: 'bad-value-map'; transform: Transform; problem: string };

const directWords = new Set(['', 'direct', 'copy', 'as is', 'as-is', 'same', 'same value', 'none', 'n/a', '-', 'no transformation', 'map directly', 'direct mapping']);

function readValueMap(text: string): { transform: Transform } | { problem: string } | undefined {
  if (!arrow.test(text)) return undefined;
  let segments = splitList(text);
  // `a -> A, b -> B` on one line: commas separate entries when every piece has exactly one arrow.
  if (segments.length === 1) {
    const byComma = text.split(',').map((s) => s.trim()).filter(Boolean);
    if (byComma.length > 1 && byComma.every((s) => s.split(arrow).length === 2)) segments = byComma;
  }
  const map: Record<string, Scalar> = Object.create(null) as Record<string, Scalar>;
  const out: Transform = { valueMap: map };
  for (const segment of segments) {
    const pair = segment.split(arrow);
    if (pair.length !== 2 || pair[0] === undefined || pair[1] === undefined || pair[0] === '' || pair[1] === '') {
      return { problem: `the entry "${segment.slice(0, 60)}" is not "from -> to"` };
    }
    const [fromText, toText] = pair as [string, string];
    if (fromText === '*') {
      if (toText === '(unchanged)') out.unmapped = 'passthrough';
      else if (toText === '(error)') out.unmapped = 'error';
      else {
        out.unmapped = 'default';
        out.default = readScalar(toText);
      }
      continue;
    }
    const from = String(readScalar(fromText));
    if (Object.hasOwn(map, from)) return { problem: `"${from.slice(0, 60)}" is mapped twice` };
    map[from] = readScalar(toText);
  }
  if (Object.keys(map).length === 0) return { problem: 'it lists no entry' };
  // A plain object (not null-prototype) for the YAML writer; keys like __proto__ are defined, not assigned.
  const plain: Record<string, Scalar> = {};
  for (const [k, v] of Object.entries(map)) Object.defineProperty(plain, k, { value: v, enumerable: true, writable: true, configurable: true });
  out.valueMap = plain;
  return { transform: out };
}

type Format = NonNullable<Transform['format']>;

/** The options a `format` step may carry besides `from` and `to` (packages/transform's vocabulary). */
const formatOptions = ['timeZone', 'toTimeZone', 'country', 'separator'] as const;

/** `format: dd/MM/yyyy -> iso-date`, `format: e164; country: KE`, `format: split -> join; separator: ";"`. */
export function writeFormat(f: Format): string {
  const head = f.from !== undefined ? `${f.from} -> ${f.to}` : f.to;
  const opts = Object.entries(f)
    .filter(([k]) => k !== 'from' && k !== 'to')
    .map(([k, v]) => `${k}: ${typeof v === 'string' && /^[A-Za-z0-9_/+:.-]+$/.test(v) && v !== 'true' && v !== 'false' ? v : JSON.stringify(v)}`);
  return `format: ${[head, ...opts].join('; ')}`;
}

function readFormat(body: string): Format | undefined {
  const [head, ...rest] = splitList(body);
  if (head === undefined) return undefined;
  const parts = head.split(arrow);
  let format: Format;
  if (parts.length === 2 && parts[0] && parts[1]) format = { from: parts[0], to: parts[1] };
  else if (parts.length === 1 && parts[0]) format = { to: parts[0] };
  else return undefined;
  for (const option of rest) {
    const m = /^([A-Za-z]+)\s*:\s*(.+)$/.exec(option);
    const key = formatOptions.find((k) => k.toLowerCase() === m?.[1]?.toLowerCase());
    if (!m?.[2] || !key) return undefined;
    Object.assign(format, { [key]: String(readScalar(m[2])) });
  }
  return format;
}

/** A value-map file's entries as a cell writes them: `male -> Male; female -> Female`. */
export function writeShared(vm: ValueMapFile): string {
  const valueMap: Record<string, Scalar> = {};
  for (const e of vm.entries) Object.defineProperty(valueMap, String(e.from), { value: e.to, enumerable: true, writable: true, configurable: true });
  return writeValueMap({ valueMap, ...(vm.unmapped ? { unmapped: vm.unmapped } : {}), ...(vm.default !== undefined ? { default: vm.default } : {}) });
}

/** The transformation cell for a transform (its `description` has a column of its own); `shared` gives a referenced value map's entries, written out for the reader. */
export function writeTransform(t: Transform | undefined, shared?: (id: string) => ValueMapFile | undefined): string {
  if (!t) return '';
  const kinds = (['constant', 'valueMap', 'format', 'expression', 'jsonata', 'lookup'] as const).filter((k) => t[k] !== undefined);
  const extra = Object.keys(t).filter((k) => !['description', 'constant', 'valueMap', 'format', 'expression', 'jsonata', 'lookup', 'unmapped', 'default'].includes(k));
  const { description: _d, ...rest } = t;
  const asYaml = (): string => `yaml: ${JSON.stringify(rest)}`;
  if (kinds.length !== 1 || extra.length) return Object.keys(rest).length ? asYaml() : '';
  const kind = kinds[0];
  if ((t.unmapped !== undefined || t.default !== undefined) && kind !== 'valueMap') return asYaml();
  switch (kind) {
    case 'constant':
      return typeof t.constant === 'string' || typeof t.constant === 'number' || typeof t.constant === 'boolean' ? `constant: ${writeScalar(t.constant)}` : asYaml();
    case 'valueMap':
      if (typeof t.valueMap === 'string') {
        if (t.unmapped !== undefined || t.default !== undefined) return asYaml();
        const vm = shared?.(t.valueMap);
        return vm ? `value map: ${t.valueMap} (${writeShared(vm)})` : `value map: ${t.valueMap}`;
      }
      return writeValueMap(t);
    case 'format':
      return t.format ? writeFormat(t.format) : asYaml();
    case 'expression':
      return `expression: ${t.expression ?? ''}`;
    case 'jsonata':
      return `jsonata: ${t.jsonata ?? ''}`;
    case 'lookup':
      return `lookup: ${JSON.stringify(t.lookup)}`;
    default:
      return asYaml();
  }
}

/**
 * Reads a transformation cell: empty or `direct` is direct; `constant: x`, `value map: <id>`,
 * `format: <from> -> <to>`, `expression: ...`, `jsonata: ...`, `lookup: {...}`, `yaml: {...}`,
 * or an inline value map (`male -> Male; female -> Female`). Anything else is free text, kept as
 * an `expression` whose description is the text.
 */
export function readTransform(text: string, description: string | undefined): TransformReading {
  const t = text.trim();
  const desc = description ? { description } : {};
  // Direct, perhaps with a description of why.
  if (directWords.has(t.toLowerCase())) return description ? { kind: 'known', transform: { description } } : { kind: 'direct' };
  const prefixed = /^(constant|value ?map|valuemap|format|expression|jsonata|lookup|yaml)\s*:\s*([\s\S]*)$/i.exec(t);
  if (prefixed?.[1] !== undefined && prefixed[2] !== undefined) {
    const word = prefixed[1].toLowerCase().replace(' ', '');
    const body = prefixed[2].trim();
    if (word === 'constant' && body !== '') return { kind: 'known', transform: { constant: readScalar(body), ...desc } };
    // `value map: gender`, or with its entries written out for the reader: `value map: gender (male -> Male; ...)`.
    const shared = /^([A-Za-z0-9][A-Za-z0-9._-]{0,127})(?:\s*\(([\s\S]*)\))?$/.exec(body);
    if (word === 'valuemap' && shared?.[1] !== undefined) return { kind: 'known', transform: { valueMap: shared[1], ...desc }, ...(shared[2] !== undefined ? { sharedEntries: shared[2] } : {}) };
    if (word === 'valuemap') {
      const vm = readValueMap(body);
      if (vm && 'transform' in vm) return { kind: 'known', transform: { ...vm.transform, ...desc } };
    }
    if (word === 'format' && body !== '') {
      const format = readFormat(body);
      if (format) return { kind: 'known', transform: { format, ...desc } };
    }
    if (word === 'expression' && body !== '') return { kind: 'known', transform: { expression: body, ...desc } };
    if (word === 'jsonata' && body !== '') return { kind: 'known', transform: { jsonata: body, ...desc } };
    if (word === 'lookup' || word === 'yaml') {
      const parsed = safeFlowYaml(body);
      if (parsed && word === 'lookup') return { kind: 'known', transform: { lookup: parsed as Transform['lookup'] & object, ...desc } };
      if (parsed && word === 'yaml') return { kind: 'known', transform: { ...(parsed as Transform), ...desc } };
    }
  }
  const vm = readValueMap(t);
  if (vm && 'transform' in vm) return { kind: 'known', transform: { ...vm.transform, ...desc } };
  const kept: Transform = { expression: t, description: description ?? t };
  if (vm) return { kind: 'bad-value-map', transform: kept, problem: vm.problem };
  return { kind: 'free-text', transform: kept };
}

/** A `{ ... }` object written in a cell, parsed as YAML 1.2 core with no aliases; anything else is `undefined`. */
function safeFlowYaml(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith('{') || text.length > 10_000) return undefined;
  try {
    const v: unknown = parseYaml(text, { schema: 'core', merge: false, maxAliasCount: 0, uniqueKeys: true, strict: true });
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
