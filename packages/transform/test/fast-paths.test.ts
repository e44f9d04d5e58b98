import type { Field, Mapping } from '@interop-design/schema';
import { describe, expect, it } from 'vitest';
import { compileMapping } from '../src/index.js';
import type { FormatSpec } from '../src/index.js';

// The interpreter's fast paths (dates read at fixed offsets and written back at the same fixed
// offset, dates remembered per step, DHIS2 picks appended without a search, one-key reads and
// writes done by the run's loop) at their edges: each gives what the general path gives.

function mapping(fields: Field[], extra: Partial<Mapping> = {}): Mapping {
  return { id: 't', version: '1.0.0', status: 'draft', source: { system: 'kobo', resource: 'submission' }, destination: { system: 'dhis2', resource: 'trackedEntity' }, fields, ...extra };
}

/** The value written for each text, or the error code. */
function dates(format: FormatSpec, texts: unknown[]): unknown[] {
  const compiled = compileMapping(mapping([{ source: { path: 'v' }, destination: { path: 'out' }, transform: { format } }]));
  expect(compiled.problems).toEqual([]);
  return texts.map((v) => {
    const r = compiled.run({ v });
    const f = r.fields[0];
    return f?.status === 'ok' ? f.value : (r.errors[0]?.code ?? f?.status);
  });
}

describe('dates read at fixed offsets (dd/MM/yyyy)', () => {
  const ddMMyyyy = { from: 'dd/MM/yyyy', to: 'iso-date' };
  it('leap days, the 31st of short months, day and month 0 and 13', () => {
    expect(dates(ddMMyyyy, ['29/02/2024', '29/02/2023', '29/02/1900', '29/02/2000', '31/04/2021', '31/06/2021', '30/06/2021', '00/01/2021', '01/13/2021', '01/00/2021', '31/12/9999'])).toEqual([
      '2024-02-29',
      'date-unparsable',
      'date-unparsable',
      '2000-02-29',
      'date-unparsable',
      'date-unparsable',
      '2021-06-30',
      'date-unparsable',
      'date-unparsable',
      'date-unparsable',
      '9999-12-31',
    ]);
  });
  it('a text of another length or with other separators is refused with the same code', () => {
    expect(dates(ddMMyyyy, ['1/02/2021', '01/02/20211', '01-02-2021', '+1/02/2021', '01/02/２０２１', ' ', '01/02/2021x'])).toEqual(Array(7).fill('date-unparsable'));
  });
  it('white space around the text is trimmed, ASCII or not', () => {
    expect(dates(ddMMyyyy, [' 01/02/2021 ', '\u00a001/02/2021\u2003', '\t01/02/2021\n'])).toEqual(['2021-02-01', '2021-02-01', '2021-02-01']);
  });
  it('years 0 to 99 are read as 1900 to 1999, the day checked in that year', () => {
    expect(dates(ddMMyyyy, ['01/02/0099', '29/02/0000', '29/02/0004', '01/01/0000'])).toEqual(['1999-02-01', 'date-unparsable', '1904-02-29', '1900-01-01']);
  });
  it('a value that is not text: format-input', () => {
    expect(dates(ddMMyyyy, [20210201, ['01/02/2021', 3]])).toEqual(['format-input', 'format-input']);
  });
  it('variable widths (d/M/yyyy) and a pattern without separators (yyyyMMdd)', () => {
    expect(dates({ from: 'd/M/yyyy', to: 'iso-date' }, ['5/3/2021', '05/03/2021', '31/4/2021', '29/2/2024'])).toEqual(['2021-03-05', '2021-03-05', 'date-unparsable', '2024-02-29']);
    expect(dates({ from: 'yyyyMMdd', to: 'dd/MM/yyyy' }, ['20240229', '20230229', '2024022'])).toEqual(['29/02/2024', 'date-unparsable', 'date-unparsable']);
  });
  it('2-digit years (date-fns) are read against the reference year 1970', () => {
    expect(dates({ from: 'dd/MM/yy', to: 'iso-date' }, ['05/03/21', '05/03/69', '05/03/70', '29/02/23'])).toEqual(['1921-03-05', '1969-03-05', '1970-03-05', 'date-unparsable']);
  });
});

