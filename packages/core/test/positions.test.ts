import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { SourceFile, loadYaml, toPointer } from '../src/index.js';

// Positions are kept compact (two integers a node, keys read back from the source text): they
// must point where the `yaml` document, which keeps every node with its range, points.

const yamlOptions = { version: '1.2', schema: 'core', merge: false, uniqueKeys: false, strict: false } as const;

function pointers(value: unknown, segments: (string | number)[] = [], out: string[] = ['']): string[] {
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const next = [...segments, Array.isArray(value) ? Number(k) : k];
      out.push(toPointer(next), toPointer([...next, 'missing']));
      pointers(v, next, out);
    }
  }
  return out;
}

const texts: Record<string, string> = {
  'quoted, numeric and keyword keys': [
    '# a comment first',
    '"quoted key": 1',
    "'single ''q''': 2",
    '1.0: float key',
    '0x1F: hex',
    'true: bool',
    '~: tilde',
    '"a\\tb": escaped',
    'key with spaces   : 3',
    'k#x: 4',
    '"x: y": { "in flow": [1, 2, {a: b, "c d": e}], ? explicit : z }',
    '',
  ].join('\n'),
  'block lists and an empty mapping': ['list:', '  - a: 1', '    b:', '      - [x, y]', '      - {p: q}', '  -', '    c: 2', '  - - nested', '    - more', 'emptymap: {}', 'über: u', '"é": 1', '+1: plus', '.5: dot', ''].join('\n'),
  'a long list and a mapping of many keys': [
    'entries:',
    ...Array.from({ length: 120 }, (_, i) => `  - { from: ${i}, to: "${String(i % 7)}" }`),
    'inline:',
    ...Array.from({ length: 80 }, (_, i) => `  ${i % 3 === 0 ? `"k${String(i)}"` : `k${String(i)}`}: v${String(i)}`),
    '',
  ].join('\n'),
  // Past what a node's packed integer holds: a value longer than 64 KiB, and a list whose subtree
  // has more than 16,382 nodes (their ends and first nodes are kept aside).
  'a value longer than 64 KiB and a list of 18,000 nodes': [
    `long: "${'x'.repeat(70_000)}"`,
    'big:',
    ...Array.from({ length: 200 }, (_, i) => `  key${String(i)}: ${'a value of a long mapping '.repeat(14).trim()}`),
    'list:',
    ...Array.from({ length: 3000 }, (_, i) => `  - [a${String(i)}, b, c, d, e]`),
    'last: { k: v }',
    '',
  ].join('\n'),
};

describe('compact positions', () => {
  for (const [name, text] of Object.entries(texts)) {
    it(`${name}: every pointer, value and key, lands where the yaml document says`, () => {
      const loaded = loadYaml('f.yaml', text);
      expect(loaded.parser).toBe('fast');
      expect(loaded.source.hasPositions).toBe(true);
      const reference = new SourceFile('f.yaml', text, parseDocument(text, yamlOptions));
      const all = pointers(loaded.value);
      expect(all.length).toBeGreaterThan(20);
      for (const pointer of all) {
        for (const target of ['value', 'key'] as const) expect([pointer, target, loaded.source.locate(pointer, target)]).toEqual([pointer, target, reference.locate(pointer, target)]);
      }
    });
  }

  it('keeps one copy of the text: the source text equals the file text', () => {
    const text = 'id: x\nfields:\n  - { source: { path: a_rather_long_path_name }, destination: { path: b } }\n';
    const loaded = loadYaml('f.yaml', text);
    expect(loaded.source.text).toBe(text);
    expect(loaded.source.locate('/fields/0/source/path')).toEqual({ start: { line: 3, column: 23 }, end: { line: 3, column: 46 } });
  });
});
