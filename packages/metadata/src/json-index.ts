/**
 * A one-pass index of a UTF-8 JSON document whose top level is an object: where each member's
 * value lies in the bytes and, for members that are arrays, where each element lies and where
 * the `id` and `name` strings of the elements that are objects lie. It builds no values, so a
 * reader parses only the collections and elements it uses (`JSON.parse` of a slice).
 *
 * The scan accepts what `JSON.parse` accepts or less: bytes it cannot scan cleanly (a syntax
 * error, nesting deeper than `maxDepth`, a top level that is not an object, a top-level key in
 * `stopKeys`) give `undefined`, and the caller parses the whole text as before, with its findings.
 * Bytes of 0x80 and above are accepted only inside strings and only as well-formed UTF-8, so bytes
 * that index cleanly also decode (no NUL, no UTF-16, no invalid sequence): the caller can decode the
 * text only when a finding needs a position.
 */

/** The elements of a top-level array member: parallel arrays, one entry per element. */
export interface JsonElements {
  /** Byte offsets of each element's first byte and of the byte after it. */
  starts: number[];
  ends: number[];
  /** Whether the element is an object. */
  objects: boolean[];
  /** The string token (quotes included) of the element's last `id` member, or -1 when it is absent or not a string. */
  idStarts: number[];
  idEnds: number[];
  /** The same for `name`. */
  nameStarts: number[];
  nameEnds: number[];
}

export interface JsonMember {
  start: number;
  end: number;
  /** Set when the value is an array. */
  elements?: JsonElements;
}

export interface JsonIndex {
  /** Top-level members by key (the last of a repeated key, as `JSON.parse` keeps). */
  members: Map<string, JsonMember>;
}

const utf8 = new TextDecoder();

/** The JSON text of bytes[start, end). */
export function jsonText(bytes: Uint8Array, start: number, end: number): string {
  return utf8.decode(bytes.subarray(start, end));
}

