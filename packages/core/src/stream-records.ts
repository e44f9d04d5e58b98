/* eslint-disable @typescript-eslint/no-unnecessary-condition --
   The scanner's state (failed, inValue, ...) is changed by the closures it calls; TypeScript's
   narrowing does not see that and takes the flags for constants. */
import { isAscii } from 'node:buffer';
import { selectValues } from './field-path.js';
import type { ParsedPath } from './field-path.js';
import { scanJson } from './json-scan.js';

export type StreamIssueKind = 'syntax' | 'encoding' | 'record-too-large' | 'records-not-found' | 'records-array';

/** A problem met while streaming; `offset` is a byte offset into the file. */
export interface StreamIssue {
  kind: StreamIssueKind;
  offset: number;
  message: string;
}

export interface StreamOptions {
  /** Largest single record parsed, in bytes (default 64 MiB); larger ones are skipped with an issue. */
  maxRecordBytes?: number;
  /** Most syntax issues listed per file (default 20); parsing goes on after each in NDJSON. */
  maxIssues?: number;
  /** Called after each chunk with the bytes read so far. */
  onProgress?: (bytes: number) => void;
}

export interface StreamResult {
  records: number;
  bytes: number;
  issues: StreamIssue[];
  /** Issues beyond `maxIssues`, counted only. */
  moreIssues: number;
}

/** A record and the byte offset where it starts in the file. */
export type RecordSink = (record: unknown, offset: number) => void;

/** Fatal on invalid UTF-8; keeps a BOM, which is allowed only at the very start of a file (dropped there). */
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Longest object key followed while navigating to the records, in bytes. */
export const maxStreamKeyBytes = 1024 * 1024;

/** UTF-16 and NUL bytes at the start of a file: the same verdict as the design-file loader's. */
function encodingProblem(first: Uint8Array | undefined): string | undefined {
  if (!first || first.length < 2) return undefined;
  if ((first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0xfe && first[1] === 0xff)) return 'unsupported encoding: the file is UTF-16; save it as UTF-8';
  if (first.subarray(0, 4096).includes(0)) return 'unsupported encoding: the file contains a NUL byte (binary or UTF-16); design files and samples are UTF-8 text';
  return undefined;
}

const utf8Bom = (bytes: Uint8Array): boolean => bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;

/** A copy of bytes that outlives the chunk buffer (a Node Buffer's `slice` does not copy). */
function copy(view: Uint8Array): Uint8Array {
  return new Uint8Array(view);
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The `records` path as key and `[]` steps, when the byte-level scanner can follow it. */
function streamableSteps(path: ParsedPath): (string | null)[] | undefined {
  const steps: (string | null)[] = [];
  for (const s of path.segments) {
    if (s.kind === 'key') steps.push(s.key);
    else if (s.kind === 'each') steps.push(null);
    else return undefined;
  }
  return steps;
}

class Issues {
  list: StreamIssue[] = [];
  more = 0;
  constructor(private readonly max: number) {}
  add(issue: StreamIssue): void {
    if (this.list.length < this.max) this.list.push(issue);
    else this.more++;
  }
}

/**
 * Writes integers that a double would round as strings, so a 20-digit id is compared as written.
 * Walks the text once, outside strings only.
 */
export function quoteUnsafeIntegers(text: string): string {
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      continue;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let j = i + 1;
      while (j < text.length && /[0-9.eE+-]/u.test(text.charAt(j))) j++;
      const literal = text.slice(i, j);
      if (literal.length > 15 && /^-?\d+$/u.test(literal) && !Number.isSafeInteger(Number(literal))) {
        out += `${text.slice(last, i)}"${literal}"`;
        last = j;
      }
      i = j - 1;
    }
  }
  return last === 0 ? text : out + text.slice(last);
}

/**
 * Whether the text may hold an integer a double rounds: 16 or more digits that are not part of a
 * decimal or an exponent, `(?<![\d.eE+-])-?\d{16,}(?![\d.eE])`.
 */