describe('dates written back at the same fixed offset', () => {
  it('local times in +03:00 to +03:00, hour 24 and minute 60 refused', () => {
    expect(dates({ from: 'dd/MM/yyyy HH:mm', to: 'iso-datetime', timeZone: '+03:00', toTimeZone: '+03:00' }, ['05/03/2021 10:20', '31/12/2021 23:59', '05/03/2021 24:00', '05/03/2021 23:60'])).toEqual([
      '2021-03-05T10:20:00.000+03:00',
      '2021-12-31T23:59:00.000+03:00',
      'date-unparsable',
      'date-unparsable',
    ]);
  });
  it('a text with its own offset is converted, not copied', () => {
    expect(dates({ from: "yyyy-MM-dd'T'HH:mm:ssXXX", to: 'iso-datetime' }, ['2021-03-05T10:20:00+03:00', '2021-03-05T10:20:00Z', '2021-03-05T10:20:00-05:30'])).toEqual([
      '2021-03-05T07:20:00.000Z',
      '2021-03-05T10:20:00.000Z',
      '2021-03-05T15:50:00.000Z',
    ]);
    expect(dates({ from: 'iso-datetime', to: 'iso-datetime' }, ['2021-03-05T10:20:00.123456789', '2021-03-05T10:20:00+01:00', '2021-02-29T10:20:00'])).toEqual(['2021-03-05T10:20:00.123Z', '2021-03-05T09:20:00.000Z', 'date-unparsable']);
  });
  it('a zone with daylight saving still goes through the instant', () => {
    expect(dates({ from: 'iso-datetime', to: 'iso-datetime', timeZone: 'America/New_York' }, ['2021-03-14T02:30:00', '2021-11-07T01:30:00', '2021-03-14T03:30:00'])).toEqual([
      '2021-03-14T06:30:00.000Z',
      '2021-11-07T05:30:00.000Z',
      '2021-03-14T07:30:00.000Z',
    ]);
    expect(dates({ to: 'iso-date', timeZone: 'UTC', toTimeZone: 'Pacific/Apia' }, ['2011-12-29T12:00:00Z', '2011-12-30T12:00:00Z'])).toEqual(['2011-12-29', '2011-12-31']);
  });
});

describe('dates remembered per step', () => {
  it('the same text again gives the same value; a bad text after a good one still fails', () => {
    expect(dates({ from: 'dd/MM/yyyy', to: 'iso-date' }, ['01/02/2021', '01/02/2021', ' 01/02/2021', '31/02/2021', '01/02/2021', '31/02/2021'])).toEqual(['2021-02-01', '2021-02-01', '2021-02-01', 'date-unparsable', '2021-02-01', 'date-unparsable']);
  });
  it('two steps with different patterns do not share what they remember', () => {
    const compiled = compileMapping(
      mapping([
        { source: { path: 'v' }, destination: { path: 'a' }, transform: { format: { from: 'dd/MM/yyyy', to: 'iso-date' } } },
        { source: { path: 'v' }, destination: { path: 'b' }, transform: { format: { from: 'MM/dd/yyyy', to: 'iso-date' } } },
      ]),
    );
    expect(compiled.run({ v: '01/02/2021' }).record).toEqual({ a: '2021-02-01', b: '2021-01-02' });
    expect(compiled.run({ v: '13/02/2021' }).record).toEqual({ a: '2021-02-13' });
  });
  it('more texts than a step remembers', () => {
    const compiled = compileMapping(mapping([{ source: { path: 'v' }, destination: { path: 'a' }, transform: { format: { from: 'yyyyMMdd', to: 'iso-date' } } }]));
    const texts = Array.from({ length: 5000 }, (_, i) => new Date(Date.UTC(2000, 0, 1 + i)).toISOString().slice(0, 10));
    for (const iso of [...texts, ...texts.reverse()]) expect(compiled.run({ v: iso.replaceAll('-', '') }).record).toEqual({ a: iso });
  });
  it('texts that never repeat, then texts that do, then bad ones: each read as it would be the first time', () => {
    const compiled = compileMapping(mapping([{ source: { path: 'v' }, destination: { path: 'a' }, transform: { format: { from: 'yyyyMMdd', to: 'iso-date' } } }]));
    const day = (i: number) => new Date(Date.UTC(1900, 0, 1 + i)).toISOString().slice(0, 10);
    // 12,000 distinct days (the step stops remembering), then 40 days again and again, then impossible dates among them.
    const inputs = [...Array.from({ length: 12_000 }, (_, i) => day(i)), ...Array.from({ length: 12_000 }, (_, i) => day(i % 40))];
    for (const iso of inputs) expect(compiled.run({ v: iso.replaceAll('-', '') }).record.a).toBe(iso);
    for (let i = 0; i < 3000; i++) {
      const r = compiled.run({ v: i % 3 ? day(i % 40).replaceAll('-', '') : '19000231' });
      expect(i % 3 ? r.record.a : r.errors[0]?.code).toBe(i % 3 ? day(i % 40) : 'date-unparsable');
    }
  });
});

