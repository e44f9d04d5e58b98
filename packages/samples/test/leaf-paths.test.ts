import { describe, expect, it } from 'vitest';
import { forEachValue, parseFieldPath } from '@interop-design/core';
import { LeafPaths, sampleLimits, valuesAt } from '../src/check.js';
import { LeafPaths as ReferenceLeafPaths } from './reference-leaf-paths.js';

/** Records of a few shapes, keys in other orders, missing and extra keys, nesting, arrays, `__proto__`, integer-like keys. */
function records(seed: number, n: number, distinct: number): unknown[] {
  let a = seed;
  const next = (k: number): number => {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    return a % k;
  };
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const shape = next(6);
    const r: Record<string, unknown> = JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    if (shape !== 1) r._id = i;
    r[`k${next(distinct)}`] = shape === 2 ? { deep: [{ a: 1 }, { b: [] }] } : 'v';
    if (shape === 3) r['10'] = { '2': null, z: {} };
    r.group = shape === 4 ? [] : shape === 5 ? [{ m: 1 }, { m: 2, n: { o: 'p' } }] : { m: 1, n: [1, [2, { q: 3 }]] };
    if (next(2)) r.tail = next(3) ? 'x' : {};
    out.push(shape === 0 ? JSON.parse(JSON.stringify(r)) : r);
  }
  return out;
}

describe('LeafPaths', () => {
  it('finds the same distinct leaf paths as before, whatever the order of shapes, also past the leaf limit', () => {
    for (const [seed, n, distinct] of [[1, 2000, 5], [2, 3000, 40], [3, 30_000, 4 * sampleLimits.maxLeafPaths]] as const) {
      const now = new LeafPaths();
      const before = new ReferenceLeafPaths();
      for (const r of records(seed, n, distinct)) {
        now.add(r);
        before.add(r);
      }
      expect(now.paths()).toEqual(before.paths());
      if (seed === 3) expect(now.paths().length).toBe(sampleLimits.maxLeafPaths);
      else expect(now.paths()).toContain('group[].n.o');
    }
  });
});

describe('valuesAt', () => {
  it('visits what forEachValue visits, for paths of keys and others', () => {
    const recordsToTry: unknown[] = [
      null, 3, 'x', [], [{ a: 1 }], {}, { a: null }, { a: { b: 0 } }, { a: { b: [1, 2] } }, { a: [{ b: 1 }, { b: 2 }] }, { a: { b: undefined } },
      JSON.parse('{"__proto__": {"b": 5}, "constructor": 1, "a": {"toString": "t", "b": ""}}'), { a: { hasOwnProperty: 2 } }, Object.create({ a: { b: 'inherited' } }) as unknown,
    ];
    const paths = ['a', 'a.b', '__proto__.b', 'constructor', 'toString', 'a.toString', 'a.hasOwnProperty', 'a[].b', 'a[0]', 'a[b=2]', '["a"].b', 'a.b.c'];
    let visited = 0;
    for (const text of paths) {
      const path = parseFieldPath(text);
      const reach = valuesAt(path);
      for (const record of recordsToTry) {
        const now: unknown[] = [];
        const before: unknown[] = [];
        expect(reach(record, (v) => now.push(v)), text).toBe(forEachValue(record, path, (v) => before.push(v)));
        expect(now, text).toEqual(before);
        visited += now.length;
      }
    }
    expect(visited).toBeGreaterThan(15);
  });
});