function hasLongDigitRun(text: string): boolean {
  return nextLongDigitRun(text, 0) !== Infinity;
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
/** `\d`, `.`, `e`, `E`, `+`, `-`: what may not stand before a long integer (nor, but for signs, after it). */
const numberPart = (c: number): boolean => isDigit(c) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d;

/**
 * Where the first match of that pattern at or after `from` starts (`Infinity`: none), searched
 * once per chunk of lines, not once per record. Every run of 16 or more digits covers one of every
 * 16th character, so only those are looked at, and the run around a digit found there is measured
 * and judged as the pattern would judge it: many times faster than the pattern, which is tried at
 * every character. A run never spans a line break, so the offset tells which line holds one.
 */
function nextLongDigitRun(text: string, from: number): number {
  const n = text.length;
  for (let i = from + 15; i < n; i += 16) {
    if (!isDigit(text.charCodeAt(i))) continue;
    let start = i;
    while (start > 0 && isDigit(text.charCodeAt(start - 1))) start--;
    let end = i + 1;
    while (end < n && isDigit(text.charCodeAt(end))) end++;
    // The next run starts after `end`, a character that is not a digit: look again 16 characters on.
    i = end;
    const after = text.charCodeAt(end);
    if (end - start < 16 || after === 0x2e || after === 0x65 || after === 0x45) continue;
    const before = start > 0 ? text.charCodeAt(start - 1) : -1;
    // The match starts at the minus sign before the digits, if any; nothing numeric may precede it.
    if (before === 0x2d && start - 1 >= from && !(start > 1 && numberPart(text.charCodeAt(start - 2)))) return start - 1;
    if (start >= from && !numberPart(before)) return start;
  }
  return Infinity;
}

/** Parses one record's bytes (at byte offset `base` of the file), or reports where it is broken. */
function parseRecord(bytes: Uint8Array, base: number, issues: Issues): { ok: true; value: unknown } | { ok: false; blank?: boolean } {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    issues.add({ kind: 'syntax', offset: base, message: 'unsupported encoding: this record is not valid UTF-8' });
    return { ok: false };
  }
  if (text.charCodeAt(0) === 0xfeff) {
    if (base !== 0) {
      issues.add({ kind: 'syntax', offset: base, message: 'a byte-order mark in the middle of the file: only the start of a file may hold one; remove it' });
      return { ok: false };
    }
    text = text.slice(1);
  }
  return parseText(text, base, utf8Bom(bytes) ? 3 : 0, issues);
}

/** Whether the text is white space only (without making a trimmed copy). */
function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09 && c !== 0x0b && c !== 0x0c && c !== 0xa0 && c !== 0xfeff && !(c > 0x7f && /\s/u.test(text.charAt(i)))) return false;
  }
  return true;
}

/** Parses one record's decoded text; `bom` is the number of bytes a dropped byte-order mark took. */
function parseText(text: string, base: number, bom: number, issues: Issues, long = hasLongDigitRun(text)): { ok: true; value: unknown } | { ok: false; blank?: boolean } {
  if (isBlank(text)) return { ok: false, blank: true };
  try {
    return { ok: true, value: JSON.parse(long ? quoteUnsafeIntegers(text) : text) as unknown };
  } catch {
    const scan = scanJson(text, { maxDepth: 256 });
    const first = scan.issues.find((i) => i.kind === 'syntax' || i.kind === 'depth');
    const offset = base + bom + Buffer.byteLength(text.slice(0, first?.offset ?? 0));
    issues.add({ kind: 'syntax', offset, message: first ? first.message : 'not valid JSON' });
    return { ok: false };
  }
}

/**
 * The text of bytes that are all ASCII, read byte for character (`undefined` when any byte is not
 * ASCII): `isAscii` and a Latin-1 read are several times faster than the UTF-8 decoder, and ASCII
 * is valid UTF-8 that decodes to the same text.
 */
