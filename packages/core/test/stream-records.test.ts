import { describe, expect, it } from 'vitest';
import { parseFieldPath } from '../src/field-path.js';
import { maxStreamKeyBytes, quoteUnsafeIntegers, streamRecords } from '../src/stream-records.js';

function chunked(text: string, size: number): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.slice(i, i + size));
  return out;
}

function collect(text: string, format: 'json' | 'ndjson', records: string | undefined, size: number) {
  const got: [unknown, number][] = [];
  const r = streamRecords(chunked(text, size), format, records === undefined ? undefined : parseFieldPath(records), (v, o) => got.push([v, o]));
  return { got, issues: r.issues.map((i) => [i.kind, i.offset]), records: r.records };
}

const state = '{"configuration": {"x": "[{"}, "data": {"rows": [{"a": 1, "s": "q\\"]}"}, {"a": [2, {"b": null}]}, 3, "x"], "other": {"rows": [9]}}, "references": []}';

describe('streamRecords', () => {
  it.each([1, 2, 3, 7, 64, 100_000])('selects records at any chunk size (%i bytes)', (size) => {
    expect(collect(state, 'json', 'data.rows[]', size).got).toEqual([
      [{ a: 1, s: 'q"]}' }, state.indexOf('{"a": 1')],
      [{ a: [2, { b: null }] }, state.indexOf('{"a": [2')],
      [3, state.indexOf('3, "x"')],
      ['x', state.indexOf('"x"]')],
    ]);
    expect(collect(state, 'json', 'data', size).got.map((g) => g[1])).toEqual([state.indexOf('{"rows"')]);
    expect(collect('\ufeff[{"id":1},{"id":2}]', 'json', '[]', size).got).toEqual([[{ id: 1 }, 4], [{ id: 2 }, 13]]);
  });

  it.each([1, 3, 7, 16, 40, 100_000])('P12: keeps integers a double would round as written, wherever chunks split them (%i bytes)', (size) => {
    const big = '12345678901234567890';
    const pad = '"x":"' + 'a'.repeat(60) + '",';
    // Lines after one holding such an integer (in a string or not) are parsed as they are.
    const ndjson = `{${pad}"id":1}\n{${pad}"id":${big},"geo":7.8782999999999999}\n{"id":-${big}}\n{"s":"${big}","id":2}\n{"id":3,"n":${big}}\n{"id":1.5}\n`;
    expect(collect(ndjson, 'ndjson', undefined, size).got.map(([v]) => (v as { id: unknown }).id)).toEqual([1, big, `-${big}`, 2, 3, 1.5]);
    expect(collect(ndjson, 'ndjson', undefined, size).got.map(([v]) => (v as { n?: unknown }).n)[4]).toBe(big);
    const json = `{"data":[{${pad}"id":1},{${pad}"id":${big}},{"id":2.1234567890123456}]}`;
    expect(collect(json, 'json', 'data[]', size).got.map(([v]) => (v as { id: unknown }).id)).toEqual([1, big, Number('2.1234567890123456')]);
  });

  it('reads the whole file as one record without a path, and applies filter paths in memory', () => {
    expect(collect(state, 'json', undefined, 5).got).toHaveLength(1);
    expect(collect('{"attributes":[{"attribute":"w75KJ2mc4zz","value":"A"}]}', 'json', 'attributes[attribute=w75KJ2mc4zz]', 4).got).toEqual([[{ attribute: 'w75KJ2mc4zz', value: 'A' }, 0]]);
  });

  it('says when the records path selects nothing', () => {
    expect(collect(state, 'json', 'data.missing[]', 8)).toMatchObject({ records: 0, issues: [['records-not-found', 0]] });
  });

  it('reports a broken record at its byte offset and a truncated file at its end', () => {
    expect(collect('[{"a":1},{"a":tru},{"a":3}]', 'json', '[]', 4).issues).toEqual([['syntax', 14]]);
    expect(collect('[{"a":1},{"a":2', 'json', '[]', 4).issues).toEqual([['syntax', 15]]);
  });

  it.each([1, 5, 1000])('reads NDJSON lines, reporting broken lines and going on (%i-byte chunks)', (size) => {
    const r = collect('{"a":1}\n{"a":2,}\n\n{"a":3}\n{"a":4}', 'ndjson', undefined, size);
    expect(r.got).toEqual([[{ a: 1 }, 0], [{ a: 3 }, 18], [{ a: 4 }, 26]]);
    expect(r.issues).toEqual([['syntax', 14]]); // at the trailing comma
  });
});

