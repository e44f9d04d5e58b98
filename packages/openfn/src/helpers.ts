/**
 * The helper functions a generated job inlines (a job cannot import packages other than its
 * adaptor). Each is plain JavaScript that follows the mapping interpreter's semantics
 * (@interop-design/transform): the verify step runs the job and compares its records with the
 * interpreter's, so a difference between the two shows up as a failing field.
 *
 * Paths are passed as the parsed segments: a string is a key, `[]` iterates, a number indexes,
 * `{ key, value }` picks the array items whose `key` equals `value`.
 */

export type HelperName = 'fail' | 'get' | 'pick' | 'items' | 'perItem' | 'jsonataPath' | 'put' | 'mapValue' | 'coerce' | 'textItems' | 'formatDate' | 'toE164';

interface Helper {
  deps: readonly HelperName[];
  code: string;
}

const helpers: Record<HelperName, Helper> = {
  fail: {
    deps: [],
    code: `function fail(field, why) {
  // The message names the destination field, never the record's value.
  throw new Error('interop-design: field ' + field + ': ' + why);
}`,
  },
  get: {
    deps: [],
    code: `function get(record, path) {
  // Every value the path reaches (own properties only); a missing key reaches nothing.
  let current = [record];
  for (const seg of path) {
    const next = [];
    for (const value of current) {
      if (value === null || typeof value !== 'object') continue;
      if (typeof seg === 'string') {
        if (!Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, seg) && value[seg] !== undefined) next.push(value[seg]);
      } else if (typeof seg === 'number') {
        if (Array.isArray(value) && seg < value.length) next.push(value[seg]);
      } else if (Array.isArray(seg)) {
        if (Array.isArray(value)) next.push(...value);
      } else if (Array.isArray(value)) {
        for (const item of value) {
          if (item === null || typeof item !== 'object' || Array.isArray(item)) continue;
          const v = Object.prototype.hasOwnProperty.call(item, seg.key) ? item[seg.key] : undefined;
          if ((typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') && String(v) === seg.value) next.push(item);
        }
      }
    }
    current = next;
  }
  return current;
}`,
  },
  pick: {
    deps: [],
    code: `function pick(values, iterates) {
  // What a path that iterates or picks reads: nothing, the one item a pick names, or the list.
  if (values.length === 0) return undefined;
  return !iterates && values.length === 1 ? values[0] : values;
}`,
  },
  perItem: {
    deps: [],
    code: `function perItem(list, one) {
  // A list item by item, as the interpreter's steps take it; an item without a value (read by
  // position) or null stays as it is. Each helper leaves a blank text ("", a question left blank
  // in CommCare or ODK) as it is too; a value map may list it.
  return list.map((item) => (item === undefined || item === null ? item : one(item)));
}`,
  },
  items: {
    deps: [],
    code: `function items(record, before, after) {
  // before[].after read by position: element j is item j's value, undefined where item j has
  // none, so that the destination's item j is made from the source's item j; undefined when no
  // item has one. A single object where the list goes is a list of one.
  const follow = (value, keys) => {
    for (const k of keys) {
      if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.prototype.hasOwnProperty.call(value, k)) return undefined;
      value = value[k];
    }
    return value;
  };
  const list = follow(record, before);
  if (list === null || typeof list !== 'object') return undefined;
  const out = (Array.isArray(list) ? list : [list]).map((item) => follow(item, after));
  return out.some((v) => v !== undefined) ? out : undefined;
}`,
  },
  jsonataPath: {
    deps: ['fail'],
    code: `function jsonataPath(record, names, index, field) {
  // A JSONata path of field names with an optional [index] at the end, evaluated as JSONata does
  // when every step but the last reaches an object; a list on the way is left to the job writer.
  let value = record;
  for (const name of names) {
    if (Array.isArray(value)) return fail(field, 'the JSONata path meets a list: finish this field by hand');
    if (value === null || typeof value !== 'object') return undefined;
    value = Object.prototype.hasOwnProperty.call(value, name) ? value[name] : undefined;
  }
  if (index === undefined || value === undefined) return value;
  if (!Array.isArray(value)) return index === 0 || index === -1 ? value : undefined;
  const i = index < 0 ? value.length + index : index;
  return i >= 0 && i < value.length ? value[i] : undefined;
}`,
  },
  put: {
    deps: ['fail'],
    code: `function put(record, path, value, field) {
  // Writes value at path, building what is missing; a pick builds the item it names.
  let current = record;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    const nextSeg = path[i + 1];
    const container = () => (typeof nextSeg === 'string' ? {} : []);
    const shaped = (child) => (typeof nextSeg === 'string' ? child !== null && typeof child === 'object' && !Array.isArray(child) : Array.isArray(child));
    if (typeof seg === 'string') {
      if (Array.isArray(current)) fail(field, 'the destination path meets a list where it needs an object');
      if (last) { Object.defineProperty(current, seg, { value, enumerable: true, writable: true, configurable: true }); return; }
      let child = Object.prototype.hasOwnProperty.call(current, seg) ? current[seg] : undefined;
      if (child === undefined || child === null) { child = container(); Object.defineProperty(current, seg, { value: child, enumerable: true, writable: true, configurable: true }); }
      if (!shaped(child)) fail(field, 'the destination path conflicts with another field');
      current = child;
    } else if (typeof seg === 'number') {
      if (!Array.isArray(current)) fail(field, 'the destination path meets an object where it needs a list');
      while (current.length < seg) current.push(null);
      if (last) { current[seg] = value; return; }
      let child = current[seg];
      if (child === undefined || child === null) { child = container(); current[seg] = child; }
      if (!shaped(child)) fail(field, 'the destination path conflicts with another field');
      current = child;
    } else if (Array.isArray(seg)) {
      if (!Array.isArray(current)) fail(field, 'the destination path meets an object where it needs a list');
      if (last) { if (Array.isArray(value)) current.push(...value); else current.push(value); return; }
      // By position: element j of a list goes into item j (anything else is a list of one), so
      // fields writing under the same [] fill the same items.
      const values = Array.isArray(value) ? value : [value];
      const rest = path.slice(i + 1);
      values.forEach((v, j) => {
        let child = current[j];
        if (child === undefined || child === null) { child = container(); current[j] = child; }
        if (!shaped(child)) fail(field, 'the destination path conflicts with another field');
        // An item without a value (read by position) is made, and left without it.
        if (v !== undefined) put(child, rest, v, field);
      });
      return;
    } else {
      if (!Array.isArray(current)) fail(field, 'the destination path meets an object where it needs a list');
      let item = current.find((it) => it !== null && typeof it === 'object' && !Array.isArray(it) && Object.prototype.hasOwnProperty.call(it, seg.key) && String(it[seg.key]) === seg.value);
      if (item === undefined) { item = {}; item[seg.key] = seg.value; current.push(item); }
      if (last) {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(field, 'a pick at the end of a destination path needs an object');
        Object.assign(item, value);
        return;
      }
      if (typeof nextSeg !== 'string') fail(field, 'the destination path conflicts with another field');
      current = item;
    }
  }
}`,
  },
  mapValue: {
    deps: ['fail', 'perItem'],
    code: `function mapValue(value, table, unmapped, fallback, field) {
  // A value map as a lookup table; a list is mapped item by item.
  if (Array.isArray(value)) return perItem(value, (item) => mapValue(item, table, unmapped, fallback, field));
  if (value === null) return null;
  if (value === '') return Object.prototype.hasOwnProperty.call(table, '') ? table[''] : value;
  const key = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
  if (key !== undefined && Object.prototype.hasOwnProperty.call(table, key)) return table[key];
  if (unmapped === 'default' && fallback !== undefined) return fallback;
  if (unmapped === 'passthrough') return value;
  return fail(field, 'a value the value map does not list');
}`,
  },
  coerce: {
    deps: ['fail', 'perItem'],
    code: `function coerce(value, type, textBoolean, field) {
  // Text to the destination type: numbers as text (Kobo, CommCare), and "true"/"yes"/"false"/"no"
  // when the source says format: text-boolean. Other values pass unchanged; a list item by item.
  if (Array.isArray(value)) return perItem(value, (item) => coerce(item, type, textBoolean, field));
  if (typeof value !== 'string' || value === '') return value;
  const text = value.trim();
  if (type === 'integer' || type === 'number') {
    const integer = /^[-+]?[0-9]+$/;
    const number = /^[-+]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/;
    if (!(type === 'integer' ? integer : number).test(text)) return fail(field, 'text that is not ' + (type === 'integer' ? 'an integer' : 'a number'));
    const n = Number(text);
    // A 20-digit id stays as written rather than being rounded.
    return Number.isSafeInteger(n) || !integer.test(text) ? n : value;
  }
  if (type === 'boolean' && textBoolean) {
    const t = text.toLowerCase();
    if (t === 'true' || t === 'yes') return true;
    if (t === 'false' || t === 'no') return false;
    return fail(field, 'not one of true, false, yes, no');
  }
  return value;
}`,
  },
  textItems: {
    deps: ['fail', 'perItem'],
    code: `function textItems(value, step, how, field) {
  // Applies a text step (trim, upper, lower) to a value or to each item of a list.
  if (Array.isArray(value)) return perItem(value, (item) => textItems(item, step, how, field));
  if (value === '') return value;
  if (typeof value !== 'string') return fail(field, step + ' needs text');
  return how(value);
}`,
  },
  formatDate: {
    deps: ['fail', 'perItem'],
    code: `function formatDate(value, from, to, field) {
  // Reads a date written "from" (iso-date, iso-datetime or a date pattern; default ISO 8601) and
  // writes it "to", in UTC. Patterns use yyyy yy MM M dd d HH H mm ss SSS XXX and 'quoted text'.
  if (Array.isArray(value)) return perItem(value, (item) => formatDate(item, from, to, field));
  if (value === '') return value;
  if (typeof value !== 'string') return fail(field, 'a date is read from text');
  const text = value.trim();
  const tokens = (pattern) => pattern.match(/'[^']*'|y+|M+|d+|H+|m+|s+|S+|X+|[^A-Za-z']+|[A-Za-z]/g) || [];
  const isoDate = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
  const isoDateTime = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}(?::?[0-9]{2})?)?$/;
  let time;
  if (from === undefined || from === 'iso-date' || from === 'iso-datetime') {
    const d = isoDate.exec(text);
    const dt = d ? null : isoDateTime.exec(text);
    if (d) time = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]));
    else if (dt && from !== 'iso-date') time = new Date(dt[1] === undefined ? text + 'Z' : text).getTime();
    else return fail(field, 'not an ISO 8601 date');
    if (d && new Date(time).getUTCDate() !== Number(d[3])) return fail(field, 'not a date');
  } else {
    const parts = { y: 1970, M: 1, d: 1, H: 0, m: 0, s: 0, S: 0, offset: 0 };
    let rest = text;
    for (const tok of tokens(from)) {
      const letter = tok[0];
      let m;
      if (tok.startsWith("'")) { const lit = tok.slice(1, -1); if (!rest.startsWith(lit)) return fail(field, 'not a date written as expected'); rest = rest.slice(lit.length); continue; }
      if (!/[A-Za-z]/.test(letter)) { if (!rest.startsWith(tok)) return fail(field, 'not a date written as expected'); rest = rest.slice(tok.length); continue; }
      if (letter === 'X') {
        m = /^(Z|([+-])([0-9]{2}):?([0-9]{2})?)/.exec(rest);
        if (!m) return fail(field, 'not a date written as expected');
        parts.offset = m[1] === 'Z' ? 0 : (m[2] === '-' ? -1 : 1) * (Number(m[3]) * 60 + Number(m[4] || 0));
      } else {
        const width = tok.length === 1 ? '{1,2}' : letter === 'y' && tok.length === 4 ? '{4}' : '{' + tok.length + '}';
        m = new RegExp('^[0-9]' + width).exec(rest);
        if (!m || 'yMdHmsS'.indexOf(letter) < 0) return fail(field, 'not a date written as expected');
        let n = Number(m[0]);
        if (letter === 'y' && tok.length === 2) n += 2000;
        parts[letter] = letter === 'S' ? Number((m[0] + '00').slice(0, 3)) : n;
      }
      rest = rest.slice(m[0].length);
    }
    if (rest !== '') return fail(field, 'not a date written as expected');
    time = Date.UTC(parts.y, parts.M - 1, parts.d, parts.H, parts.m, parts.s, parts.S) - parts.offset * 60000;
    const check = new Date(Date.UTC(parts.y, parts.M - 1, parts.d));
    if (check.getUTCMonth() !== parts.M - 1 || check.getUTCDate() !== parts.d || parts.H > 23 || parts.m > 59 || parts.s > 59) return fail(field, 'not a date');
  }
  if (Number.isNaN(time)) return fail(field, 'not a date');
  const date = new Date(time);
  const pad = (n, w) => String(n).padStart(w, '0');
  const pattern = to === 'iso-date' ? 'yyyy-MM-dd' : to === 'iso-datetime' ? "yyyy-MM-dd'T'HH:mm:ss.SSSXXX" : to;
  return tokens(pattern).map((tok) => {
    if (tok.startsWith("'")) return tok.slice(1, -1);
    switch (tok) {
      case 'yyyy': return pad(date.getUTCFullYear(), 4);
      case 'yy': return pad(date.getUTCFullYear() % 100, 2);
      case 'MM': return pad(date.getUTCMonth() + 1, 2);
      case 'M': return String(date.getUTCMonth() + 1);
      case 'dd': return pad(date.getUTCDate(), 2);
      case 'd': return String(date.getUTCDate());
      case 'HH': return pad(date.getUTCHours(), 2);
      case 'H': return String(date.getUTCHours());
      case 'mm': return pad(date.getUTCMinutes(), 2);
      case 'ss': return pad(date.getUTCSeconds(), 2);
      case 'SSS': return pad(date.getUTCMilliseconds(), 3);
      case 'X': case 'XX': case 'XXX': return 'Z';
      default: return /[A-Za-z]/.test(tok[0]) ? fail(field, 'the date pattern uses a letter the helper does not write') : tok;
    }
  }).join('');
}`,
  },
  toE164: {
    deps: ['fail', 'perItem'],
    code: `function toE164(value, callingCode, field) {
  // A phone number as +<country code><number>: national numbers lose their trunk 0 and gain the
  // country's calling code. Checks the length only (E.164: at most 15 digits), not the numbering plan.
  if (Array.isArray(value)) return perItem(value, (item) => toE164(item, callingCode, field));
  if (value === '') return value;
  if (typeof value !== 'string' && typeof value !== 'number') return fail(field, 'e164 needs text');
  let text = String(value).replace(/[\\s().-]/g, '');
  if (text.startsWith('00')) text = '+' + text.slice(2);
  if (!text.startsWith('+')) {
    if (callingCode === undefined) return fail(field, 'not a phone number with a country code');
    text = '+' + callingCode + text.replace(/^0/, '');
  }
  if (!/^\\+[1-9][0-9]{6,14}$/.test(text)) return fail(field, 'not a valid phone number');
  return text;
}`,
  },
};

/** The helpers `names` need, each once, in a stable order (dependencies first). */
export function helperSource(names: Iterable<HelperName>): string {
  const order: HelperName[] = [];
  const visit = (name: HelperName): void => {
    if (order.includes(name)) return;
    for (const dep of helpers[name].deps) visit(dep);
    order.push(name);
  };
  for (const name of [...new Set(names)].sort()) visit(name);
  return order.map((n) => helpers[n].code).join('\n\n');
}

/** Country calling codes of the countries a design names with `format: { to: e164, country }`. */
export const callingCodes: Readonly<Record<string, string>> = {
  BD: '880', BF: '226', BI: '257', BJ: '229', CD: '243', CM: '237', ET: '251', GH: '233', GN: '224', HT: '509', IN: '91', KE: '254',
  LR: '231', MG: '261', ML: '223', MW: '265', MZ: '258', NE: '227', NG: '234', NP: '977', PH: '63', PK: '92', RW: '250', SD: '249',
  SL: '232', SN: '221', SO: '252', SS: '211', TD: '235', TZ: '255', UG: '256', US: '1', GB: '44', FR: '33', ZA: '27', ZM: '260', ZW: '263',
};