function asciiText(bytes: Uint8Array): string | undefined {
  if (!isAscii(bytes)) return undefined;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** NDJSON: one JSON value per line; a broken line is reported and the next lines are still read. */
function streamNdjson(chunks: Iterable<Uint8Array>, path: ParsedPath | undefined, sink: RecordSink, options: Required<Omit<StreamOptions, 'onProgress'>> & StreamOptions): StreamResult {
  const issues = new Issues(options.maxIssues);
  let records = 0;
  let base = 0;
  let carry: Uint8Array[] = [];
  let carryBytes = 0;
  let tooLong = false;
  const line = (bytes: Uint8Array | string, offset: number, long?: boolean): void => {
    const parsed = typeof bytes === 'string' ? parseText(bytes, offset, 0, issues, long) : parseRecord(bytes, offset, issues);
    if (!parsed.ok) return;
    if (path) {
      for (const v of selectValues(parsed.value, path)) {
        records++;
        sink(v, offset);
      }
    } else {
      records++;
      sink(parsed.value, offset);
    }
  };
  for (const chunk of chunks) {
    let start = 0;
    let nl = chunk.indexOf(0x0a, start);
    while (nl !== -1) {
      if (carry.length) {
        if (!tooLong) line(concat([...carry, chunk.subarray(start, nl)], carryBytes + nl - start), base + start - carryBytes);
        carry = [];
        carryBytes = 0;
        tooLong = false;
      } else {
        // The whole lines of this chunk at once: one decoder call, lines split on the text. A
        // chunk with any byte that is not ASCII (or a byte-order mark) goes line by line below.
        const last = chunk.lastIndexOf(0x0a);
        const text = last > nl ? asciiText(chunk.subarray(start, last)) : undefined;
        if (text !== undefined) {
          let from = 0;
          let nextLong = nextLongDigitRun(text, 0);
          for (let at = text.indexOf('\n'); ; at = text.indexOf('\n', from)) {
            const end = at === -1 ? text.length : at;
            const long = nextLong < end;
            line(text.slice(from, end), base + start + from, long);
            if (long) nextLong = nextLongDigitRun(text, end);
            if (at === -1) break;
            from = at + 1;
          }
          start = last + 1;
          nl = chunk.indexOf(0x0a, start);
          continue;
        }
        line(chunk.subarray(start, nl), base + start);
      }
      start = nl + 1;
      nl = chunk.indexOf(0x0a, start);
    }
    if (start < chunk.length) {
      carryBytes += chunk.length - start;
      if (carryBytes > options.maxRecordBytes) {
        if (!tooLong) issues.add({ kind: 'record-too-large', offset: base + start, message: `a line longer than ${options.maxRecordBytes} bytes is not checked` });
        tooLong = true;
        carry = [];
      } else carry.push(copy(chunk.subarray(start)));
    }
    base += chunk.length;
    options.onProgress?.(base);
  }
  if (carry.length && !tooLong) line(concat(carry, carryBytes), base - carryBytes);
  return { records, bytes: base, issues: issues.list, moreIssues: issues.more };
}

/** A whole JSON file read into memory (up to the record cap), then `path` applied. */
function wholeJson(chunks: Iterable<Uint8Array>, path: ParsedPath | undefined, sink: RecordSink, options: Required<Omit<StreamOptions, 'onProgress'>> & StreamOptions): StreamResult {
  const issues = new Issues(options.maxIssues);
  const parts: Uint8Array[] = [];
  let bytes = 0;
  for (const chunk of chunks) {
    bytes += chunk.length;
    if (bytes <= options.maxRecordBytes) parts.push(copy(chunk));
    options.onProgress?.(bytes);
  }
  if (bytes > options.maxRecordBytes) {
    issues.add({ kind: 'record-too-large', offset: 0, message: `the file is read as one record and is larger than ${options.maxRecordBytes} bytes: select the records with \`records\` (for example "[]" or "data[]")` });
    return { records: 0, bytes, issues: issues.list, moreIssues: 0 };
  }
  const parsed = parseRecord(concat(parts, bytes), 0, issues);
  let records = 0;
  if (!parsed.ok && parsed.blank) issues.add({ kind: 'syntax', offset: bytes, message: 'the file holds no JSON value' });
  if (parsed.ok) {
    const values = path ? selectValues(parsed.value, path) : Array.isArray(parsed.value) ? parsed.value : [parsed.value];
    if (path && values.length === 0) issues.add({ kind: 'records-not-found', offset: 0, message: `the records path ${path.text} selects nothing in this file` });
    for (const v of values) {
      records++;
      sink(v, 0);
    }
  }
  return { records, bytes, issues: issues.list, moreIssues: issues.more };
}

interface NavFrame {
  array: boolean;
  /** How many path steps lead to this container. */
  matched: number;
  /** start | key | colon | value | comma */
  state: number;
  key: string;
}

const S_START = 0;
const S_KEY = 1;
const S_COLON = 2;
const S_VALUE = 3;
const S_COMMA = 4;

/**
 * A JSON file whose `records` path is made of keys and `[]`: one pass over the bytes. Containers
 * on the path are navigated; values off the path are skipped and each selected value is captured
 * and handed to `JSON.parse`, so memory holds one chunk and one record whatever the file size.
 */
function streamJson(chunks: Iterable<Uint8Array>, path: ParsedPath | undefined, pathSteps: (string | null)[] | undefined, sink: RecordSink, options: Required<Omit<StreamOptions, 'onProgress'>> & StreamOptions): StreamResult {
  const issues = new Issues(options.maxIssues);
  const nav: NavFrame[] = [];
  // Without a records path, a top-level array is a list of records and anything else one record.
  let steps: (string | null)[] = pathSteps ?? [];
  const endsInKey = path !== undefined && path.segments[path.segments.length - 1]?.kind === 'key';
  let records = 0;
  let base = 0;
  let done = false;
  let commaAt = -1;
  let rootSeen = false;
  let failed = false;
  // Skip / capture state.
  let inValue = false;
  let capturing = false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let scalar = false;
  let captureStart = 0;
  let captureOffset = 0;
  let parts: Uint8Array[] = [];
  let partBytes = 0;
  let oversize = false;
  // Key reading in navigation.
  let readingKey = false;
  let keyAt = 0;
  let arraySaid = false;
  let keyBytes: number[] = [];
  let keyEscaped = false;

  const fail = (offset: number, message: string): void => {
    issues.add({ kind: 'syntax', offset, message });
    failed = true;
  };
  const afterValue = (): void => {
    const top = nav[nav.length - 1];
    if (top) top.state = S_COMMA;
    else done = true;
  };
  const finishCapture = (chunk: Uint8Array, end: number): void => {
    if (oversize) {
      oversize = false;
      parts = [];
      partBytes = 0;
      return;
    }
    const piece = chunk.subarray(captureStart, end);
    const bytes = parts.length ? concat([...parts, piece], partBytes + piece.length) : piece;
    parts = [];
    partBytes = 0;
    const parsed = parseRecord(bytes, captureOffset, issues);
    if (parsed.ok) {
      records++;
      sink(parsed.value, captureOffset);
    }
  };
  /** Starts skipping or capturing the value whose first byte is `c` at `i`; returns where scanning goes on. */
  const startValue = (i: number, c: number, capture: boolean): number => {
    inValue = true;
    capturing = capture;
    depth = c === 0x7b || c === 0x5b ? 1 : 0;
    inString = c === 0x22;
    escaped = false;
    scalar = depth === 0 && !inString;
    if (capture) {
      captureStart = i;
      captureOffset = base + i;
      oversize = false;
    }
    return scalar ? i : i + 1;
  };

  for (const chunk of chunks) {
    const n = chunk.length;
    let i = 0;
    while (i < n && !failed) {
      if (inValue) {
        // Tight loop: strings and nesting only.
        let end = -1;
        for (; i < n; i++) {
          const c = chunk[i] ?? 0;
          if (inString) {
            if (escaped) escaped = false;
            else if (c === 0x5c) escaped = true;
            else if (c === 0x22) {
              inString = false;
              if (depth === 0) {
                end = i + 1;
                break;
              }
            }
          } else if (scalar) {
            if (c === 0x2c || c === 0x5d || c === 0x7d || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
              end = i;
              break;
            }
          } else if (c === 0x22) inString = true;
          else if (c === 0x7b || c === 0x5b) depth++;
          else if (c === 0x7d || c === 0x5d) {
            depth--;
            if (depth === 0) {
              end = i + 1;
              break;
            }
          }
        }
        if (end === -1) break;
        if (capturing) finishCapture(chunk, end);
        inValue = false;
        i = end;
        afterValue();
        continue;
      }
      const c = chunk[i] ?? 0;
      if (readingKey) {
        if (keyEscaped) keyEscaped = false;
        else if (c === 0x5c) keyEscaped = true;
        else if (c === 0x22) {
          readingKey = false;
          const raw = Buffer.from(keyBytes).toString('utf8');
          const top = nav[nav.length - 1];
          let key = raw;
          if (raw.includes('\\')) {
            try {
              key = JSON.parse(`"${raw}"`) as string;
            } catch {
              fail(keyAt, 'invalid escape in a key: JSON allows only \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX');
              break;
            }
          }
          if (top) {
            top.key = key;
            top.state = S_COLON;
          }
          i++;
          continue;
        }
        if (keyBytes.length >= maxStreamKeyBytes) {
          fail(keyAt, `a key longer than ${maxStreamKeyBytes / 1024 / 1024} MiB: the file is not read past it`);
          break;
        }
        keyBytes.push(c);
        i++;
        continue;
      }
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || (c === 0xef && base + i === 0) || (base + i <= 2 && (c === 0xbb || c === 0xbf))) {
        i++;
        continue;
      }
      if (done) {
        fail(base + i, 'unexpected text after the JSON value');
        break;
      }
      const top = nav[nav.length - 1];
      if (!top) {
        // The root value.
        if (rootSeen) {
          fail(base + i, 'unexpected text after the JSON value');
          break;
        }
        rootSeen = true;
        if (pathSteps === undefined && c === 0x5b) steps = [null];
        if (steps.length === 0) {
          // The whole file is one record.
          i = startValue(i, c, true);
        } else if (c === 0x7b || c === 0x5b) {
          nav.push({ array: c === 0x5b, matched: 0, state: S_START, key: '' });
          i++;
        } else {
          i = startValue(i, c, false);
        }
        continue;
      }
      if (top.state === S_START || top.state === S_COMMA) {
        const close = top.array ? 0x5d : 0x7d;
        if (c === close && (top.state === S_COMMA || top.state === S_START)) {
          nav.pop();
          afterValue();
          i++;
          continue;
        }
        if (top.state === S_COMMA) {
          if (c !== 0x2c) {
            fail(base + i, top.array ? 'expected , or ]' : 'expected , or }');
            break;
          }
          commaAt = base + i;
          top.state = top.array ? S_VALUE : S_KEY;
          i++;
          continue;
        }
        top.state = top.array ? S_VALUE : S_KEY;
      }
      if (top.state === S_KEY) {
        if (c !== 0x22) {
          if (c === 0x7d && commaAt >= 0) fail(commaAt, 'trailing comma: JSON allows no comma before }; remove it');
          else fail(base + i, 'expected a "key" in double quotes');
          break;
        }
        keyAt = base + i;
        commaAt = -1;
        readingKey = true;
        keyBytes = [];
        keyEscaped = false;
        i++;
        continue;
      }
      if (top.state === S_COLON) {
        if (c !== 0x3a) {
          fail(base + i, 'expected : after the key');
          break;
        }
        top.state = S_VALUE;
        i++;
        continue;
      }
      // S_VALUE: is this value on the records path?
      if (c === 0x5d || c === 0x7d || c === 0x2c || c === 0x3a) {
        if (c === 0x5d && top.array && commaAt >= 0) fail(commaAt, 'trailing comma: JSON allows no comma before ]; remove it');
        else fail(base + i, 'unexpected character: expected a value');
        break;
      }
      commaAt = -1;
      const step = steps[top.matched];
      const onPath = top.array ? step === null : step === top.key;
      const matched = top.matched + 1;
      if (onPath && matched === steps.length) {
        top.state = S_COMMA;
        if (c === 0x5b && endsInKey && !arraySaid) {
          arraySaid = true;
          issues.add({ kind: 'records-array', offset: base + i, message: `the records path ${path?.text ?? ''} selects an array: did you mean "${path?.text ?? ''}[]", one record per item?` });
        }
        i = startValue(i, c, true);
      } else if (onPath && (c === 0x7b || c === 0x5b)) {
        top.state = S_COMMA;
        nav.push({ array: c === 0x5b, matched, state: S_START, key: '' });
        i++;
      } else {
        top.state = S_COMMA;
        i = startValue(i, c, false);
      }
    }
    // A record that goes on into the next chunk: keep this chunk's part of it.
    if (inValue && capturing && !oversize && !failed) {
      partBytes += n - captureStart;
      if (partBytes > options.maxRecordBytes) {
        oversize = true;
        parts = [];
        issues.add({ kind: 'record-too-large', offset: captureOffset, message: `a record larger than ${options.maxRecordBytes} bytes is not checked` });
      } else parts.push(copy(chunk.subarray(captureStart)));
    }
    captureStart = 0;
    base += n;
    options.onProgress?.(base);
    if (failed) break;
  }
  if (!failed && inValue && scalar) inValue = false;
  if (!failed && (nav.length || inValue || !rootSeen)) issues.add({ kind: 'syntax', offset: base, message: 'unexpected end of file: the JSON value is not closed' });
  if (path && !failed && records === 0 && issues.list.length === 0) issues.add({ kind: 'records-not-found', offset: 0, message: `the records path ${path.text} selects nothing in this file` });
  return { records, bytes: base, issues: issues.list, moreIssues: issues.more };
}

