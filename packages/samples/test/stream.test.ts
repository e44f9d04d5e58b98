import { describe, expect, it } from 'vitest';
import { parseFieldPath } from '@interop-design/core';
import { streamRecords } from '../src/stream.js';

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
    const ndjson = `{${pad}"id":1}\n{${pad}"id":${big},"geo":7.8782999999999999}\n{"id":-${big}}\n`;
    expect(collect(ndjson, 'ndjson', undefined, size).got.map(([v]) => (v as { id: unknown }).id)).toEqual([1, big, `-${big}`]);
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
    expect(r.issues).toEqual([['syntax', 15]]);
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