describe('DHIS2 picks', () => {
  const uid = (i: number) => `a${String(i)}BcDeFgHiJ`;
  const pickField = (i: number, last = 'value'): Field => ({ source: { path: `v${String(i)}` }, destination: { path: `attributes[attribute=${uid(i)}].${last}` } });
  it('each pick written appends its item, in field order; absent and failed values add none', () => {
    const compiled = compileMapping(mapping([pickField(0), { source: { path: 'x' }, destination: { path: 'x' } }, pickField(1), { source: { path: 'v2' }, destination: { path: `attributes[attribute=${uid(2)}].value` }, transform: { valueMap: { a: 'A' } } }, pickField(3)]));
    const r = compiled.run({ v0: 'zero', x: 1, v2: 'b', v3: null });
    expect(r.record).toEqual({ attributes: [{ attribute: uid(0), value: 'zero' }, { attribute: uid(3), value: null }], x: 1 });
    expect(Object.keys(r.record)).toEqual(['attributes', 'x']);
    expect(r.fields.map((f) => f.status)).toEqual(['ok', 'ok', 'absent', 'error', 'ok']);
    expect(compiled.run({ v1: 'one' }).record).toEqual({ attributes: [{ attribute: uid(1), value: 'one' }] });
    expect(compiled.run({}).record).toEqual({});
  });
  it('two picks of the same item fill one item', () => {
    const compiled = compileMapping(mapping([pickField(0), { source: { path: 'by' }, destination: { path: `attributes[attribute=${uid(0)}].storedBy` } }, pickField(1)]));
    expect(compiled.run({ v0: 'zero', by: 'me', v1: 'one' }).record).toEqual({
      attributes: [
        { attribute: uid(0), value: 'zero', storedBy: 'me' },
        { attribute: uid(1), value: 'one' },
      ],
    });
  });
  it('another field writing the array first: the picks find its shape', () => {
    const compiled = compileMapping(mapping([{ source: { path: 'list' }, destination: { path: 'attributes' } }, pickField(0), pickField(1)]));
    const found = compiled.run({ list: [{ attribute: uid(1), value: 'old' }], v0: 'zero', v1: 'one' });
    expect(found.record).toEqual({ attributes: [{ attribute: uid(1), value: 'one' }, { attribute: uid(0), value: 'zero' }] });
    const conflict = compiled.run({ list: 'text', v0: 'zero' });
    expect(conflict.errors.map((e) => [e.code, e.pointer])).toEqual([['path-conflict', '/fields/1/destination/path']]);
  });
  it('a pick whose last key is the filter key overwrites it, so a later pick can find that item', () => {
    const compiled = compileMapping(mapping([pickField(0, 'attribute'), pickField(1)]));
    expect(compiled.run({ v0: uid(1), v1: 'one' }).record).toEqual({ attributes: [{ attribute: uid(1), value: 'one' }] });
    expect(compiled.run({ v0: uid(1), v1: 'one' }).fields[1]).toMatchObject({ status: 'ok', value: 'one' });
  });
  it('the key copied from destination.key into the array', () => {
    const compiled = compileMapping(mapping([pickField(0)], { destination: { system: 'dhis2', resource: 'trackedEntity', key: { source: 'id', destination: `attributes[attribute=${uid(9)}].value` } } }));
    expect(compiled.run({ id: 'K', v0: 'zero' }).record).toEqual({ attributes: [{ attribute: uid(0), value: 'zero' }, { attribute: uid(9), value: 'K' }] });
  });
});

