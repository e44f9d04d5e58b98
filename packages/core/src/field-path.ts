/**
 * The field-path grammar of mapping files. One parser serves every package.
 *
 *   path     := segment ( '.' key | bracket )*      where segment := key | bracket
 *   key      := one or more characters other than . [ ] " ' and white space
 *   bracket  := '[' ( '"' json-string-body '"' | digits | '' | keypath '=' value ) ']'
 *   keypath  := ( name | '"' json-string-body '"' ) ( '.' ( name | '"' json-string-body '"' ) )*
 *
 * `[]` and `[keypath=value]` also accept a single object where an array is expected (CommCare
 * sends a repeat group with one entry as an object, with several as an array).
 */

export type PathSegment =
  | { readonly kind: 'key'; readonly key: string; readonly start: number; readonly end: number }
  | { readonly kind: 'each'; readonly start: number; readonly end: number }
  | { readonly kind: 'index'; readonly index: number; readonly start: number; readonly end: number }
  | {
      readonly kind: 'filter';
      /** The key path as written (one key for `[attribute=X]`, `form.@name` for a nested one). */
      readonly key: string;
      /** The keys the filter follows inside each item: `['form', '@name']`. */
      readonly keyPath: readonly string[];
      readonly value: string;
      readonly start: number;
      readonly end: number;
    };

export interface ParsedPath {
  readonly text: string;
  readonly segments: readonly PathSegment[];
}

/** A syntax error in a field path; `offset` is the 0-based index of the offending character. */
export class FieldPathError extends Error {
  override readonly name = 'FieldPathError';
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const MAX_PATH_LENGTH = 2048;

function isKeyChar(c: string): boolean {
  return !(c === '.' || c === '[' || c === ']' || c === '"' || c === "'" || /\s/u.test(c));
}

function isFilterChar(c: string): boolean {
  return !(c === ']' || c === '=' || c === '"' || c === "'" || c === '[' || /\s/u.test(c));
}

function isFilterKeyChar(c: string): boolean {
  return c !== '.' && isFilterChar(c);
}

/** Reads the key path of `[keypath=value]` from `start`; returns its keys and the index of what follows. */
function readFilterKey(text: string, start: number): { keys: string[]; next: number } {
  const keys: string[] = [];
  let i = start;
  for (;;) {
    if (text.charAt(i) === '"') {
      const q = readQuoted(text, i);
      keys.push(q.value);
      i = q.next;
    } else {
      const from = i;
      while (i < text.length && isFilterKeyChar(text.charAt(i))) i++;
      if (i === from) throw new FieldPathError(keys.length ? 'empty key between dots' : 'expected [], [N], ["key"] or [field=value]', i);
      keys.push(text.slice(from, i));
    }
    if (text.charAt(i) !== '.') return { keys, next: i };
    i++;
  }
}

/** Reads a JSON string literal starting at `start` (the opening quote); returns its value and the index after it. */
function readQuoted(text: string, start: number): { value: string; next: number } {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '"') {
      const literal = text.slice(start, i + 1);
      try {
        return { value: JSON.parse(literal) as string, next: i + 1 };
      } catch {
        throw new FieldPathError('invalid escape in quoted key: use JSON string escapes such as \\" and \\\\', start);
      }
    }
    i++;
  }
  throw new FieldPathError('unterminated quoted key: add the closing "', start);
}

/**
 * Parsed paths by text: rules parse the same paths again and again (every rule reads every field,
 * and mappings of one project share most paths). Parsed paths are read-only; the cache is
 * emptied when it grows past a bound, so memory does not grow with the input.
 */
const parsedCache = new Map<string, ParsedPath | FieldPathError>();
const parsedCacheLimit = 20_000;

function cachedParse(text: string): ParsedPath | FieldPathError {
  let parsed = parsedCache.get(text);
  if (parsed === undefined) {
    try {
      parsed = parseUncached(text);
    } catch (error) {
      if (!(error instanceof FieldPathError)) throw error;
      parsed = error;
    }
    if (parsedCache.size >= parsedCacheLimit) parsedCache.clear();
    parsedCache.set(text, parsed);
  }
  return parsed;
}

/** Parses a field path. Throws {@link FieldPathError} with the offset of the first bad character. */
export function parseFieldPath(text: string): ParsedPath {
  const parsed = cachedParse(text);
  if (parsed instanceof FieldPathError) throw parsed;
  return parsed;
}

