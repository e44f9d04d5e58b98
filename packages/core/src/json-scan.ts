import { toPointer } from './pointer.js';

export type JsonIssueKind = 'syntax' | 'depth' | 'duplicate-key' | 'unsafe-integer';

/** A problem found while scanning JSON text. Offsets are 0-based into the scanned text. */
export interface JsonIssue {
  kind: JsonIssueKind;
  offset: number;
  end: number;
  message: string;
  /** JSON Pointer of the value concerned, when known. */
  pointer?: string;
}

export interface JsonScanOptions {
  /** Deepest nesting allowed (default 256). */
  maxDepth?: number;
  /** Stop listing duplicate keys and unsafe integers after this many (default 100); `counts` still counts them. */
  maxIssues?: number;
}

export interface JsonScanResult {
  /** True when the text is one well-formed JSON value within the depth limit (duplicates do not count). */
  wellFormed: boolean;
  issues: JsonIssue[];
  counts: Record<JsonIssueKind, number>;
}

interface Frame {
  array: boolean;
  keys: Set<string> | undefined;
  index: number;
  key: string;
}

const WS = new Uint8Array(128);
for (const c of [0x20, 0x09, 0x0a, 0x0d]) WS[c] = 1;

const numberPattern = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/u;

/**
 * Validates JSON text in one pass without recursion: syntax errors with their offset, nesting past
 * the depth limit, duplicate keys (at the second key) and integers that a double would round.
 * It does not build values; use `JSON.parse` once the text is known to be well formed.
 */
export function scanJson(text: string, options: JsonScanOptions = {}, from = 0, to = text.length): JsonScanResult {
  const maxDepth = options.maxDepth ?? 256;
  const maxIssues = options.maxIssues ?? 100;
  const issues: JsonIssue[] = [];
  const counts: Record<JsonIssueKind, number> = { syntax: 0, depth: 0, 'duplicate-key': 0, 'unsafe-integer': 0 };
  const stack: Frame[] = [];
  let i = from;

  const pointerHere = (extra?: string): string => toPointer([...stack.map((f) => (f.array ? f.index : f.key)), ...(extra === undefined ? [] : [extra])]);
  const fail = (kind: 'syntax' | 'depth', message: string, offset: number): JsonScanResult => {
    counts[kind]++;
    issues.push({ kind, offset, end: Math.min(offset + 1, to), message });
    return { wellFormed: false, issues, counts };
  };
  const note = (kind: 'duplicate-key' | 'unsafe-integer', message: string, offset: number, end: number, pointer: string): void => {
    counts[kind]++;
    if (counts['duplicate-key'] + counts['unsafe-integer'] <= maxIssues) issues.push({ kind, offset, end, message, pointer });
  };
  const skipWs = (): void => {
    while (i < to) {
      const c = text.charCodeAt(i);
      if (c < 128 && WS[c] === 1) i++;
      else break;
    }
  };
  /** Reads a string starting at the opening quote; returns the index after the closing quote, or -1. */
  const readString = (): number => {
    let j = i + 1;
    while (j < to) {
      const c = text.charCodeAt(j);
      if (c === 0x22) return j + 1;
      if (c === 0x5c) {
        const e = text.charCodeAt(j + 1);
        if (e === 0x75) {
          if (!/^[0-9a-fA-F]{4}$/u.test(text.slice(j + 2, j + 6))) return -j - 1;
          j += 6;
        } else if (e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
          j += 2;
        } else return -j - 1;
        continue;
      }
      if (c < 0x20) return -j - 1;
      j++;
    }
    return -j - 1;
  };

  // States: value expected, or what may follow a value.
  skipWs();
  if (i >= to) return fail('syntax', 'the file holds no JSON value', from);
  for (;;) {
    // Expect a value.
    skipWs();
    if (i >= to) return fail('syntax', 'unexpected end of file: a value is missing', to);
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (stack.length >= maxDepth) return fail('depth', `arrays and objects are nested deeper than ${maxDepth} levels`, i);
      const array = c === 0x5b;
      stack.push({ array, keys: array ? undefined : new Set(), index: 0, key: '' });
      i++;
      skipWs();
      const close = array ? 0x5d : 0x7d;
      if (text.charCodeAt(i) === close) {
        stack.pop();
        i++;
      } else if (!array) {
        // First key.
        const r = readKey();
        if (r) return r;
        continue;
      } else continue;
    } else if (c === 0x22) {
      const end = readString();
      if (end < 0) return fail('syntax', 'invalid or unterminated string', -end - 1);
      i = end;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      const start = i;
      while (i < to) {
        const d = text.charCodeAt(i);
        if ((d >= 0x30 && d <= 0x39) || d === 0x2d || d === 0x2b || d === 0x2e || d === 0x65 || d === 0x45) i++;
        else break;
      }
      const literal = text.slice(start, i);
      if (!numberPattern.test(literal)) return fail('syntax', 'invalid number', start);
      if (literal.length > 15 && !/[.eE]/u.test(literal) && !Number.isSafeInteger(Number(literal))) {
        note('unsafe-integer', 'this integer has more digits than a double keeps: it is compared as written, but a consumer using JSON numbers will round it', start, i, pointerHere());
      }
    } else if (text.startsWith('true', i)) i += 4;
    else if (text.startsWith('false', i)) i += 5;
    else if (text.startsWith('null', i)) i += 4;
    else return fail('syntax', 'unexpected character: expected a value', i);

    // After a value: close containers or move to the next member.
    for (;;) {
      skipWs();
      const top = stack[stack.length - 1];
      if (!top) {
        if (i < to) return fail('syntax', 'unexpected text after the JSON value', i);
        return { wellFormed: true, issues, counts };
      }
      const d = text.charCodeAt(i);
      if (d === 0x2c /* , */) {
        const comma = i;
        i++;
        skipWs();
        if (text.charCodeAt(i) === (top.array ? 0x5d : 0x7d)) return fail('syntax', `trailing comma: JSON allows no comma before ${top.array ? ']' : '}'}; remove it`, comma);
        if (top.array) {
          top.index++;
          break;
        }
        const r = readKey();
        if (r) return r;
        break;
      }
      if ((top.array && d === 0x5d) || (!top.array && d === 0x7d)) {
        stack.pop();
        i++;
        continue;
      }
      if (i >= to) return fail('syntax', `unexpected end of file: ${top.array ? ']' : '}'} is missing`, to);
      return fail('syntax', top.array ? 'expected , or ]' : 'expected , or }', i);
    }
  }

  /** Reads `"key":` in the object on top of the stack; returns a failure result or undefined. */
  function readKey(): JsonScanResult | undefined {
    const top = stack[stack.length - 1];
    if (!top || top.array) return undefined;
    if (text.charCodeAt(i) !== 0x22) return fail('syntax', 'expected a "key" in double quotes', i);
    const start = i;
    const end = readString();
    if (end < 0) return fail('syntax', 'invalid or unterminated string', -end - 1);
    const raw = text.slice(start + 1, end - 1);
    const key = raw.includes('\\') ? (JSON.parse(text.slice(start, end)) as string) : raw;
    top.key = key;
    if (top.keys?.has(key)) note('duplicate-key', 'this key appears twice in the same object: the second silently replaces the first', start, end, pointerHere());
    else top.keys?.add(key);
    i = end;
    skipWs();
    if (text.charCodeAt(i) !== 0x3a) return fail('syntax', 'expected : after the key', i);
    i++;
    return undefined;
  }
}