describe('streamRecords with a reused chunk buffer', () => {
  it('copies the parts of records that span chunks', () => {
    const text = '[' + Array.from({ length: 50 }, (_, i) => JSON.stringify({ id: i, s: 'x'.repeat(i) })).join(',') + ']';
    const bytes = new TextEncoder().encode(text);
    const shared = new Uint8Array(16);
    function* reused(): Generator<Uint8Array> {
      for (let i = 0; i < bytes.length; i += 16) {
        const n = Math.min(16, bytes.length - i);
        shared.set(bytes.subarray(i, i + n));
        yield shared.subarray(0, n);
      }
    }
    const ids: unknown[] = [];
    const r = streamRecords(reused(), 'json', parseFieldPath('[]'), (v) => ids.push((v as { id: number }).id));
    expect(r.issues).toEqual([]);
    expect(ids).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

describe('one record reader for lint and check-samples', () => {
  const bytes = (text: string): Uint8Array[] => [new TextEncoder().encode(text)];
  const read = (chunks: Uint8Array[], format: 'json' | 'ndjson', records?: string) => {
    const got: unknown[] = [];
    const r = streamRecords(chunks, format, records === undefined ? undefined : parseFieldPath(records), (v) => got.push(v));
    return { got, issues: r.issues.map((i) => [i.kind, i.offset, i.message]) };
  };

  it('reads a top-level array as a list of records when no records path is given', () => {
    expect(read(bytes('[{"id":1},{"id":2},{"id":3}]'), 'json').got).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect(read(bytes('{"id":1}'), 'json').got).toEqual([{ id: 1 }]);
    expect(read(chunked('\ufeff [ {"id":1} ,{"id":2}]', 3), 'json').got).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('says "did you mean data[]" when the records path selects an array', () => {
    const r = read(bytes('{"data":[{"id":1},{"id":2}]}'), 'json', 'data');
    expect(r.issues).toEqual([['records-array', 8, 'the records path data selects an array: did you mean "data[]", one record per item?']]);
  });

  it('gives the records before the point where a truncated file stops, and says where it stops', () => {
    const truncated = '{"trackedEntityInstances":[{"trackedEntityInstance":"a1"},{"trackedEntityInstance":"a2"},{"trackedEntityInstance":"a3"},{"trackedEnt';
    const r = read(chunked(truncated, 7), 'json', 'trackedEntityInstances[]');
    expect(r.got).toEqual([{ trackedEntityInstance: 'a1' }, { trackedEntityInstance: 'a2' }, { trackedEntityInstance: 'a3' }]);
    expect(r.issues).toEqual([['syntax', truncated.length, 'unexpected end of file: the JSON value is not closed']]);
  });

  it('accepts a BOM at the start of a file only; a BOM in the middle of NDJSON is an error at its line', () => {
    const text = '\ufeff{"a":1}\n\ufeff{"a":2}\n{"a":3}\n';
    const r = read(chunked(text, 5), 'ndjson');
    expect(r.got).toEqual([{ a: 1 }, { a: 3 }]);
    expect(r.issues).toEqual([['syntax', 11, 'a byte-order mark in the middle of the file: only the start of a file may hold one; remove it']]);
  });

  it('refuses UTF-16 and NUL bytes with the loader\'s words', () => {
    const utf16 = Buffer.from('\ufeff[{"a":1}]', 'utf16le');
    for (const format of ['json', 'ndjson'] as const) {
      expect(read([new Uint8Array(utf16)], format)).toEqual({ got: [], issues: [['encoding', 0, 'unsupported encoding: the file is UTF-16; save it as UTF-8']] });
    }
    expect(read([new Uint8Array([0x7b, 0x00, 0x7d])], 'json').issues[0]?.[0]).toBe('encoding');
  });

  it('reports a trailing comma at the comma, also while streaming a records path', () => {
    expect(read(chunked('{"data":[{"id":1},{"id":2},\n]}', 4), 'json', 'data[]').issues).toEqual([['syntax', 26, 'trailing comma: JSON allows no comma before ]; remove it']]);
    expect(read(bytes('{"data":[{"id":1}], "x": 1,}'), 'json', 'data[]').issues).toEqual([['syntax', 26, 'trailing comma: JSON allows no comma before }; remove it']]);
  });

  it('P15: a key with an invalid escape on the records path is a syntax issue, not a crash', () => {
    const text = '{"a\\q": 1, "data": [{"id": 1}]}';
    expect(() => read(bytes(text), 'json', 'data[]')).not.toThrow();
    expect(read(bytes(text), 'json', 'data[]').issues).toEqual([['syntax', 1, expect.stringMatching(/^invalid escape in a key/u) as string]]);
  });

  it('P16: a key longer than the cap stops the reading with an issue instead of gathering it', () => {
    const long = 'k'.repeat(maxStreamKeyBytes + 10);
    function* chunks(): Generator<Uint8Array> {
      yield new TextEncoder().encode('{"');
      for (let i = 0; i < long.length; i += 65536) yield new TextEncoder().encode(long.slice(i, i + 65536));
      yield new TextEncoder().encode('": 1, "data": []}');
    }
    const r = streamRecords(chunks(), 'json', parseFieldPath('data[]'), () => undefined);
    expect(r.issues.map((i) => [i.kind, i.offset])).toEqual([['syntax', 1]]);
    expect(r.issues[0]?.message).toMatch(/^a key longer than 1 MiB/u);
  });
});

describe('integers a double would round, found in NDJSON', () => {
  // The search looks at every 16th character only: runs of every length, at every alignment, with
  // signs, decimals and exponents around them must still be found (or left alone) as the pattern
  // `(?<![\d.eE+-])-?\d{16,}(?![\d.eE])` would.
  it('reads each line as JSON.parse reads it once such integers are quoted, whatever the alignment', () => {
    let seed = 7;
    const next = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    // Starting with 9, so that most runs of 16 digits are past 2^53 too.
    const digits = (n: number): string => Array.from({ length: n }, (_, i) => String(i === 0 ? 9 : next(10))).join('');
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const len = [1, 9, 15, 16, 17, 19, 20, 25, 33][next(9)] ?? 1;
      const number = `${['', '-'][next(2)]}${digits(len)}${['', '.5', 'e3', 'E-2', ''][next(5)]}`;
      // One number a line, where a line that holds a found one is read as a whole.
      lines.push(`{"${'k'.repeat(next(20))}":${number},"s":"${'-'.repeat(next(3))}${digits(next(30) + 1)}","a":[${'1'.repeat(next(15) + 1)}]}`);
    }
    const text = lines.join('\n');
    for (const size of [1 << 20, 4096, 333]) {
      const got: unknown[] = [];
      const r = streamRecords(chunked(text, size), 'ndjson', undefined, (v) => got.push(v));
      expect(r.issues).toEqual([]);
      expect(got).toEqual(lines.map((l) => JSON.parse(quoteUnsafeIntegers(l)) as unknown));
    }
    // Some lines hold such integers: they come out as text, as written.
    expect(JSON.stringify(lines.map((l) => JSON.parse(quoteUnsafeIntegers(l)) as unknown))).toMatch(/"-?\d{16,}"/u);
  });
});
