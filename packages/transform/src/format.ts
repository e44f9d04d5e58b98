import { tz } from '@date-fns/tz';
import type { Transform } from '@interop-design/schema';
// date-fns by function: its index loads every function (about 10 MB of RSS at start-up).
import { format as formatDate } from 'date-fns/format';
import { isValid } from 'date-fns/isValid';
import { parse as parseDate } from 'date-fns/parse';
import { parseISO } from 'date-fns/parseISO';
import { createRequire } from 'node:module';
import type { CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import { compilePattern, compileReader, fixedOffset, newFields, readIso, readsNoOffset, sameZoneFields, toEpoch, writeFields, writePattern, zone } from './fast-date.js';
import type { TransformErrorCode } from './types.js';

/**
 * libphonenumber-js, loaded only for projects with an `e164` format: {@link preloadPhoneNumbers}
 * imports it ahead of running (awaited through `preloadTransforms`); without it, `require`.
 */
let parsePhone: typeof parsePhoneNumberFromString | undefined;

/** Loads libphonenumber-js ahead of running an `e164` step. */
export async function preloadPhoneNumbers(): Promise<void> {
  parsePhone ??= (await import('libphonenumber-js')).parsePhoneNumberFromString;
}

function phoneParser(): typeof parsePhoneNumberFromString {
  parsePhone ??= (createRequire(import.meta.url)('libphonenumber-js') as { parsePhoneNumberFromString: typeof parsePhoneNumberFromString }).parsePhoneNumberFromString;
  return parsePhone;
}

export type FormatSpec = NonNullable<Transform['format']>;

/** A value that failed a step: an error code and a message that quotes no value (allocated only on failure). */
export class StepFailure {
  constructor(
    readonly code: TransformErrorCode,
    readonly message: string,
  ) {}
}

/** A step maps a value to the new value, or to a {@link StepFailure}. */
export type Step = (value: unknown) => unknown;

/** A compiled `format` step: applied to one value (an array's items one by one, except for `join`). */
export interface FormatStep {
  readonly to: string;
  /** `join` runs after a value map (it needs the mapped items); every other step before. */
  readonly afterValueMap: boolean;
  /** With `from: split`: splits multichoice text at white space before the value map. */
  readonly split?: Step;
  readonly apply: Step;
}

/** The `format.to` steps that are not dates (phone numbers, lists, text); any other `to` writes a date. */
export const textFormatSteps: ReadonlySet<string> = new Set(['e164', 'split', 'join', 'trim', 'upper', 'lower']);
const keywords = new Set(['iso-date', 'iso-datetime', ...textFormatSteps]);
const isoDate = /^\d{4}-\d{2}-\d{2}$/u;
const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/u;
const referenceDate = new Date(0);

function fail(code: TransformErrorCode, message: string): StepFailure {
  return new StepFailure(code, message);
}

/**
 * A step over one value, applied to each item of a list (the first failure fails the list). A list
 * read by position holds undefined where an item had no value, and a blank item (null, or the empty
 * text of a question left blank) has nothing to transform: each stays as it is, except that
 * `blanks: true` gives the empty text to the step (a value map may list it).
 */
export function eachItem(fn: Step, blanks = false): Step {
  return (value) => {
    if (!Array.isArray(value)) return value === '' && !blanks ? value : fn(value);
    const out: unknown[] = [];
    for (const item of value) {
      if (item === undefined || item === null || (item === '' && !blanks)) {
        out.push(item);
        continue;
      }
      const r = fn(item);
      if (r instanceof StepFailure) return r;
      out.push(r);
    }
    return out;
  };
}

/** Checks a Unicode date pattern by formatting a fixed date with it; the error names the problem, not a value. */
function checkPattern(pattern: string): string | undefined {
  try {
    formatDate(referenceDate, pattern, { in: tz('UTC') });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : 'invalid date pattern';
  }
}

/**
 * Whether a date-fns pattern writes something of the instant or of the zone rather than of the
 * local date and time: offsets and zone names (`X x O z`), timestamps (`t T`), outside quotes.
 */
function writesInstant(pattern: string): boolean {
  let quoted = false;
  for (const c of pattern) {
    if (c === "'") quoted = !quoted;
    else if (!quoted && 'XxOztT'.includes(c)) return true;
  }
  return false;
}

function zoneOf(name: string | undefined): ReturnType<typeof tz> | string {
  const zone = name ?? 'UTC';
  try {
    const context = tz(zone);
    if (!isValid(context(0))) return `unknown time zone "${zone}"`;
    return context;
  } catch {
    return `unknown time zone "${zone}"`;
  }
}

/**
 * Compiles a `format` transform. `sourceFormat` is the source field's `format` (the default
 * `from` of a date). Returns a message for a spec the vocabulary does not allow.
 */
export function compileFormat(spec: FormatSpec, sourceFormat: string | undefined): FormatStep | string {
  const { to } = spec;
  const items = eachItem;
  const text = (fn: (s: string) => unknown) => items((v) => (typeof v === 'string' ? fn(v) : fail('format-input', `${to} needs text, and the source value is ${typeOf(v)}`)));
  switch (to) {
    case 'trim':
      return { to, afterValueMap: false, apply: text((s) => s.trim()) };
    case 'upper':
      return { to, afterValueMap: false, apply: text((s) => s.toUpperCase()) };
    case 'lower':
      return { to, afterValueMap: false, apply: text((s) => s.toLowerCase()) };
    case 'split': {
      const sep = spec.separator ?? ' ';
      return {
        to,
        afterValueMap: false,
        apply: (v) => (Array.isArray(v) || v === '' ? v : typeof v === 'string' ? v.split(sep).filter((s) => s !== '') : fail('format-input', `split needs text, and the source value is ${typeOf(v)}`)),
      };
    }
    case 'join': {
      const sep = spec.separator ?? ' ';
      return {
        to,
        afterValueMap: true,
        ...(spec.from === 'split' ? { split: (v: unknown): unknown => (typeof v === 'string' && v !== '' ? v.split(/\s+/u).filter((x) => x !== '') : v) } : {}),
        apply: (v) => (Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(sep) : typeof v === 'string' ? v : fail('format-input', `join needs a list, and the source value is ${typeOf(v)}`)),
      };
    }
    case 'e164': {
      const country = spec.country as CountryCode | undefined;
      return {
        to,
        afterValueMap: false,
        apply: items((v) => {
          if (typeof v !== 'string' && typeof v !== 'number') return fail('format-input', `e164 needs text, and the source value is ${typeOf(v)}`);
          const parsed = phoneParser()(String(v), country ? { defaultCountry: country } : {});
          if (!parsed?.isValid()) return fail('phone-invalid', `the value is not a valid phone number${country ? ` of ${country} or with a country code` : ' with a country code (give `country` for national numbers)'}`);
          return parsed.number;
        }),
      };
    }
    default:
      return compileDate(spec, sourceFormat);
  }
}

/** How many texts each date step remembers with what they gave. */
const dateCacheSize = 2048;

/** `s.trim()`, without the call when the text starts and ends with a printable ASCII character (no white space to trim). */
function trimmed(s: string): string {
  const n = s.length;
  if (n === 0) return s;
  const a = s.charCodeAt(0);
  const b = s.charCodeAt(n - 1);
  return a > 32 && a < 127 && b > 32 && b < 127 ? s : s.trim();
}

function typeOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function compileDate(spec: FormatSpec, sourceFormat: string | undefined): FormatStep | string {
  const { to } = spec;
  if (!keywords.has(to)) {
    const problem = checkPattern(to);
    if (problem) return `format.to is neither a keyword (iso-date, iso-datetime, e164, split, join, trim, upper, lower) nor a date pattern: ${problem}`;
  }
  if (spec.from === 'split') return 'format.from: split goes with to: join (multichoice text to a list and back)';
  const fromText = spec.from ?? (sourceFormat !== undefined && sourceFormat !== 'text-boolean' ? sourceFormat : undefined);
  if (fromText !== undefined && !keywords.has(fromText)) {
    const problem = checkPattern(fromText);
    if (problem) return `format.from is neither iso-date, iso-datetime nor a date pattern: ${problem}`;
  }
  const inZone = zoneOf(spec.timeZone);
  if (typeof inZone === 'string') return `format.timeZone: ${inZone}`;
  const outZone = zoneOf(spec.toTimeZone);
  if (typeof outZone === 'string') return `format.toTimeZone: ${outZone}`;
  const read = (s: string): Date | undefined => {
    let d: Date;
    if (fromText === undefined || fromText === 'iso-datetime' || fromText === 'iso-date') {
      const strictDate = fromText === 'iso-date';
      if (strictDate ? !isoDate.test(s) : !isoDate.test(s) && !isoDateTime.test(s)) return undefined;
      d = isoDate.test(s) ? parseDate(s, 'yyyy-MM-dd', referenceDate, { in: inZone }) : parseISO(s, { in: inZone });
    } else d = parseDate(s, fromText, referenceDate, { in: inZone });
    return isValid(d) ? d : undefined;
  };
  const pattern = to === 'iso-date' ? 'yyyy-MM-dd' : to === 'iso-datetime' ? "yyyy-MM-dd'T'HH:mm:ss.SSSXXX" : to;
  const expected = fromText === undefined ? 'an ISO 8601 date or date-time' : fromText === 'iso-date' || fromText === 'iso-datetime' ? `an ${fromText}` : `a date written ${fromText}`;
  // The fast path, for the patterns real exports use; date-fns for everything else.
  const fastIn = zone(spec.timeZone ?? 'UTC');
  const fastOut = zone(spec.toTimeZone ?? 'UTC');
  const outParts = compilePattern(pattern);
  const inParts = fromText === undefined || fromText === 'iso-date' || fromText === 'iso-datetime' ? undefined : compilePattern(fromText);
  if (fastIn && fastOut && outParts && (inParts || fromText === undefined || fromText === 'iso-date' || fromText === 'iso-datetime')) {
    const fields = newFields();
    const dateOnly = fromText === 'iso-date';
    const readText = inParts ? compileReader(inParts) : (t: string, f: typeof fields) => readIso(t, dateOnly, f);
    // Read and written at the same fixed offset (UTC to UTC, the common case): local fields that
    // carry no offset of their own are written back as they are, once checked.
    const inOffset = fixedOffset(spec.timeZone ?? 'UTC');
    const sameOffset = inOffset !== undefined && inOffset === fixedOffset(spec.toTimeZone ?? 'UTC') && (inParts === undefined || readsNoOffset(inParts));
    const expectedMessage = `the value is not ${expected}`;
    // What the texts read lately gave: the dates of an export repeat (a visit day, a birth date),
    // and a lookup costs less than reading and writing one. Bounded: emptied when full.
    const seen = new Map<string, string>();
    // Texts that rarely repeat (every date distinct) are not remembered: when the map fills with
    // fewer than one hit in 16 lookups, the next 8,192 texts are read without it.
    let hits = 0;
    let skip = 0;
    // A list (a repeat group's dates) is read item by item; one text is the common case, without the list check.
    const one = (v: unknown): unknown => {
      if (typeof v !== 'string') return fail('format-input', `a date is read from text, and the source value is ${typeOf(v)}`);
      const t = trimmed(v);
      let out: string | undefined;
      if (skip > 0) skip--;
      else {
        out = seen.get(t);
        if (out !== undefined) {
          hits++;
          return out;
        }
      }
      if (!readText(t, fields)) return fail('date-unparsable', expectedMessage);
      if (sameOffset && fields.offset === undefined) {
        if (!sameZoneFields(fields)) return fail('date-unparsable', expectedMessage);
        out = writeFields(fields, outParts, inOffset);
      } else {
        const epoch = toEpoch(fields, fastIn);
        if (epoch === undefined) return fail('date-unparsable', expectedMessage);
        out = writePattern(epoch, outParts, fastOut);
      }
      if (skip === 0) {
        if (seen.size >= dateCacheSize) {
          seen.clear();
          if (hits < dateCacheSize / 16) skip = 8192;
          hits = 0;
        }
        seen.set(t, out);
      }
      return out;
    };
    const list = eachItem(one);
    return { to, afterValueMap: false, apply: (v) => (typeof v === 'string' ? (v === '' ? v : one(v)) : list(v)) };
  }
  // A pattern of the local date and time only is written from the local time the zone's offset
  // gives (Intl's, as on the fast path), as if in UTC: @date-fns/tz reads a negative offset below an
  // hour (Dublin's -00:25:21 until 1916) as positive.
  const utc = tz('UTC');
  const wallClock = fastOut !== undefined && !writesInstant(pattern) ? fastOut : undefined;
  return {
    to,
    afterValueMap: false,
    apply: eachItem((v) => {
      if (typeof v !== 'string') return fail('format-input', `a date is read from text, and the source value is ${typeOf(v)}`);
      const d = read(v.trim());
      if (!d) return fail('date-unparsable', `the value is not ${expected}`);
      if (wallClock === undefined) return formatDate(d, pattern, { in: outZone });
      const t = d.getTime();
      return formatDate(t + wallClock(t) * 60_000, pattern, { in: utc });
    }),
  };
}
