import type { DesignFs, ParsedPath, PathSegment, Range } from '@interop-design/core';
import { fileChunks, quoteUnsafeIntegers, selectValues } from '@interop-design/core';

/**
 * Where the reader handed over a record, enough to find it again later: checks keep this for the
 * first offending record of a finding only, and `locateValue` reads that one record once more.
 */
export interface RecordAt {
  file: string;
  /** The byte offset the reader gave: where the record starts, or the NDJSON line or JSON file it was selected from. */
  offset: number;
  /** Which of the records handed over at this same offset it is (several when `records` selects inside an NDJSON line, or inside a JSON file read whole). */
  nth: number;
  format: 'json' | 'ndjson';
  records: ParsedPath | undefined;
}

/** A value inside a record: the field path, and which of the values it reaches (0-based, in `forEachValue` order). */
export interface ValueAt {
  path: ParsedPath;
  ordinal: number;
}

/** The text read back for one record: where its first byte is in the file, and its text. */
interface RecordText {
  line: number;
  column: number;
  text: string;
}

/** Largest record text read back (the reader's own cap); past it a finding points at the record's start (its text is left empty). */
const maxRecordBytes = 64 * 1024 * 1024;

type Mode = 'value' | 'line' | 'file';

/** How the reader found the record at its offset: see `streamRecords` in core. */
function modeOf(at: RecordAt): Mode {
  if (at.format === 'ndjson') return 'line';
  return at.records?.segments.some((s) => s.kind !== 'key' && s.kind !== 'each') ? 'file' : 'value';
}

/**
 * Streams the file once: counts lines and columns up to `at.offset`, then keeps the bytes of the
 * record (one JSON value, one line, or the rest of the file) and nothing else.
 */
function readRecord(fs: DesignFs, at: RecordAt, mode: Mode, maxBytes: number): RecordText {
  let line = 1;
  let seen = 0;
  let lineStart: Uint8Array[] = [];
  const parts: Uint8Array[] = [];
  let kept = 0;
  // A JSON value's end: nesting and strings only (the reader already found it well formed).
  let depth = 0;
  let inString = false;
  let escaped = false;
  let scalar = false;
  let started = false;
  let done = false;
  const keep = (bytes: Uint8Array): boolean => {
    kept += bytes.length;
    if (kept > maxBytes) return false;
    parts.push(new Uint8Array(bytes));
    return true;
  };
  for (const chunk of fileChunks(fs, at.file)) {
    let from = 0;
    if (seen < at.offset) {
      const end = Math.min(chunk.length, at.offset - seen);
      let nl = chunk.indexOf(0x0a);
      while (nl !== -1 && nl < end) {
        line++;
        lineStart = [];
        from = nl + 1;
        nl = chunk.indexOf(0x0a, from);
      }
      lineStart.push(new Uint8Array(chunk.subarray(from, Math.max(from, end))));
      from = end;
    }
    seen += chunk.length;
    if (from >= chunk.length) continue;
    let stop = chunk.length;
    if (mode === 'line') {
      const nl = chunk.indexOf(0x0a, from);
      if (nl !== -1) {
        stop = nl;
        done = true;
      }
    } else if (mode === 'value') {
      let i = from;
      if (!started) {
        started = true;
        const c = chunk[i] ?? 0;
        if (c === 0x7b || c === 0x5b) depth = 1;
        else if (c === 0x22) inString = true;
        else scalar = true;
        if (!scalar) i++;
      }
      for (; i < chunk.length && !done; i++) {
        const c = chunk[i] ?? 0;
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 0x5c) escaped = true;
          else if (c === 0x22) {
            inString = false;
            if (depth === 0) done = true;
          }
        } else if (scalar) {
          if (c === 0x2c || c === 0x5d || c === 0x7d || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
            done = true;
            i--;
          }
        } else if (c === 0x22) inString = true;
        else if (c === 0x7b || c === 0x5b) depth++;
        else if (c === 0x7d || c === 0x5d) {
          depth--;
          if (depth === 0) done = true;
        }
      }
      stop = i;
    }
    // Past the cap the record is not read: the finding points at its start.
    if (!keep(chunk.subarray(from, stop))) {
      parts.length = 0;
      break;
    }
    if (done) break;
  }
  const column = new TextDecoder().decode(Buffer.concat(lineStart)).length + 1;
  let text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(Buffer.concat(parts));
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { line, column, text };
}

/** A step of a JSON Pointer into the parsed record: an object key or an array index. */
type Step = string | number;

/** Whether a filter segment keeps `item`, judged by core's own path code. */
function keeps(item: unknown, segment: PathSegment): boolean {
  return item !== null && typeof item === 'object' && !Array.isArray(item) && selectValues(item, { text: '', segments: [segment] }).length === 1;
}

