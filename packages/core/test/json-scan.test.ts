import { describe, expect, it } from 'vitest';
import { scanJson } from '../src/json-scan.js';

describe('scanJson', () => {
  it('accepts well-formed JSON of any shape', () => {
    for (const text of ['{}', '[]', '"x"', '1.5e-3', 'true', 'null', '{"a":[1,{"b":"\\u00e9\\n"}],"c":-0.5}', ' [ 1 , 2 ] ']) {
      expect(scanJson(text)).toMatchObject({ wellFormed: true, issues: [] });
    }
  });

  it.each([
    ['{"a":1,}', 6],
    ['[1, 2 ,\n]', 6],
    ['[1 2]', 3],
    ['{"a" 1}', 5],
    ['{a:1}', 1],
    ['"tab\there"', 4],
    ['[01]', 1],
    ['[1]x', 3],
    ['', 0],
    ['{"a":tru}', 5],
    ['["\\x"]', 2],
  ])('finds the syntax error in %j at offset %i', (text, offset) => {
    const r = scanJson(text);
    expect(r.wellFormed).toBe(false);
    expect(r.issues[0]).toMatchObject({ kind: 'syntax', offset });
  });

  it('P3: stops at the depth limit without recursion', () => {
    const r = scanJson('['.repeat(100_000), { maxDepth: 256 });
    expect(r.wellFormed).toBe(false);
    expect(r.issues).toEqual([expect.objectContaining({ kind: 'depth', offset: 256 })]);
  });

  it('P4: reports a duplicate key at the second key with its pointer', () => {
    const r = scanJson('{"id":1,"nested":{"x":1,"x":2},"id":2}');
    expect(r.issues.map((i) => [i.kind, i.offset, i.pointer])).toEqual([
      ['duplicate-key', 24, '/nested/x'],
      ['duplicate-key', 31, '/id'],
    ]);
  });

  it('compares escaped keys by value', () => {
    expect(scanJson('{"a":1,"\\u0061":2}').counts['duplicate-key']).toBe(1);
  });

  it('P12: flags integers a double would round, and keeps safe ones quiet', () => {
    const r = scanJson('{"id": 12345678901234567890, "ok": 9007199254740991, "f": 1.23456789012345678}');
    expect(r.issues.map((i) => [i.kind, i.pointer])).toEqual([['unsafe-integer', '/id']]);
  });

  it('caps listed issues but keeps counting', () => {
    const text = '[' + Array.from({ length: 500 }, () => '{"a":1,"a":2}').join(',') + ']';
    const r = scanJson(text, { maxIssues: 10 });
    expect(r.issues).toHaveLength(10);
    expect(r.counts['duplicate-key']).toBe(500);
  });
});
