/**
 * A fast path for the date patterns real exports use (numeric `yyyy MM M dd d HH H mm ss SSS`,
 * literal separators, `'T'`, and `XXX` when formatting): parsed by walking the text, never through
 * a regular expression built from a design file (hardening O7). Anything else goes to date-fns.
 * Time-zone offsets come from Intl, cached per zone and four days of UTC time, each change found to the millisecond.
 */

type Part = { kind: 'num'; field: 'y' | 'M' | 'd' | 'H' | 'm' | 's' | 'S'; min: number; max: number } | { kind: 'lit'; text: string } | { kind: 'offset' };

const tokens: Record<string, Part> = {
  yyyy: { kind: 'num', field: 'y', min: 4, max: 4 },
  MM: { kind: 'num', field: 'M', min: 2, max: 2 },
  M: { kind: 'num', field: 'M', min: 1, max: 2 },
  dd: { kind: 'num', field: 'd', min: 2, max: 2 },
  d: { kind: 'num', field: 'd', min: 1, max: 2 },
  HH: { kind: 'num', field: 'H', min: 2, max: 2 },
  H: { kind: 'num', field: 'H', min: 1, max: 2 },
  mm: { kind: 'num', field: 'm', min: 2, max: 2 },
  ss: { kind: 'num', field: 's', min: 2, max: 2 },
  SSS: { kind: 'num', field: 'S', min: 3, max: 3 },
  XXX: { kind: 'offset' },
};