function parseUncached(text: string): ParsedPath {
  if (text.length === 0) throw new FieldPathError('empty path', 0);
  if (text.length > MAX_PATH_LENGTH) throw new FieldPathError(`path longer than ${MAX_PATH_LENGTH} characters`, MAX_PATH_LENGTH);
  const segments: PathSegment[] = [];
  let i = 0;
  let expectKey = true; // at the start or right after a '.'
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === '[') {
      const start = i;
      const inner = text.charAt(i + 1);
      if (inner === ']') {
        segments.push({ kind: 'each', start, end: i + 2 });
        i += 2;
      } else if (inner === '"' && !/^[=.]/u.test(text.slice(readQuoted(text, i + 1).next))) {
        const { value, next } = readQuoted(text, i + 1);
        if (text.charAt(next) !== ']') throw new FieldPathError('expected ] after the quoted key', next);
        segments.push({ kind: 'key', key: value, start, end: next + 1 });
        i = next + 1;
      } else if (inner === "'") {
        throw new FieldPathError('quote keys with double quotes: ["key"]', i + 1);
      } else if (/[0-9]/u.test(inner)) {
        let j = i + 1;
        while (/[0-9]/u.test(text.charAt(j))) j++;
        if (text.charAt(j) !== ']') throw new FieldPathError('an index is digits only, e.g. [0]', j);
        const digits = text.slice(i + 1, j);
        if (digits.length > 1 && digits.startsWith('0')) throw new FieldPathError('an index has no leading zeros', i + 1);
        segments.push({ kind: 'index', index: Number(digits), start, end: j + 1 });
        i = j + 1;
      } else {
        const { keys, next: j } = readFilterKey(text, i + 1);
        const key = formatKeyPath(keys);
        if (text.charAt(j) !== '=') throw new FieldPathError('expected = in [field=value]', j);
        let value: string;
        let k = j + 1;
        if (text.charAt(k) === '"') {
          const q = readQuoted(text, k);
          value = q.value;
          k = q.next;
        } else {
          const vStart = k;
          while (k < text.length && isFilterChar(text.charAt(k))) k++;
          value = text.slice(vStart, k);
          if (value.length === 0) throw new FieldPathError('expected a value after =', k);
        }
        if (text.charAt(k) !== ']') throw new FieldPathError('expected ] to close [field=value]', k);
        segments.push({ kind: 'filter', key, keyPath: keys, value, start, end: k + 1 });
        i = k + 1;
      }
      expectKey = false;
      continue;
    }
    if (c === '.') {
      if (expectKey) throw new FieldPathError(i === 0 ? 'a path cannot start with .' : 'empty key between dots', i);
      expectKey = true;
      i++;
      if (i === text.length) throw new FieldPathError('a path cannot end with .', i - 1);
      continue;
    }
    if (!expectKey) {
      if (/\s/u.test(c)) throw new FieldPathError('white space in a key: write it as ["key with spaces"]', i);
      if (c === '"' || c === "'") throw new FieldPathError('quoted keys go in brackets: ["key"]', i);
      throw new FieldPathError(c === ']' ? 'unmatched ]' : 'expected . or [ after ]', i);
    }
    if (!isKeyChar(c)) {
      if (c === ']') throw new FieldPathError('unmatched ]', i);
      if (c === '"' || c === "'") throw new FieldPathError('quoted keys go in brackets: ["key"]', i);
      throw new FieldPathError('white space in a key: write it as ["key with spaces"]', i);
    }
    const start = i;
    while (i < text.length && isKeyChar(text.charAt(i))) i++;
    segments.push({ kind: 'key', key: text.slice(start, i), start, end: i });
    expectKey = false;
  }
  return { text, segments };
}

/** Like {@link parseFieldPath}, but returns the error instead of throwing. */
export function tryParseFieldPath(text: string): ParsedPath | FieldPathError {
  return cachedParse(text);
}

const plainKey = /^[^.[\]"'\s]+$/u;
const plainFilterKey = /^[^.[\]="'\s]+$/u;

/** A filter's key path as written: plain keys joined by dots, others quoted. */
function formatKeyPath(keys: readonly string[]): string {
  return keys.map((k) => (plainFilterKey.test(k) ? k : JSON.stringify(k))).join('.');
}

/** Writes segments back as a canonical path string. */
export function formatFieldPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    switch (s.kind) {
      case 'key':
        out += plainKey.test(s.key) ? (out ? '.' : '') + s.key : `[${JSON.stringify(s.key)}]`;
        break;
      case 'each':
        out += '[]';
        break;
      case 'index':
        out += `[${s.index}]`;
        break;
      case 'filter':
        out += `[${formatKeyPath(s.keyPath)}=${/^[^\]="'[\s]+$/u.test(s.value) ? s.value : JSON.stringify(s.value)}]`;
        break;
    }
  }
  return out;
}