describe('one-key reads and writes', () => {
  it('inherited names are read only as own keys, and written as own keys', () => {
    const compiled = compileMapping(
      mapping([
        { source: { path: 'constructor' }, destination: { path: 'constructor' } },
        { source: { path: 'toString' }, destination: { path: 'b' }, transform: { valueMap: { x: 'X' }, unmapped: 'passthrough' } },
        { source: { path: '__proto__' }, destination: { path: '__proto__' } },
      ]),
    );
    expect(compiled.run({}).fields.map((f) => f.status)).toEqual(['absent', 'absent', 'absent']);
    const r = compiled.run(JSON.parse('{"constructor":"c","toString":"x","__proto__":{"p":1}}') as unknown);
    expect(Object.getOwnPropertyNames(r.record)).toEqual(['constructor', 'b', '__proto__']);
    expect(Object.getPrototypeOf(r.record)).toBe(Object.prototype);
    expect(r.record.constructor).toBe('c');
    expect(Object.getOwnPropertyDescriptor(r.record, '__proto__')?.value).toEqual({ p: 1 });
  });
  it('a record that is not an object: every field absent', () => {
    const compiled = compileMapping(mapping([{ source: { path: 'a' }, destination: { path: 'a' } }, { source: { path: 'b' }, destination: { path: 'b', type: 'integer' } }]));
    for (const source of [null, 'text', 3, ['a'], undefined]) expect(compiled.run(source).fields.map((f) => f.status)).toEqual(['absent', 'absent']);
  });
  it('null is copied, coerced fields keep their errors at the destination path', () => {
    const compiled = compileMapping(mapping([{ source: { path: 'a' }, destination: { path: 'a', type: 'integer' } }, { source: { path: 'b' }, destination: { path: 'b', type: 'integer' }, transform: { valueMap: { x: '12', y: 'twelve' } } }]));
    expect(compiled.run({ a: null, b: 'x' }).record).toEqual({ a: null, b: 12 });
    const bad = compiled.run({ a: '1 2', b: 'y' });
    expect(bad.record).toEqual({});
    expect(bad.errors.map((e) => [e.code, e.pointer])).toEqual([
      ['not-a-number', '/fields/0/destination/path'],
      ['not-a-number', '/fields/1/destination/path'],
    ]);
  });
});

