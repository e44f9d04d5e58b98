import { tzOffset } from '@date-fns/tz';

/**
 * A fast path for the date patterns real exports use (numeric `yyyy MM M dd d HH H mm ss SSS`,
 * literal separators, `'T'`, and `XXX` when formatting): parsed by walking the text, never through
 * a regular expression built from a design file (hardening O7). Anything else goes to date-fns.
 * Time-zone offsets come from @date-fns/tz, cached per zone and UTC hour.
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

/** The parts of a pattern, or undefined when it uses anything outside the fast subset. */
export function compilePattern(pattern: string): Part[] | undefined {
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
interface Fields {
  y: number;
  M: number;
  d: number;
  H: number;
  m: number;
  s: number;
  S: number;
  offset: number | undefined;
}

function digit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Reads `text` with the parts of a pattern; undefined when it does not fit exactly. */
export function readPattern(text: string, parts: readonly Part[]): Fields | undefined {
  const f: Fields = { y: 1970, M: 1, d: 1, H: 0, m: 0, s: 0, S: 0, offset: undefined };
  let i = 0;
  for (const p of parts) {
    if (p.kind === 'lit') {
      if (!text.startsWith(p.text, i)) return undefined;
      i += p.text.length;
    } else if (p.kind === 'num') {
      let j = i;
      while (j < text.length && j - i < p.max && digit(text.charCodeAt(j))) j++;
      if (j - i < p.min) return undefined;
      f[p.field] = Number(text.slice(i, j));
      i = j;
    } else {
      const o = readOffset(text, i);
      if (!o) return undefined;
      f.offset = o.minutes;
      i = o.next;
    }
  }
  return i === text.length ? f : undefined;
}

function readOffset(text: string, i: number): { minutes: number; next: number } | undefined {
  const c = text.charAt(i);
  if (c === 'Z') return { minutes: 0, next: i + 1 };
  if (c !== '+' && c !== '-') return undefined;
  const sign = c === '-' ? -1 : 1;
  const two = (at: number): number | undefined => (digit(text.charCodeAt(at)) && digit(text.charCodeAt(at + 1)) ? Number(text.slice(at, at + 2)) : undefined);
  const h = two(i + 1);
  if (h === undefined) return undefined;
  let k = i + 3;
  if (text.charAt(k) === ':') k++;
  const m = two(k);
  if (m === undefined) return k === i + 3 ? { minutes: sign * h * 60, next: k } : undefined;
  return { minutes: sign * (h * 60 + m), next: k + 2 };
}

/** ISO 8601 `yyyy-MM-dd`, optionally `THH:mm[:ss[.fraction]]` and an offset; undefined otherwise. */
export function readIso(text: string, dateOnly: boolean): Fields | undefined {
  const f = readPattern(text.slice(0, 10), [tokens.yyyy as Part, { kind: 'lit', text: '-' }, tokens.MM as Part, { kind: 'lit', text: '-' }, tokens.dd as Part]);
  if (!f || text.length === 10) return f;
  if (dateOnly || text.charAt(10) !== 'T') return undefined;
  let i = 11;
  const two = (): number | undefined => {
    if (!digit(text.charCodeAt(i)) || !digit(text.charCodeAt(i + 1))) return undefined;
    const v = Number(text.slice(i, i + 2));
    i += 2;
    return v;
  };
  const H = two();
  if (H === undefined || text.charAt(i) !== ':') return undefined;
  i++;
  const m = two();
  if (m === undefined) return undefined;
  f.H = H;
  f.m = m;
  if (text.charAt(i) === ':') {
    i++;
    const s = two();
    if (s === undefined) return undefined;
    f.s = s;
    if (text.charAt(i) === '.') {
      i++;
      const start = i;
      while (digit(text.charCodeAt(i))) i++;
      if (i === start || i - start > 9) return undefined;
      f.S = Math.floor(Number(text.slice(start, i).padEnd(3, '0').slice(0, 3)));
    }
  }
  if (i === text.length) return f;
  const o = readOffset(text, i);
  if (!o || o.next !== text.length) return undefined;
  f.offset = o.minutes;
  return f;
}

/** A time zone: its offset in minutes at an instant. */
export type Zone = (epochMs: number) => number;

/** A zone from an IANA name, an offset (`+03:00`) or `UTC`; undefined when unknown. */
export function zone(name: string): Zone | undefined {
  if (name === 'UTC' || name === 'Etc/UTC') return () => 0;
  const fixed = readOffset(name, 0);
  if (fixed && fixed.next === name.length) return () => fixed.minutes;
  if (Number.isNaN(tzOffset(name, new Date(0)))) return undefined;
  const cache = new Map<number, number>();
  return (epochMs) => {
    const hour = Math.floor(epochMs / 3_600_000);
    let o = cache.get(hour);
    if (o === undefined) {
      o = tzOffset(name, new Date(hour * 3_600_000));
      if (cache.size > 200_000) cache.clear();
      cache.set(hour, o);
    }
    return o;
  };
}

/** The instant of local fields in a zone (the fields' own offset wins); undefined for an impossible date. */
export function toEpoch(f: Fields, z: Zone): number | undefined {
  if (f.M < 1 || f.M > 12 || f.d < 1 || f.H > 23 || f.m > 59 || f.s > 59) return undefined;
  const local = Date.UTC(f.y, f.M - 1, f.d, f.H, f.m, f.s, f.S);
  const check = new Date(local);
  if (check.getUTCDate() !== f.d || check.getUTCMonth() !== f.M - 1) return undefined; // 31/02
  if (f.offset !== undefined) return local - f.offset * 60_000;
  // The zone's offset at the local time, then once more at the instant found (daylight-saving edges).
  const first = local - z(local) * 60_000;
  return local - z(first) * 60_000;
}

const p2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const p3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));

/** Writes an instant with the parts of a pattern in a zone. */
export function writePattern(epochMs: number, parts: readonly Part[], z: Zone): string {
  const offset = z(epochMs);
  const d = new Date(epochMs + offset * 60_000);
  let out = '';
  for (const p of parts) {
    if (p.kind === 'lit') out += p.text;
    else if (p.kind === 'offset') {
      if (offset === 0) out += 'Z';
      else {
        const a = Math.abs(offset);
        out += `${offset < 0 ? '-' : '+'}${p2(Math.floor(a / 60))}:${p2(a % 60)}`;
      }
    } else {
      const v = p.field === 'y' ? d.getUTCFullYear() : p.field === 'M' ? d.getUTCMonth() + 1 : p.field === 'd' ? d.getUTCDate() : p.field === 'H' ? d.getUTCHours() : p.field === 'm' ? d.getUTCMinutes() : p.field === 's' ? d.getUTCSeconds() : d.getUTCMilliseconds();
      out += p.field === 'y' ? String(v).padStart(4, '0') : p.field === 'S' ? p3(v) : p.min === 1 ? String(v) : p2(v);
    }
  }
  return out;
}