function own(value: object, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

/** The value at `keys` inside `item`, own properties only. */
function keyPathValue(item: unknown, keys: readonly string[]): unknown {
  let v = item;
  for (const k of keys) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = own(v, k);
  }
  return v;
}

function matchesFilter(item: unknown, segment: Extract<PathSegment, { kind: 'filter' }>): boolean {
  return item !== null && typeof item === 'object' && !Array.isArray(item) && scalarText(keyPathValue(item, segment.keyPath)) === segment.value;
}

/** The items `[]` and filters go over: an array's items, or a single object as a one-item list. */
function itemsOf(value: object): readonly unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [value];
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return undefined;
}

function visitFrom(value: unknown, segments: readonly PathSegment[], i: number, visit: (value: unknown) => void): number {
  const segment = segments[i];
  if (segment === undefined) {
    visit(value);
    return 1;
  }
  if (value === null || typeof value !== 'object') return 0;
  let n = 0;
  switch (segment.kind) {
    case 'key': {
      if (Array.isArray(value)) return 0;
      const v = own(value, segment.key);
      return v === undefined ? 0 : visitFrom(v, segments, i + 1, visit);
    }
    case 'each':
      for (const item of itemsOf(value)) n += visitFrom(item, segments, i + 1, visit);
      return n;
    case 'index':
      return Array.isArray(value) && segment.index < value.length ? visitFrom(value[segment.index], segments, i + 1, visit) : 0;
    case 'filter':
      for (const item of itemsOf(value)) if (matchesFilter(item, segment)) n += visitFrom(item, segments, i + 1, visit);
      return n;
  }
}

/**
 * Calls `visit` with every value the path reaches in `record`, in the order `selectValues` lists
 * them, without building arrays (for checks over millions of records); returns how many there were.
 */
export function forEachValue(record: unknown, path: ParsedPath, visit: (value: unknown) => void): number {
  // One stack frame per segment: a path longer than any real one is walked without recursion.
  if (path.segments.length > 256) {
    const values = selectValues(record, path);
    values.forEach(visit);
    return values.length;
  }
  return visitFrom(record, path.segments, 0, visit);
}

/** The index of the first `[]` of `path` that has more path after it (`items[].name`), or -1: such a path is written and compared item by item. */
export function innerEach(path: ParsedPath): number {
  return path.segments.findIndex((s, i) => s.kind === 'each' && i < path.segments.length - 1);
}

/**
 * The values at `path` as {@link selectValues} finds them, kept by item where the path has a `[]`
 * with more after it: a list per list found there, holding each item's values. Two records whose
 * values are the same but sit in other items compare unequal, where `selectValues` lists them alike.
 */
export function selectValuesByItem(record: unknown, path: ParsedPath): unknown[] {
  const at = innerEach(path);
  if (at < 0) return selectValues(record, path);
  const before: ParsedPath = { text: path.text, segments: path.segments.slice(0, at) };
  const after: ParsedPath = { text: path.text, segments: path.segments.slice(at + 1) };
  return selectValues(record, before).map((list) => (typeof list === 'object' && list !== null ? itemsOf(list).map((item) => selectValuesByItem(item, after)) : list));
}

/**
 * Every value the path reaches in `record` (several when it iterates or filters). Only own
 * properties are read, so `__proto__` and `constructor` are ordinary keys.
 */
export function selectValues(record: unknown, path: ParsedPath): unknown[] {
  let current: unknown[] = [record];
  for (const segment of path.segments) {
    const next: unknown[] = [];
    for (const value of current) {
      if (value === null || typeof value !== 'object') continue;
      switch (segment.kind) {
        case 'key': {
          if (Array.isArray(value)) continue;
          const v = own(value, segment.key);
          if (v !== undefined) next.push(v);
          break;
        }
        case 'each':
          // A loop, not a spread: an array of a million items is fine.
          for (const item of itemsOf(value)) next.push(item);
          break;
        case 'index':
          if (Array.isArray(value) && segment.index < value.length) next.push(value[segment.index]);
          break;
        case 'filter':
          for (const item of itemsOf(value)) if (matchesFilter(item, segment)) next.push(item);
          break;
      }
    }
    current = next;
    if (current.length === 0) break;
  }
  return current;
}