describe("the record's keys and the field results", () => {
  const uid = (i: number) => `a${String(i)}BcDeFgHiJ`;
  // The first field names `attributes`, the second `name`, the third `attributes` again.
  const fields: Field[] = [
    { source: { path: 'a0' }, destination: { path: `attributes[attribute=${uid(0)}].value` } },
    { source: { path: 'n' }, destination: { path: 'name' } },
    { source: { path: 'a1' }, destination: { path: `attributes[attribute=${uid(1)}].value` } },
    { source: { path: 'age' }, destination: { path: 'age', type: 'integer' } },
  ];
  it('keys come in the order the mapping first names them, whichever fields have values', () => {
    const compiled = compileMapping(mapping(fields));
    expect(Object.keys(compiled.run({ a0: 'x', n: 'N', a1: 'y', age: '3' }).record)).toEqual(['attributes', 'name', 'age']);
    // The first writer of `attributes` is absent: the key still comes first.
    expect(Object.keys(compiled.run({ n: 'N', a1: 'y', age: '3' }).record)).toEqual(['attributes', 'name', 'age']);
  });
  it('a key no field wrote is not in the record: absent values, failed coercions, failed writes', () => {
    const compiled = compileMapping(mapping(fields));
    const r = compiled.run({ n: 'N', age: 'three' });
    expect(Object.keys(r.record)).toEqual(['name']);
    expect(Object.hasOwn(r.record, 'attributes')).toBe(false);
    expect('age' in r.record).toBe(false);
    expect(Object.keys(compiled.run({}).record)).toEqual([]);
    const conflict = compileMapping(mapping([{ source: { path: 'y' }, destination: { path: 'a' } }, { source: { path: 'x' }, destination: { path: 'a.b' } }, { source: { path: 'z' }, destination: { path: 'c.d' } }, { source: { path: 'w' }, destination: { path: 'c' } }]));
    // `a` holds text, so `a.b` fails and `a` keeps the text; `c.d` is absent, `c` is written.
    const out = conflict.run({ x: 1, y: 'text', w: 2 });
    expect(out.record).toStrictEqual({ a: 'text', c: 2 });
    expect(Object.keys(out.record)).toEqual(['a', 'c']);
    expect(out.errors.map((e) => [e.code, e.pointer])).toEqual([['path-conflict', '/fields/1/destination/path']]);
    expect(Object.keys(conflict.run({ x: 1 }).record)).toEqual(['a']);
  });
  it('an own `__proto__` key of the record is removed when nothing writes it, kept when written', () => {
    const compiled = compileMapping(mapping([{ source: { path: 'p' }, destination: { path: '__proto__' } }, { source: { path: 'q' }, destination: { path: 'q' } }]));
    const without = compiled.run({ q: 1 }).record;
    expect(Object.getOwnPropertyNames(without)).toEqual(['q']);
    expect(Object.getPrototypeOf(without)).toBe(Object.prototype);
    const withIt = compiled.run(JSON.parse('{"p":{"x":1},"q":1}') as unknown).record;
    expect(Object.getOwnPropertyNames(withIt)).toEqual(['__proto__', 'q']);
    expect(Object.getPrototypeOf(withIt)).toBe(Object.prototype);
  });
  it('records are separate objects, pick items too', () => {
    const compiled = compileMapping(mapping(fields));
    const a = compiled.run({ a0: 'x', n: 'N' }).record;
    const b = compiled.run({ a0: 'y', a1: 'z' }).record;
    const [item] = a.attributes as Record<string, unknown>[];
    if (item) item.value = 'changed';
    a.name = 'changed';
    expect(b).toStrictEqual({ attributes: [{ attribute: uid(0), value: 'y' }, { attribute: uid(1), value: 'z' }] });
    expect(Object.keys((b.attributes as object[])[1] ?? {})).toEqual(['attribute', 'value']);
    expect((a.attributes as Record<string, unknown>[])[0]?.value).toBe('changed');
  });
  it('the asynchronous run (with JSONata) gives the same keys in the same order', async () => {
    const withJsonata: Field[] = [...fields, { source: { path: 'n' }, destination: { path: 'upper' }, transform: { jsonata: '$uppercase(n)', description: 'the name in capitals' } }];
    const compiled = compileMapping(mapping(withJsonata));
    const r = await compiled.runAsync({ n: 'N', a1: 'y' });
    expect(Object.keys(r.record)).toEqual(['attributes', 'name', 'upper']);
    expect(r.record.upper).toBe('N');
    // The synchronous run leaves JSONata pending: its key is not in the record.
    expect(Object.keys(compiled.run({ n: 'N', a1: 'y' }).record)).toEqual(['attributes', 'name']);
  });
  it('field results: one per field, the same array each time read, and in JSON', () => {
    const compiled = compileMapping(mapping(fields));
    const r = compiled.run({ a0: 'x', n: 'N', age: 'three' });
    expect(r.fields).toBe(r.fields);
    expect(r.fields.map((f) => [f.index, f.destination, f.kind, f.status, f.value])).toEqual([
      [0, `attributes[attribute=${uid(0)}].value`, 'direct', 'ok', 'x'],
      [1, 'name', 'direct', 'ok', 'N'],
      [2, `attributes[attribute=${uid(1)}].value`, 'direct', 'absent', undefined],
      [3, 'age', 'direct', 'error', undefined],
    ]);
    expect(r.fields[3]?.errors.map((e) => e.code)).toEqual(['not-a-number']);
    const json = JSON.parse(JSON.stringify(r)) as { record: unknown; fields: { status: string }[]; errors: { code: string }[] };
    expect(json.fields.map((f) => f.status)).toEqual(['ok', 'ok', 'absent', 'error']);
    expect(json.errors.map((e) => e.code)).toEqual(['not-a-number']);
    expect(json.record).toEqual({ attributes: [{ attribute: uid(0), value: 'x' }], name: 'N' });
  });
});