function isLetter(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/** The parts of `yyyy-MM-dd`, recognised by {@link writePattern}. */
const isoDateParts: readonly Part[] = [tokens.yyyy as Part, { kind: 'lit', text: '-' }, tokens.MM as Part, { kind: 'lit', text: '-' }, tokens.dd as Part];

/** The parts of `yyyy-MM-dd'T'HH:mm:ss.SSSXXX` (iso-datetime), recognised by {@link writePattern}. */
let isoDateTimeParts: readonly Part[] | undefined;

/** The parts of a pattern, or undefined when it uses anything outside the fast subset. */
export function compilePattern(pattern: string): readonly Part[] | undefined {
  if (pattern === 'yyyy-MM-dd') return isoDateParts;
  if (pattern === "yyyy-MM-dd'T'HH:mm:ss.SSSXXX") return (isoDateTimeParts ??= partsOf(pattern));
  return partsOf(pattern);
}

function partsOf(pattern: string): readonly Part[] | undefined {
  const parts: Part[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern.charAt(i);
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end <= i + 1) return undefined; // '' (a quote) or unterminated
      parts.push({ kind: 'lit', text: pattern.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    if (isLetter(c)) {
      let j = i;
      while (pattern.charAt(j) === c) j++;
      const part = tokens[pattern.slice(i, j)];
      if (!part) return undefined;
      parts.push(part);
      i = j;
      continue;
    }
    parts.push({ kind: 'lit', text: c });
    i++;
  }
  return parts;
}

/** Local date-time fields; `offset` in minutes when the text carried one. */
export interface Fields {
  y: number;
  M: number;
  d: number;
  H: number;
  m: number;
  s: number;
  S: number;
  offset: number | undefined;
}

/** A scratch record of fields, filled by each read (one per compiled format step, never retained). */
export function newFields(): Fields {
  return { y: 1970, M: 1, d: 1, H: 0, m: 0, s: 0, S: 0, offset: undefined };
}

function reset(f: Fields): void {
  f.y = 1970;
  f.M = 1;
  f.d = 1;
  f.H = 0;
  f.m = 0;
  f.s = 0;
  f.S = 0;
  f.offset = undefined;
}

function digit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The number written by the digits of `text` from `i` to `j` (all digits). */
function digits(text: string, i: number, j: number): number {
  let v = 0;
  for (let k = i; k < j; k++) v = v * 10 + text.charCodeAt(k) - 48;
  return v;
}

/** Reads `text` with the parts of a pattern into `f`; false when it does not fit exactly. */
export function readPattern(text: string, parts: readonly Part[], f: Fields): boolean {
  reset(f);
  let i = 0;
  for (const p of parts) {
    if (p.kind === 'lit') {
      if (!text.startsWith(p.text, i)) return false;
      i += p.text.length;
    } else if (p.kind === 'num') {
      let j = i;
      while (j < text.length && j - i < p.max && digit(text.charCodeAt(j))) j++;
      if (j - i < p.min) return false;
      f[p.field] = digits(text, i, j);
      i = j;
    } else {
      const next = readOffset(text, i, f);
      if (next < 0) return false;
      i = next;
    }
  }
  return i === text.length;
}

/** A reader of one pattern: fills `f` from the text, false when it does not fit exactly. */
export type Reader = (text: string, f: Fields) => boolean;

const fieldIndex = { y: 0, M: 1, d: 2, H: 3, m: 4, s: 5, S: 6 } as const;

/**
 * A reader for the parts of a pattern. When every number has a fixed width (`dd/MM/yyyy`,
 * `yyyyMMdd HH:mm`), each part sits at a fixed offset and the text has a fixed length: the text
 * is checked at those offsets, with the same outcome as {@link readPattern}.
 */
export function compileReader(parts: readonly Part[]): Reader {
  if (!parts.every((p) => p.kind === 'lit' || (p.kind === 'num' && p.min === p.max))) return (text, f) => readPattern(text, parts, f);
  // Literal characters as [offset, code] pairs; numbers as [offset, width, field] triples, in pattern order.
  const lits: number[] = [];
  const nums: number[] = [];
  let at = 0;
  for (const p of parts) {
    if (p.kind === 'lit') {
      for (let k = 0; k < p.text.length; k++) lits.push(at + k, p.text.charCodeAt(k));
      at += p.text.length;
    } else if (p.kind === 'num') {
      nums.push(at, p.max, fieldIndex[p.field]);
      at += p.max;
    }
  }
  const length = at;
  return (text, f) => {
    if (text.length !== length) return false;
    for (let k = 0; k < lits.length; k += 2) if (text.charCodeAt(lits[k] as number) !== lits[k + 1]) return false;
    reset(f);
    for (let k = 0; k < nums.length; k += 3) {
      const from = nums[k] as number;
      const to = from + (nums[k + 1] as number);
      let v = 0;
      for (let j = from; j < to; j++) {
        const c = text.charCodeAt(j) - 48;
        if (c < 0 || c > 9) return false;
        v = v * 10 + c;
      }
      switch (nums[k + 2]) {
        case 0:
          f.y = v;
          break;
        case 1:
          f.M = v;
          break;
        case 2:
          f.d = v;
          break;
        case 3:
          f.H = v;
          break;
        case 4:
          f.m = v;
          break;
        case 5:
          f.s = v;
          break;
        default:
          f.S = v;
      }
    }
    return true;
  };
}

/** Whether the parts read no offset: a local date-time, placed in a zone by {@link toEpoch}. */
export function readsNoOffset(parts: readonly Part[] | undefined): boolean {
  return parts !== undefined && parts.every((p) => p.kind !== 'offset');
}

/** Two digits at `at`, or -1. */
function two(text: string, at: number): number {
  const a = text.charCodeAt(at);
  const b = text.charCodeAt(at + 1);
  return digit(a) && digit(b) ? (a - 48) * 10 + b - 48 : -1;
}

/** Reads an offset (`Z`, `+03`, `+0300`, `+03:00`) at `i` into `f.offset`; the index after it, or -1. */
function readOffset(text: string, i: number, f: { offset: number | undefined }): number {
  const c = text.charCodeAt(i);
  if (c === 90 /* Z */) {
    f.offset = 0;
    return i + 1;
  }
  if (c !== 43 /* + */ && c !== 45 /* - */) return -1;
  const sign = c === 45 ? -1 : 1;
  const h = two(text, i + 1);
  if (h < 0) return -1;
  let k = i + 3;
  if (text.charCodeAt(k) === 58 /* : */) k++;
  const m = two(text, k);
  if (m < 0) {
    if (k !== i + 3) return -1;
    f.offset = sign * h * 60;
    return k;
  }
  f.offset = sign * (h * 60 + m);
  return k + 2;
}

/** ISO 8601 `yyyy-MM-dd`, optionally `THH:mm[:ss[.fraction]]` and an offset, into `f`; false otherwise. */
export function readIso(text: string, dateOnly: boolean, f: Fields): boolean {
  reset(f);
  const n = text.length;
  if (n < 10) return false;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  if (!digit(text.charCodeAt(0)) || !digit(text.charCodeAt(1)) || !digit(text.charCodeAt(2)) || !digit(text.charCodeAt(3))) return false;
  if (!digit(text.charCodeAt(5)) || !digit(text.charCodeAt(6)) || !digit(text.charCodeAt(8)) || !digit(text.charCodeAt(9))) return false;
  f.y = digits(text, 0, 4);
  f.M = digits(text, 5, 7);
  f.d = digits(text, 8, 10);
  if (n === 10) return true;
  if (dateOnly || text.charCodeAt(10) !== 84 /* T */) return false;
  let i = 11;
  const H = two(text, i);
  if (H < 0) return false;
  i += 2;
  if (text.charCodeAt(i) !== 58) return false;
  i++;
  const m = two(text, i);
  if (m < 0) return false;
  i += 2;
  f.H = H;
  f.m = m;
  if (text.charCodeAt(i) === 58) {
    i++;
    const s = two(text, i);
    if (s < 0) return false;
    i += 2;
    f.s = s;
    if (text.charCodeAt(i) === 46 /* . */) {
      i++;
      const start = i;
      while (digit(text.charCodeAt(i))) i++;
      if (i === start || i - start > 9) return false;
      // Milliseconds: the first three digits of the fraction, the rest dropped.
      let ms = 0;
      for (let k = 0; k < 3; k++) ms = ms * 10 + (start + k < i ? text.charCodeAt(start + k) - 48 : 0);
      f.S = ms;
    }
  }
  if (i === n) return true;
  const next = readOffset(text, i, f);
  return next >= 0 && next === n;
}

/** A time zone: its offset in minutes at an instant. */
export type Zone = (epochMs: number) => number;

/** The offset in minutes of a zone that has only one (`UTC`, `Etc/UTC`, `+03:00`), else undefined. */
export function fixedOffset(name: string): number | undefined {
  if (name === 'UTC' || name === 'Etc/UTC') return 0;
  const fixed: { offset: number | undefined } = { offset: undefined };
  return readOffset(name, 0, fixed) === name.length ? (fixed.offset ?? 0) : undefined;
}

/** Zones by name, shared by every format step of a run (their caches with them). */
const zones = new Map<string, Zone | undefined>();

/** A zone from an IANA name, an offset (`+03:00`) or `UTC`; undefined when unknown. */
export function zone(name: string): Zone | undefined {
  if (zones.has(name)) return zones.get(name);
  const z = newZone(name);
  if (zones.size < 1000) zones.set(name, z);
  return z;
}

/** The earliest and latest time values a Date holds. */
const maxTime = 8.64e15;

/** Offsets in a window between two changes: the instants of the changes and the offsets from each one on. */
interface Changes {
  at: number[];
  offsets: number[];
}

/** Whether two offsets are the same (NaN, for an instant Intl cannot format, equal to itself). */
function sameOffset(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

/**
 * Offsets are looked up by windows of four days of UTC time: a window whose first and last
 * millisecond have the same offset has it throughout; a window whose ends differ is searched by
 * halves down to the millisecond for the instant of each change (transitions at half hours, as in
 * St. John's, or at seconds, as from local mean time, fall where they fall). No zone in Intl's data
 * changes its offset and changes it back within four days: from 1850 to 2100 the shortest such
 * span, sampled every 6 hours, is 6 days and 23 hours (Boa Vista's daylight saving of October 2000,
 * Gaza's Ramadan of 2040); the tests check the instants around both.
 */
export const zoneWindowMs = 4 * 86_400_000;

/** Intl's formatter of a zone's offset (`1/19/2026, GMT-08:00`); undefined for a zone Intl does not know. */
function offsetFormat(name: string): ((time: number) => string) | undefined {
  try {
    const f = new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'longOffset' });
    return (time) => f.format(time);
  } catch {
    return undefined;
  }
}

/**
 * The offset in minutes Intl gives at an instant: `GMT` is 0, `GMT+05:30` 330, `GMT-00:25:21`
 * (Dublin's mean time) -25.35, NaN for an instant a Date cannot hold. (@date-fns/tz's `tzOffset`
 * reads that last one as +25.35: the sign of an hour of 0 is lost.)
 */
function offsetAt(format: (time: number) => string, time: number): number {
  let text: string;
  try {
    text = format(time);
  } catch {
    return Number.NaN;
  }
  const g = text.lastIndexOf('GMT');
  if (g < 0) return Number.NaN;
  if (g + 3 === text.length) return 0;
  const sign = text.charCodeAt(g + 3) === 45 ? -1 : 1; // -
  const num = (at: number): number => (text.charCodeAt(at) - 48) * 10 + (text.charCodeAt(at + 1) - 48);
  const minutes = num(g + 4) * 60 + num(g + 7) + (text.length >= g + 12 ? num(g + 10) / 60 : 0);
  return sign * minutes;
}

function newZone(name: string): Zone | undefined {
  if (name === 'UTC' || name === 'Etc/UTC') return () => 0;
  const fixed: { offset: number | undefined } = { offset: undefined };
  if (readOffset(name, 0, fixed) === name.length) {
    const minutes = fixed.offset ?? 0;
    return () => minutes;
  }
  const format = offsetFormat(name);
  if (!format) return undefined;
  const at = (time: number): number => offsetAt(format, time);
  /** Adds the changes between `a` (offset `offA`) and `b` (offset `offB`, another), each at its first millisecond. */
  const search = (a: number, offA: number, b: number, offB: number, into: Changes): void => {
    let lo = a;
    let hi = b;
    let offHi = offB;
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      const o = at(mid);
      if (sameOffset(o, offA)) lo = mid;
      else {
        hi = mid;
        offHi = o;
      }
    }
    into.at.push(hi);
    into.offsets.push(offHi);
    if (!sameOffset(offHi, offB)) search(hi, offHi, b, offB, into);
  };
  const windows = new Map<number, number | Changes>();
  // In front of the map, the entries of 1,024 windows by number modulo 1,024 (an integer index, no hashing).
  const slotWindow = new Float64Array(1024).fill(Number.NaN);
  const slotEntry: (number | Changes)[] = new Array<number | Changes>(1024).fill(0);
  return (epochMs) => {
    const w = Math.floor(epochMs / zoneWindowMs);
    const slot = w & 1023;
    let entry = slotWindow[slot] === w ? slotEntry[slot] : windows.get(w);
    if (entry === undefined) {
      const first = Math.max(-maxTime, w * zoneWindowMs);
      const last = Math.min(maxTime, (w + 1) * zoneWindowMs - 1);
      const offFirst = at(first);
      const offLast = at(last);
      if (sameOffset(offFirst, offLast)) entry = offFirst;
      else {
        const changes: Changes = { at: [], offsets: [offFirst] };
        search(first, offFirst, last, offLast, changes);
        entry = changes;
      }
      if (windows.size > 100_000) windows.clear();
      windows.set(w, entry);
    }
    slotWindow[slot] = w;
    slotEntry[slot] = entry;
    if (typeof entry === 'number') return entry;
    let i = 0;
    while (i < entry.at.length && epochMs >= (entry.at[i] as number)) i++;
    return entry.offsets[i] as number;
  };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days from 1970-01-01 to a valid proleptic Gregorian date (what Date.UTC counts). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The instant of local fields in a zone (the fields' own offset wins); undefined for an impossible date. */
export function toEpoch(f: Fields, z: Zone): number | undefined {
  if (f.M < 1 || f.M > 12 || f.d < 1 || f.H > 23 || f.m > 59 || f.s > 59) return undefined;
  // Date.UTC reads the years 0 to 99 as 1900 to 1999: the day is checked in the year it uses.
  if (f.d > daysInMonth(f.y >= 0 && f.y <= 99 ? 1900 + f.y : f.y, f.M)) return undefined; // 31/02
  const local = daysFromCivil(f.y >= 0 && f.y <= 99 ? 1900 + f.y : f.y, f.M, f.d) * 86_400_000 + f.H * 3_600_000 + f.m * 60_000 + f.s * 1000 + f.S;
  if (f.offset !== undefined) return local - f.offset * 60_000;
  // The zone's offset at the local time, then once more at the instant found (daylight-saving edges).
  const first = local - z(local) * 60_000;
  return local - z(first) * 60_000;
}

/** "00" to "99", and "0" to "99": numbers written without building a string each time. */
const two0 = Array.from({ length: 100 }, (_, n) => (n < 10 ? `0${n}` : String(n)));
const one0 = Array.from({ length: 100 }, (_, n) => String(n));
const p2 = (n: number): string => (Number.isInteger(n) && n >= 0 && n < 100 ? (two0[n] as string) : n < 10 ? `0${n}` : String(n));
const p3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));
/** Years as written by `yyyy`, built once per year from 0 to 9999. */
const years: (string | undefined)[] = new Array<string | undefined>(10_000).fill(undefined);
function year4(y: number): string {
  if (y < 0 || y > 9999) return String(y).padStart(4, '0');
  return (years[y] ??= String(y).padStart(4, '0'));
}

