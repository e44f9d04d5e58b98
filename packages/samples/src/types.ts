import type { FieldType } from '@interop-design/schema';

const isoDate = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/u;
const isoDateTime = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/u;
const numberText = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/u;
const integerText = /^-?(?:0|[1-9]\d*)$/u;

const formatCache = new Map<string, RegExp>();

/** A date format such as `dd/MM/yyyy` as a pattern; tokens yyyy, yy, MM, M, dd, d, HH, mm, ss. */
export function formatPattern(format: string): RegExp {
  let re = formatCache.get(format);
  if (!re) {
    const tokens: Record<string, string> = { yyyy: '\\d{4}', yy: '\\d{2}', MM: '(0[1-9]|1[0-2])', M: '([1-9]|1[0-2])', dd: '(0[1-9]|[12]\\d|3[01])', d: '([1-9]|[12]\\d|3[01])', HH: '([01]\\d|2[0-3])', mm: '[0-5]\\d', ss: '[0-5]\\d' };
    const source = format.replace(/yyyy|yy|MM|M|dd|d|HH|mm|ss|[.*+?^${}()|[\]\\]/gu, (t) => tokens[t] ?? `\\${t}`);
    re = new RegExp(`^${source}$`, 'u');
    formatCache.set(format, re);
  }
  return re;
}

/** Whether a sample value fits the declared field type. Empty values (null, "") are not judged here. */
export function matchesType(value: unknown, type: FieldType, format?: string): boolean {
  switch (type) {
    case 'any':
      return true;
    case 'string':
    case 'choice':
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
    case 'number':
      return (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint' || (typeof value === 'string' && numberText.test(value.trim()));
    case 'integer':
      return (typeof value === 'number' && Number.isInteger(value)) || typeof value === 'bigint' || (typeof value === 'string' && integerText.test(value.trim()));
    case 'boolean':
      return typeof value === 'boolean' || value === 'true' || value === 'false';
    case 'date':
      return typeof value === 'string' && (format && !/^iso/u.test(format) ? formatPattern(format).test(value) : isoDate.test(value));
    case 'datetime':
      return typeof value === 'string' && (format && !/^iso/u.test(format) ? formatPattern(format).test(value) : isoDateTime.test(value));
    case 'multichoice':
      return typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number'));
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
  }
}

/**
 * Whether `text` is codes separated by single spaces, with none at either end: then splitting on
 * the space gives what splitting on white space gives. Stops at the first other character below
 * `!` or outside ASCII, where white space may be (tabs, line breaks, no-break spaces).
 */
function singleSpaced(text: string): boolean {
  let previous = 0x20;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 ? previous === 0x20 : c < 0x21 || c > 0x7e) return false;
    previous = c;
  }
  return previous !== 0x20;
}

/** The choice codes in a value: one for a choice, the space-separated parts (or items) for a multichoice. */
export function choiceCodes(value: unknown, type: 'choice' | 'multichoice'): string[] {
  if (type === 'multichoice') {
    if (Array.isArray(value)) return value.map(String);
    if (typeof value !== 'string') return [String(value)];
    // Kobo's `fever cough`: split on the space, without a pattern; anything else as before.
    return singleSpaced(value) ? value.split(' ') : value.split(/\s+/u).filter(Boolean);
  }
  return [String(value)];
}

export function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}