/** The steps to the `n`-th value `segments` reach in `value`, in the order `forEachValue` visits them. */
function nthSteps(value: unknown, segments: readonly PathSegment[], n: number): Step[] | undefined {
  let count = 0;
  const trail: Step[] = [];
  const walk = (v: unknown, i: number): boolean => {
    const segment = segments[i];
    if (segment === undefined) return count++ === n;
    if (v === null || typeof v !== 'object') return false;
    const into = (child: unknown, step: Step): boolean => {
      trail.push(step);
      if (walk(child, i + 1)) return true;
      trail.pop();
      return false;
    };
    switch (segment.kind) {
      case 'key':
        return !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, segment.key) && into((v as Record<string, unknown>)[segment.key], segment.key);
      case 'index':
        return Array.isArray(v) && segment.index < v.length && into(v[segment.index], segment.index);
      case 'each':
      case 'filter': {
        const pick = (item: unknown): boolean => segment.kind === 'each' || keeps(item, segment);
        // A single object stands for a one-item list (CommCare's repeat group with one entry).
        if (!Array.isArray(v)) return pick(v) && walk(v, i + 1);
        const items = v as unknown[];
        for (let k = 0; k < items.length; k++) if (pick(items[k]) && into(items[k], k)) return true;
        return false;
      }
    }
  };
  return walk(value, 0) ? trail : undefined;
}

function skipSpace(text: string, at: number): number {
  let i = at;
  for (let c = text.charCodeAt(i); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = text.charCodeAt(++i));
  return i;
}

/** The index after the JSON value that starts at `at` (the text is known to be well formed). */
function skipValue(text: string, at: number): number {
  const first = text.charCodeAt(at);
  if (first !== 0x22 && first !== 0x7b && first !== 0x5b) {
    let i = at;
    for (let c = text.charCodeAt(i); i < text.length && c !== 0x2c && c !== 0x5d && c !== 0x7d && c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09; c = text.charCodeAt(++i));
    return i;
  }
  let depth = 0;
  let inString = false;
  for (let i = at; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) {
        inString = false;
        if (depth === 0) return i + 1;
      }
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

/** The start and end index of the value the steps lead to in the text; the last of duplicate keys wins, as in `JSON.parse`. */
function findInText(text: string, steps: readonly Step[]): [number, number] | undefined {
  let i = skipSpace(text, 0);
  for (const step of steps) {
    if (typeof step === 'number') {
      if (text.charCodeAt(i) !== 0x5b) return undefined;
      i = skipSpace(text, i + 1);
      for (let k = 0; k < step; k++) i = skipSpace(text, skipSpace(text, skipValue(text, i)) + 1);
      continue;
    }
    if (text.charCodeAt(i) !== 0x7b) return undefined;
    i = skipSpace(text, i + 1);
    let match = -1;
    while (text.charCodeAt(i) === 0x22) {
      const keyEnd = skipValue(text, i);
      const raw = text.slice(i + 1, keyEnd - 1);
      const key = raw.includes('\\') ? (JSON.parse(text.slice(i, keyEnd)) as string) : raw;
      i = skipSpace(text, skipSpace(text, keyEnd) + 1);
      if (key === step) match = i;
      i = skipSpace(text, skipValue(text, i));
      if (text.charCodeAt(i) !== 0x2c) break;
      i = skipSpace(text, i + 1);
    }
    if (match < 0) return undefined;
    i = match;
  }
  return [i, skipValue(text, i)];
}

/** Line and column of `index` in `text`, whose first character is at `line`:`column` of the file. */
function positionIn(record: RecordText, index: number): { line: number; column: number } {
  let line = record.line;
  let lineStart = -1;
  for (let nl = record.text.indexOf('\n'); nl !== -1 && nl < index; nl = record.text.indexOf('\n', nl + 1)) {
    line++;
    lineStart = nl;
  }
  return { line, column: lineStart < 0 ? record.column + index : index - lineStart };
}

/**
 * The range of a value in a sample file: the record `at` is read back (that record's bytes only
 * are kept) and the value that `value` names is found in its text. Without `value`, or when the
 * value cannot be found again, or the record is larger than `maxBytes` (default 64 MiB), the range
 * is the record's start. The value itself is never returned.
 */
export function locateValue(fs: DesignFs, at: RecordAt, value?: ValueAt, maxBytes = maxRecordBytes): Range {
  const mode = modeOf(at);
  const record = readRecord(fs, at, mode, maxBytes);
  const start = { line: record.line, column: record.column };
  const fallback = { start, end: start };
  let parsed: unknown;
  try {
    parsed = JSON.parse(quoteUnsafeIntegers(record.text));
  } catch {
    return fallback;
  }
  const steps: Step[] = [];
  let inner: unknown = parsed;
  if (mode !== 'value' && at.records) {
    const toRecord = nthSteps(parsed, at.records.segments, at.nth);
    if (!toRecord) return fallback;
    steps.push(...toRecord);
    inner = selectValues(parsed, at.records)[at.nth];
  } else if (mode === 'file' && Array.isArray(parsed)) {
    steps.push(at.nth);
    inner = (parsed as unknown[])[at.nth];
  }
  if (value) {
    const toValue = nthSteps(inner, value.path.segments, value.ordinal);
    if (toValue) steps.push(...toValue);
  }
  const found = findInText(record.text, steps);
  if (!found) return fallback;
  return { start: positionIn(record, found[0]), end: positionIn(record, found[1]) };
}