/** Calendar fields of a time value, as the UTC getters of a Date read them (no Date is built). */
interface Civil {
  y: number;
  M: number;
  d: number;
  H: number;
  m: number;
  s: number;
  S: number;
}

const civil: Civil = { y: 1970, M: 1, d: 1, H: 0, m: 0, s: 0, S: 0 };

/** Fills `civil` from a time value in milliseconds (days to a proleptic Gregorian date). */
function toCivil(time: number): Civil {
  const t = Math.trunc(time); // as a Date clips its time value
  const days = Math.floor(t / 86_400_000);
  let ms = t - days * 86_400_000;
  civil.H = Math.floor(ms / 3_600_000);
  ms -= civil.H * 3_600_000;
  civil.m = Math.floor(ms / 60_000);
  ms -= civil.m * 60_000;
  civil.s = Math.floor(ms / 1000);
  civil.S = ms - civil.s * 1000;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  civil.d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  civil.M = mp < 10 ? mp + 3 : mp - 9;
  civil.y = yoe + era * 400 + (civil.M <= 2 ? 1 : 0);
  return civil;
}

/** `+03:00`, `-05:30` for an offset in minutes (not 0, which is written Z). */
function offsetText(offset: number): string {
  // In whole seconds: a mean-time offset such as Dublin's -00:25:21 is -25.35 minutes.
  const a = Math.round(Math.abs(offset) * 60);
  const seconds = a % 60;
  const text = `${offset < 0 ? '-' : '+'}${p2(Math.floor(a / 3600))}:${p2(Math.floor(a / 60) % 60)}`;
  return seconds === 0 ? text : `${text}:${p2(seconds)}`;
}