/**
 * Streams the records of a sample: JSON (a record, an array, an OpenFn state; `path` selects the
 * records) or NDJSON (each line, `path` applied to each). Memory is bounded by the chunk size
 * and the largest record, except for JSON paths with filters or indexes, which read the file
 * whole up to `maxRecordBytes`.
 */
export function streamRecords(chunks: Iterable<Uint8Array>, format: 'json' | 'ndjson', path: ParsedPath | undefined, sink: RecordSink, options: StreamOptions = {}): StreamResult {
  const o = { maxRecordBytes: 64 * 1024 * 1024, maxIssues: 20, ...options };
  let refused: StreamIssue | undefined;
  function* checked(): Generator<Uint8Array> {
    let first = true;
    for (const chunk of chunks) {
      if (first) {
        first = false;
        const problem = encodingProblem(chunk);
        if (problem) {
          refused = { kind: 'encoding', offset: 0, message: problem };
          return;
        }
      }
      yield chunk;
    }
  }
  const steps = path ? streamableSteps(path) : undefined;
  const result = format === 'ndjson' ? streamNdjson(checked(), path, sink, o) : path && !steps ? wholeJson(checked(), path, sink, o) : streamJson(checked(), path, steps, sink, o);
  return refused ? { records: 0, bytes: result.bytes, issues: [refused], moreIssues: 0 } : result;
}
