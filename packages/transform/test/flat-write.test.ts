import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Field, Mapping } from '@interop-design/schema';
import { describe, expect, it } from 'vitest';
import { generatedWriter } from '../src/flat-write.js';
import { compileMapping } from '../src/index.js';

// A record's top-level keys written by one field each are written at the end of the run, all at
// once: by a loop for a mapping's first 64 records, then by a generated function. Both must give
// the record the general path gives (same keys, same order, nothing for absent values), and the
// generated function must hold nothing of the mapping.

function mapping(fields: Field[]): Mapping {
  return { id: 't', version: '1.0.0', status: 'draft', source: { system: 'kobo', resource: 'submission' }, destination: { system: 'salesforce', resource: 'Contact' }, fields };
}

/** Runs `compiled` on `source` `times` times; the records of the first and of the last run. */
function firstAndLast(m: Mapping, source: unknown, times = 100): { first: Record<string, unknown>; last: Record<string, unknown>; lastErrors: unknown[] } {
  const compiled = compileMapping(m);
  expect(compiled.problems).toEqual([]);
  const first = compiled.run(source).record;
  let last = first;
  let lastErrors: unknown[] = [];
  for (let i = 1; i < times; i++) {
    const r = compiled.run(source);
    last = r.record;
    lastErrors = r.errors;
  }
  return { first, last, lastErrors };
}

// Keys that a text of code would have to escape, and names every object inherits.
const hostile = ["a'); process.exit(3); ('", 'b"]=1;//', 'c\\', 'd\n}', '${e}', 'constructor', 'toString', 'w[0]', 'o'];

describe('keys written all at once', () => {
  const fields: Field[] = [
    ...hostile.map((k, i) => ({ source: { path: `s${i}` }, destination: { path: `[${JSON.stringify(k)}]` } })),
    { source: { path: 'n' }, destination: { path: 'Count__c', type: 'integer' } },
    { source: { path: 'code' }, destination: { path: 'Status__c' }, transform: { valueMap: { a: 'Active' }, unmapped: 'error' } },
    { source: { path: 'x' }, destination: { path: 'Address.City' } },
  ];
  const full = { ...Object.fromEntries(hostile.map((_, i) => [`s${i}`, `v${i}`])), n: '32', code: 'a', x: 'Nairobi' };

  it('the generated writer builds the record the first runs build, hostile keys and all', () => {
    const { first, last } = firstAndLast(mapping(fields), full);
    expect(Object.keys(last)).toEqual([...hostile, 'Count__c', 'Status__c', 'Address']);
    expect(last).toStrictEqual(first);
    expect(last["a'); process.exit(3); ('"]).toBe('v0');
    expect(last.constructor).toBe('v5');
    expect(last.Count__c).toBe(32);
    expect(Object.getPrototypeOf(last)).toBe(Object.prototype);
  });

  it('leaves out the keys of absent and failed fields, on the 1st and the 100th record alike', () => {
    const source = { ...full, s1: undefined, s5: undefined, n: 'not a number', code: 'zz' };
    delete source.s1;
    const { first, last, lastErrors } = firstAndLast(mapping(fields), source);
    expect(Object.keys(last)).toEqual([hostile[0], hostile[2], hostile[3], hostile[4], hostile[6], hostile[7], hostile[8], 'Address']);
    expect(last).toStrictEqual(first);
    expect(Object.prototype.hasOwnProperty.call(last, 'constructor')).toBe(false);
    expect(lastErrors.map((e) => (e as { code: string }).code)).toEqual(['not-a-number', 'unmapped-value']);
  });

  it('a key that two fields write keeps the last value written, not an absent one after it', () => {
    const twice: Field[] = [
      { source: { path: 'a' }, destination: { path: 'Name' } },
      { source: { path: 'b' }, destination: { path: 'Name' } },
      ...Array.from({ length: 10 }, (_, i) => ({ source: { path: `k${i}` }, destination: { path: `F${i}` } })),
    ];
    const { first, last } = firstAndLast(mapping(twice), { a: 'first', k1: 1 });
    expect(last).toStrictEqual({ Name: 'first', F1: 1 });
    expect(first).toStrictEqual(last);
    expect(firstAndLast(mapping(twice), { a: 'first', b: 'second' }).last).toStrictEqual({ Name: 'second' });
  });

  it('a key that one field writes and another writes inside still reports the conflict', () => {
    const clash: Field[] = [
      { source: { path: 'a' }, destination: { path: 'Owner' } },
      { source: { path: 'b' }, destination: { path: 'Owner.Id' } },
      ...Array.from({ length: 10 }, (_, i) => ({ source: { path: `k${i}` }, destination: { path: `F${i}` } })),
    ];
    const { last, lastErrors } = firstAndLast(mapping(clash), { a: 'text', b: 'x', k0: 0 });
    expect(last).toStrictEqual({ Owner: 'text', F0: 0 });
    expect(lastErrors).toEqual([expect.objectContaining({ code: 'path-conflict', pointer: '/fields/1/destination/path' })]);
  });
});

describe('the generated writer', () => {
  it('is made of integers only: no key, no value is in its text', () => {
    const text = String(generatedWriter(3));
    const body = text.slice(text.indexOf('{'));
    expect(body.replace(/\/\/[^\n]*/, '')).toMatch(/^\{\s*'use strict';\s*o\[k\[0\]\] = w\[0\];\s*o\[k\[1\]\] = w\[1\];\s*o\[k\[2\]\] = w\[2\];\s*\}$/);
    const record: Record<string, unknown> = { x: undefined, y: undefined, z: undefined };
    generatedWriter(3)?.(record, ['x', 'y', 'z'], [1, undefined, 'three']);
    expect(record).toStrictEqual({ x: 1, y: undefined, z: 'three' });
  });

  it('refuses a count that is not a positive integer', () => {
    expect(generatedWriter(0)).toBeUndefined();
    expect(generatedWriter(1.5)).toBeUndefined();
    expect(generatedWriter(Number.NaN)).toBeUndefined();
  });

  const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
  it.skipIf(!existsSync(dist))('where code generation is forbidden (--disallow-code-generation-from-strings), the loop writes the same records', () => {
    const script = `
      const { compileMapping } = await import(${JSON.stringify(dist)});
      const fields = Array.from({ length: 20 }, (_, i) => ({ source: { path: 'k' + i }, destination: { path: 'F' + i } }));
      const c = compileMapping({ id: 't', version: '1.0.0', status: 'draft', source: { system: 'a', resource: 'b' }, destination: { system: 'c', resource: 'd' }, fields });
      let threw = false;
      try { new Function('return 1'); } catch { threw = true; }
      const out = [];
      for (let r = 0; r < 100; r++) out.push(c.run({ k0: r, k3: 'x', k19: null }).record);
      console.log(JSON.stringify({ threw, first: out[0], last: out[99], keys: Object.keys(out[99]) }));`;
    const output = execFileSync(process.execPath, ['--disallow-code-generation-from-strings', '--input-type=module', '-e', script], { encoding: 'utf8' });
    const result = JSON.parse(output) as { threw: boolean; first: unknown; last: unknown; keys: string[] };
    expect(result.threw).toBe(true);
    expect(result.first).toEqual({ F0: 0, F3: 'x', F19: null });
    expect(result.last).toEqual({ F0: 99, F3: 'x', F19: null });
    expect(result.keys).toEqual(['F0', 'F3', 'F19']);
  });
});