const fc = String.fromCharCode;

/** `yyyy-MM-dd` of calendar fields, as one flat string (the fields valid, the year from 0 to 9999). */
function isoDate(c: Civil): string {
  const { y, M, d } = c;
  return fc(48 + Math.floor(y / 1000), 48 + (Math.floor(y / 100) % 10), 48 + (Math.floor(y / 10) % 10), 48 + (y % 10), 45, 48 + Math.floor(M / 10), 48 + (M % 10), 45, 48 + Math.floor(d / 10), 48 + (d % 10));
}

/** `yyyy-MM-dd'T'HH:mm:ss.SSS` of calendar fields (valid, the year from 0 to 9999), then the offset. */
function isoDateTime(c: Civil, offset: number): string {
  const { y, M, d, H, m, s, S } = c;
  const text = fc(
    48 + Math.floor(y / 1000),
    48 + (Math.floor(y / 100) % 10),
    48 + (Math.floor(y / 10) % 10),
    48 + (y % 10),
    45,
    48 + Math.floor(M / 10),
    48 + (M % 10),
    45,
    48 + Math.floor(d / 10),
    48 + (d % 10),
    84,
    48 + Math.floor(H / 10),
    48 + (H % 10),
    58,
    48 + Math.floor(m / 10),
    48 + (m % 10),
    58,
    48 + Math.floor(s / 10),
    48 + (s % 10),
    46,
    48 + Math.floor(S / 100),
    48 + (Math.floor(S / 10) % 10),
    48 + (S % 10),
  );
  return offset === 0 ? `${text}Z` : text + offsetText(offset);
}