/** The value of the string token at bytes[start, end) (quotes included). */
export function stringToken(bytes: Uint8Array, start: number, end: number): string {
  const n = end - start - 2;
  if (n <= 256) {
    let plain = true;
    for (let k = start + 1; k < end - 1; k++) {
      const b = bytes[k] ?? 0;
      if (b >= 0x80 || b === 0x5c) {
        plain = false;
        break;
      }
    }
    if (plain) return String.fromCharCode.apply(null, bytes.subarray(start + 1, end - 1) as unknown as number[]);
  }
  return JSON.parse(jsonText(bytes, start, end)) as string;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** Bytes that end the plain run of a string: `"`, `\` and control characters. Out of range reads give undefined. */
const special = new Uint8Array(256);
special[0x22] = 1;
special[0x5c] = 1;
for (let c = 0; c < 0x20; c++) special[c] = 1;
for (let c = 0x80; c < 0x100; c++) special[c] = 1;

function isContinuation(c: number | undefined): boolean {
  return c !== undefined && c >= 0x80 && c <= 0xbf;
}

/**
 * The length of the well-formed UTF-8 sequence at `j` (Unicode table 3-7: no overlong forms, no
 * surrogates, nothing past U+10FFFF), or 0: exactly what a fatal UTF-8 decoder accepts.
 */
function utf8Length(b: Uint8Array, j: number): number {
  const c = b[j] ?? 0;
  const c1 = b[j + 1];
  if (c >= 0xc2 && c <= 0xdf) return isContinuation(c1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const lo = c === 0xe0 ? 0xa0 : 0x80;
    const hi = c === 0xed ? 0x9f : 0xbf;
    return c1 !== undefined && c1 >= lo && c1 <= hi && isContinuation(b[j + 2]) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const lo = c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xf4 ? 0x8f : 0xbf;
    return c1 !== undefined && c1 >= lo && c1 <= hi && isContinuation(b[j + 2]) && isContinuation(b[j + 3]) ? 4 : 0;
  }
  return 0;
}

/** Whether the last string `stringEnd` scanned held an escape. */
let escaped = false;

/** The offset after the closing quote of the string opening at `i`, or -1 when it is not a valid JSON string. */
function stringEnd(b: Uint8Array, i: number): number {
  const n = b.length;
  let j = i + 1;
  escaped = false;
  for (;;) {
    while (j < n && special[b[j] as number] === 0) j++;
    if (j >= n) return -1;
    const c = b[j] as number;
    if (c === 0x22) return j + 1;
    if (c >= 0x80) {
      const n = utf8Length(b, j);
      if (n === 0) return -1;
      j += n;
      continue;
    }
    if (c !== 0x5c) return -1; // a control character
    escaped = true;
    const e = b[j + 1];
    if (e === 0x75) {
      if (!(isHex(b[j + 2] ?? 0) && isHex(b[j + 3] ?? 0) && isHex(b[j + 4] ?? 0) && isHex(b[j + 5] ?? 0))) return -1;
      j += 6;
    } else if (e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) j += 2;
    else return -1;
  }
}

function skipWs(b: Uint8Array, i: number): number {
  for (;;) {
    const c = b[i];
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

/** The offset after the number starting at `i` (`-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`), or -1. */
function numberEnd(b: Uint8Array, i: number): number {
  if (b[i] === 0x2d) i++;
  if (b[i] === 0x30) i++;
  else if (isDigit(b[i])) while (isDigit(b[i])) i++;
  else return -1;
  if (b[i] === 0x2e) {
    i++;
    if (!isDigit(b[i])) return -1;
    while (isDigit(b[i])) i++;
  }
  if (b[i] === 0x65 || b[i] === 0x45) {
    i++;
    if (b[i] === 0x2b || b[i] === 0x2d) i++;
    if (!isDigit(b[i])) return -1;
    while (isDigit(b[i])) i++;
  }
  return i;
}

function literalAt(b: Uint8Array, i: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word.charCodeAt(k)) return false;
  return true;
}

/** Whether the key token at [start, end), just scanned by `stringEnd`, is `id` (1), `name` (2) or another key (0). */
function keyKind(b: Uint8Array, start: number, end: number): number {
  if (escaped) {
    const key = stringToken(b, start, end);
    return key === 'id' ? 1 : key === 'name' ? 2 : 0;
  }
  const n = end - start;
  if (n === 4 && b[start + 1] === 0x69 && b[start + 2] === 0x64) return 1;
  if (n === 6 && literalAt(b, start + 1, 'name')) return 2;
  return 0;
}

export function indexJson(bytes: Uint8Array, maxDepth: number, stopKeys: ReadonlySet<string> = new Set()): JsonIndex | undefined {
  const b = bytes;
  const length = b.length;
  // A UTF-8 byte order mark is not part of the text (the decoder drops it).
  let i = skipWs(b, b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0);
  if (b[i] !== 0x7b) return undefined;

  const members = new Map<string, JsonMember>();
  // stack[d] is 1 for an object and 2 for an array, for the d-th open container (1-based).
  const stack = new Uint8Array(maxDepth + 2);
  let depth = 0;
  // The top-level member being read, and the element of a top-level array being read.
  let topKey = '';
  let topStart = 0;
  let elements: JsonElements | undefined;
  let elementStart = 0;
  let idStart = -1;
  let idEnd = -1;
  let nameStart = -1;
  let nameEnd = -1;
  // The kind of the element member whose value comes next: 1 `id`, 2 `name`, 0 another.
  let memberKind = 0;

  /** Reads an object member's key and its colon from `at`; where its value starts, or -1 (not indexable). */
  const readKey = (at: number): number => {
    if (b[at] !== 0x22) return -1;
    const end = stringEnd(b, at);
    if (end < 0) return -1;
    if (depth === 1) {
      topKey = stringToken(b, at, end);
      if (stopKeys.has(topKey)) return -1;
    } else if (depth === 3 && elements) memberKind = keyKind(b, at, end);
    const colon = skipWs(b, end);
    return b[colon] === 0x3a ? skipWs(b, colon + 1) : -1;
  };

  for (;;) {
    // A value starts at i, in the container at `depth`.
    const c = b[i];
    if (depth === 1) {
      topStart = i;
      elements = c === 0x5b ? { starts: [], ends: [], objects: [], idStarts: [], idEnds: [], nameStarts: [], nameEnds: [] } : undefined;
    } else if (depth === 2) {
      if (elements) {
        elementStart = i;
        idStart = idEnd = nameStart = nameEnd = -1;
      }
    } else if (depth === 3 && memberKind !== 0 && elements && stack[3] === 1) {
      // The last `id` or `name` member of the element counts: strings are kept where they are read.
      if (memberKind === 1) idStart = idEnd = -1;
      else nameStart = nameEnd = -1;
    }
    if (c === 0x7b || c === 0x5b) {
      if (depth >= maxDepth) return undefined;
      depth++;
      const object = c === 0x7b;
      stack[depth] = object ? 1 : 2;
      i = skipWs(b, i + 1);
      if (b[i] === (object ? 0x7d : 0x5d)) {
        depth--;
        i++;
      } else {
        if (object) {
          i = readKey(i);
          if (i < 0) return undefined;
        }
        continue;
      }
    } else if (c === 0x22) {
      const end = stringEnd(b, i);
      if (end < 0) return undefined;
      if (depth === 3 && memberKind !== 0 && elements && stack[3] === 1) {
        if (memberKind === 1) {
          idStart = i;
          idEnd = end;
        } else {
          nameStart = i;
          nameEnd = end;
        }
      }
      i = end;
    } else if (c === 0x2d || isDigit(c)) {
      i = numberEnd(b, i);
      if (i < 0) return undefined;
    } else if (c === 0x74 && literalAt(b, i, 'true')) i += 4;
    else if (c === 0x66 && literalAt(b, i, 'false')) i += 5;
    else if (c === 0x6e && literalAt(b, i, 'null')) i += 4;
    else return undefined;
    // A value ended at i, in the container at `depth`; close containers until the next value.
    for (;;) {
      if (depth === 1) members.set(topKey, elements ? { start: topStart, end: i, elements } : { start: topStart, end: i });
      else if (depth === 2) {
        if (elements) {
          const isObject = b[elementStart] === 0x7b;
          elements.starts.push(elementStart);
          elements.ends.push(i);
          elements.objects.push(isObject);
          elements.idStarts.push(isObject ? idStart : -1);
          elements.idEnds.push(isObject ? idEnd : -1);
          elements.nameStarts.push(isObject ? nameStart : -1);
          elements.nameEnds.push(isObject ? nameEnd : -1);
        }
      } else if (depth === 0) return skipWs(b, i) === length ? { members } : undefined;
      i = skipWs(b, i);
      const d = b[i];
      const object = stack[depth] === 1;
      if (d === 0x2c) {
        i = skipWs(b, i + 1);
        if (object) {
          i = readKey(i);
          if (i < 0) return undefined;
        }
        break;
      }
      if (d === (object ? 0x7d : 0x5d)) {
        depth--;
        i++;
        continue;
      }
      return undefined;
    }
  }
}