describe('the source record is read, never changed', () => {
  it('a copied array that later picks write into is the output’s own: the source keeps its items', () => {
    const compiled = compileMapping(
      mapping([
        { source: { path: 'attributes' }, destination: { path: 'attributes' } },
        { source: { path: 'age' }, destination: { path: 'attributes[attribute=w75KJ2mc4zz].value' } },
        { source: { path: 'address' }, destination: { path: 'address' } },
        { source: { path: 'city' }, destination: { path: 'address.city' } },
      ]),
    );
    expect(compiled.problems).toEqual([]);
    const source = { attributes: [{ attribute: 'zDhUuAYrxNC', value: 'Kamau' }], age: '34', address: { line1: 'Plot 7', __proto__: null }, city: 'Nakuru' };
    const before = JSON.stringify(source);
    const r = compiled.run(source);
    expect(r.errors).toEqual([]);
    expect(r.record).toEqual({
      attributes: [
        { attribute: 'zDhUuAYrxNC', value: 'Kamau' },
        { attribute: 'w75KJ2mc4zz', value: '34' },
      ],
      address: { line1: 'Plot 7', city: 'Nakuru' },
    });
    expect(JSON.stringify(source)).toBe(before);
    // Run twice on the same record (preview and test do): the same output, not one item more each time.
    expect(compiled.run(source).record).toEqual(r.record);
  });

  it('an own `__proto__` key inside a copied object stays a plain key of the copy', () => {
    const compiled = compileMapping(mapping([{ source: { path: 'meta' }, destination: { path: 'meta' } }]));
    const meta = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as object;
    const out = compiled.run({ meta }).record.meta as Record<string, unknown>;
    expect(Object.prototype.hasOwnProperty.call(out, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('a source path with an index', () => {
  it('`a[0]` reads the first item, `a[1].b` the second item’s key', () => {
    const compiled = compileMapping(
      mapping([
        { source: { path: 'phones[0]' }, destination: { path: 'first' } },
        { source: { path: 'phones[1]' }, destination: { path: 'second' } },
        { source: { path: 'visits[1].date' }, destination: { path: 'visit' } },
        { source: { path: 'phones[5]' }, destination: { path: 'missing' } },
      ]),
    );
    expect(compiled.problems).toEqual([]);
    const r = compiled.run({ phones: ['+254700000001', '+254700000002'], visits: [{ date: '2024-01-02' }, { date: '2024-03-04' }] });
    expect(r.record).toEqual({ first: '+254700000001', second: '+254700000002', visit: '2024-03-04' });
    expect(r.fields.map((f) => f.status)).toEqual(['ok', 'ok', 'ok', 'absent']);
  });
});

describe("one-key reads taken in one pass over the record's own keys", () => {
  // Ten one-key reads (two of the same key), so the run reads them in one pass over the record.
  const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', '__proto__', 'constructor'];
  const fields: Field[] = [...keys.map((k, i) => ({ source: { path: k }, destination: { path: `out_${i}` } })), { source: { path: 'a' }, destination: { path: 'again' }, transform: { format: { to: 'upper' } } }];
  const compiled = compileMapping(mapping(fields));
  const own = (entries: [string, unknown][]): Record<string, unknown> => {
    const r: Record<string, unknown> = {};
    for (const [k, v] of entries) Object.defineProperty(r, k, { value: v, enumerable: true, writable: true, configurable: true });
    return r;
  };
  it('records holding different subsets of the keys, in any order, with an own __proto__', () => {
    expect(compiled.problems).toEqual([]);
    expect(compiled.run(JSON.parse('{"h":8,"a":"x","__proto__":"P","c":null}')).record).toEqual(own([['out_0', 'x'], ['out_2', null], ['out_7', 8], ['out_8', 'P'], ['again', 'X']]));
    expect(compiled.run({ b: 2, constructor: 'C', unread: 1 }).record).toEqual({ out_1: 2, out_9: 'C' });
    // An inherited `constructor` or `__proto__` is not the record's value.
    expect(compiled.run({ a: 'y' }).record).toEqual({ out_0: 'y', again: 'Y' });
  });
  it('a record with many more keys than the mapping reads gives the same record', () => {
    const wide: Record<string, unknown> = { g: 'G' };
    for (let i = 0; i < 200; i++) wide[`k${i}`] = i;
    wide.a = 'z';
    expect(compiled.run(wide).record).toEqual({ out_0: 'z', out_6: 'G', again: 'Z' });
  });
});