/** Writes calendar fields, already in the output zone, with the parts of a pattern (`offset` for `XXX`). */
export function writeFields(c: Civil, parts: readonly Part[], offset: number): string {
  if (parts === isoDateParts) return c.y >= 0 && c.y <= 9999 ? isoDate(c) : `${year4(c.y)}-${two0[c.M] as string}-${two0[c.d] as string}`;
  if (parts === isoDateTimeParts) {
    if (c.y >= 0 && c.y <= 9999 && Number.isInteger(c.S) && c.S >= 0 && c.S <= 999) return isoDateTime(c, offset);
    return `${year4(c.y)}-${two0[c.M] as string}-${two0[c.d] as string}T${two0[c.H] as string}:${two0[c.m] as string}:${two0[c.s] as string}.${p3(c.S)}${offset === 0 ? 'Z' : offsetText(offset)}`;
  }
  let out = '';
  for (const p of parts) {
    if (p.kind === 'lit') out += p.text;
    else if (p.kind === 'offset') out += offset === 0 ? 'Z' : offsetText(offset);
    else {
      const v = c[p.field];
      out += p.field === 'y' ? year4(v) : p.field === 'S' ? p3(v) : p.min === 1 ? (v < 100 ? (one0[v] as string) : String(v)) : p2(v);
    }
  }
  return out;
}

/** Writes an instant with the parts of a pattern in a zone. */
export function writePattern(epochMs: number, parts: readonly Part[], z: Zone): string {
  const offset = z(epochMs);
  return writeFields(toCivil(epochMs + offset * 60_000), parts, offset);
}

/**
 * Local fields as they would be written back in a zone of the same fixed offset: the fields of a
 * valid date as they are (years 0 to 99 read as 1900 to 1999, as {@link toEpoch} reads them), or
 * false for an impossible date. Then `writeFields(f, parts, offset)` gives what
 * `writePattern(toEpoch(f, zone), parts, zone)` gives, without the round trip through an instant.
 */
export function sameZoneFields(f: Fields): boolean {
  if (f.M < 1 || f.M > 12 || f.d < 1 || f.H > 23 || f.m > 59 || f.s > 59) return false;
  const y = f.y >= 0 && f.y <= 99 ? 1900 + f.y : f.y;
  if (f.d > daysInMonth(y, f.M)) return false;
  f.y = y;
  return true;
}
