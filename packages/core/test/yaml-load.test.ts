import { describe, expect, it } from 'vitest';
import { loadYaml } from '../src/yaml-load.js';

const at = (r: ReturnType<typeof loadYaml>) => r.diagnostics.map((d) => [d.ruleId, d.range.start.line, d.range.start.column]);

function billionLaughs(levels = 9): string {
  const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(',')}]`);
  return lines.join('\n') + '\n';
}

describe('loadYaml', () => {
  it('reads a plain design file on the fast path', () => {
    const r = loadYaml('x.yaml', 'id: a\nlist: [1, 2]\ndob: 2019-02-01\n');
    expect(r.parser).toBe('fast');
    expect(r.value).toEqual({ id: 'a', list: [1, 2], dob: '2019-02-01' });
    expect(r.diagnostics).toEqual([]);
  });

  it('P1: stops a billion-laughs file at the alias that overflows', () => {
    const r = loadYaml('x.yaml', billionLaughs());
    expect(r.value).toBeUndefined();
    // a3 holds ten aliases of 1,111 nodes each; the eighth takes the running total past 10,000.
    expect(at(r)).toEqual([['yaml-alias-limit', 4, 38]]);
  });

  it('accepts a few harmless aliases', () => {
    const r = loadYaml('x.yaml', 'base: &b { type: string }\nother: *b\n');
    expect(r.value).toEqual({ base: { type: 'string' }, other: { type: 'string' } });
    expect(r.diagnostics).toEqual([]);
  });

  it('P2: refuses deep block and flow nesting without building the document', () => {
    const block = Array.from({ length: 5000 }, (_, i) => ' '.repeat(i * 2) + '- ').join('\n') + 'x\n';
    const flow = '['.repeat(20_000);
    for (const text of [block, flow, block, flow]) {
      const r = loadYaml('deep.yaml', text);
      expect(r.value).toBeUndefined();
      expect(r.diagnostics.map((d) => d.ruleId)).toEqual(['yaml-depth-limit']);
    }
    expect(at(loadYaml('deep.yaml', flow))).toEqual([['yaml-depth-limit', 1, 65]]);
  });

  it('P2: checks depth on the CST when the safe path is taken', () => {
    // An anchor sends the file to the safe path; the depth check runs before composing.
    const text = 'a: &x 1\nb: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n';
    const r = loadYaml('deep.yaml', text);
    expect(r.parser).toBe('safe');
    expect(at(r)).toEqual([['yaml-depth-limit', 2, 67]]);
  });

  it('P4: reports a duplicate key at the second key', () => {
    expect(at(loadYaml('x.yaml', 'id: a\nname: x\nid: b\n'))).toEqual([['yaml-duplicate-key', 3, 1]]);
  });

  it('P5: keeps __proto__, constructor and prototype as plain keys', () => {
    for (const text of ['__proto__: { polluted: yes }\nconstructor: { prototype: { polluted: yes } }\n', 'a: &x 1\n__proto__: { polluted: yes }\n']) {
      const r = loadYaml('x.yaml', text);
      const value = r.value as Record<string, unknown>;
      expect(Object.keys(value)).toContain('__proto__');
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });

  it('P6: reads %YAML 1.1 files as YAML 1.2 core, without merge keys', () => {
    const r = loadYaml('x.yaml', '%YAML 1.1\n---\nbase: &base { x: 1 }\nflag: no\non: yes\nother:\n  <<: *base\n');
    expect(r.value).toEqual({ base: { x: 1 }, flag: 'no', on: 'yes', other: { '<<': { x: 1 } } });
    expect(at(r)).toEqual([['yaml-version', 1, 1]]);
  });

  it('P7: names unsupported tags and keeps the value inert', () => {
    const r = loadYaml('x.yaml', 'a: !!js/function "function () { return 1 }"\nb: !custom x\nc: !!binary aGVsbG8=\nd: !!str 12\n');
    expect(r.value).toEqual({ a: 'function () { return 1 }', b: 'x', c: 'aGVsbG8=', d: '12' });
    expect(at(r)).toEqual([
      ['yaml-unsupported-tag', 1, 4],
      ['yaml-unsupported-tag', 2, 4],
      ['yaml-unsupported-tag', 3, 4],
    ]);
    expect(r.diagnostics.map((d) => d.message.split(' ')[2])).toEqual(['!!js/function', '!custom', '!!binary']);
  });

  it('P8: reports a self-referencing alias cleanly', () => {
    for (const text of ['a: &A { <<: *A }\n', 'a: &A [*A]\n']) {
      const r = loadYaml('x.yaml', text);
      expect(r.value).toBeUndefined();
      expect(r.diagnostics).toHaveLength(1);
      expect(r.diagnostics[0]?.range.start.line).toBe(1);
    }
  });

  it('P9: counts CRLF lines right', () => {
    const r = loadYaml('x.yaml', 'a: 1\r\nb: 2\r\na: 3\r\n');
    expect(at(r)).toEqual([['yaml-duplicate-key', 3, 1]]);
    expect(loadYaml('x.yaml', 'a: 1\r\nb: [\r\n').diagnostics[0]?.range.start.line).toBe(3);
  });

  it('P14: empty files and comment-only files have no value', () => {
    expect(loadYaml('x.yaml', '').value).toBeUndefined();
    expect(loadYaml('x.yaml', '# only a comment\n').value).toBeNull();
  });

  it('lists one syntax error per file, with a count of the rest', () => {
    const r = loadYaml('x.yaml', 'fields:\n  - source: { path: items[0].code, type: string }\n    status: agreed\n');
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]?.ruleId).toBe('yaml-syntax');
    expect(r.diagnostics[0]?.range.start).toEqual({ line: 2, column: 26 });
    expect(r.diagnostics[0]?.message).toMatch(/quote a value/u);
  });

  it('reports an over-indented key at the key to fix, saying what to do', () => {
    const slip = (text: string) => loadYaml('x.yaml', text).diagnostics.map((d) => [d.ruleId, d.range.start.line, d.range.start.column, d.range.end.column, d.message]);
    // `type:` slipped two columns right under a field whose destination has a value on its line.
    expect(slip('id: x\nfields:\n  - source: { path: a }\n    destination: b\n      type: string\n')).toEqual([
      ['yaml-syntax', 5, 7, 11, '`type:` on line 5 is indented deeper than `destination:` on line 4, which already has a value on its line: if it is a key of its own, indent it to column 5, like `destination:`; if it belongs inside `destination`, write each of its keys on a line of its own, indented under it'],
    ]);
    // One column too far, after a blank line; after a comment, where the parser speaks of alignment.
    expect(slip('source:\n  system: a\n\n   resource: b\n').map((d) => d.slice(0, 4))).toEqual([['yaml-syntax', 4, 4, 12]]);
    expect(slip('source:\n  system: a\n   # the resource\n\n   resource: b\n')).toEqual([['yaml-syntax', 5, 4, 12, '`resource:` on line 5 starts at column 4, `system:` on line 2 above it at column 3: keys of one mapping start at the same column, so indent it to column 3']]);
    // A list item's key.
    expect(slip('- a: 1\n   b: 2\n')[0]?.slice(1, 3)).toEqual([2, 4]);
    expect(slip('- a: 1\n   b: 2\n')[0]?.[4]).toMatch(/^`b:` on line 2 .* indent it to column 3, like `a:`/u);
    // A later, unrelated error is counted, not listed.
    expect(slip('a: 1\n  b: 2\nc: [\n').map((d) => [d[1], d[2], /1 later syntax error not listed\)$/u.test(String(d[4]))])).toEqual([[2, 3, true]]);
  });

  it('puts the parser\'s indentation complaints in the user\'s terms, at the line to fix', () => {
    const slip = (text: string) => loadYaml('x.yaml', text).diagnostics.map((d) => [d.ruleId, d.range.start.line, d.range.start.column, d.message]);
    // "Nested mappings are not allowed in compact mappings": a mapping started after a key on its line.
    expect(slip('id: m\ndestination:\n  key: source: _id\n')).toEqual([['yaml-syntax', 3, 8, '`key:` on line 3 has `source:` after it on the same line, and a mapping cannot start there: put `source:` on a line of its own, indented under `key:`, or write the mapping in braces, `key: { source: ... }`']]);
    expect(slip('fields:\n  - source: path: a\n')).toEqual([['yaml-syntax', 2, 13, '`source:` on line 2 has `path:` after it on the same line, and a mapping cannot start there: put `path:` on a line of its own, indented under `source:`, or write the mapping in braces, `source: { path: ... }`']]);
    // A key one column short, between two levels: both columns are named.
    expect(slip('source:\n  system: kobo\n resource: submission\n')).toEqual([['yaml-syntax', 3, 2, '`resource:` on line 3 starts at column 2, between the keys `system:` on line 2 (column 3) and `source:` on line 1 (column 1): keys of one mapping start at the same column, so indent it to column 3, like `system:`, or to column 1, like `source:`']]);
    // A key one column short of its list entry ("Sequence item without - indicator").
    expect(slip('fields:\n  - source: { path: a }\n   destination: { path: b }\n')).toEqual([['yaml-syntax', 3, 4, '`destination:` on line 3 starts at column 4, but the keys of the list entry that begins on line 2 start at column 5, like `source:`: indent it to column 5, or start a new entry with `- `']]);
    // A list item under a key that has a value: deeper, or at the key's column.
    const underValue = (line: number, key: string, keyLine: number) => `the list item (\`-\`) on line ${line} is under \`${key}:\` on line ${keyLine}, which already has a value on its line: a key holds a value or a list, not both. Remove the value after \`${key}:\` to make the list its value (each item on a line of its own, starting with \`- \`), or remove the item`;
    expect(slip('source:\n  samples: sampleData/a.json\n    - file: b.json\n')).toEqual([['yaml-syntax', 3, 5, underValue(3, 'samples', 2)]]);
    expect(slip('source:\n  samples: sampleData/a.json\n  - file: b.json\n')).toEqual([['yaml-syntax', 3, 3, underValue(3, 'samples', 2)]]);
    // A new list entry indented into the entry above it.
    expect(slip('samples:\n  - file: a.json\n    records: x\n    - file: b.json\n')).toEqual([['yaml-syntax', 4, 5, 'the list item on line 4 starts at column 5, inside the entry that begins on line 2: a new entry of that list starts at column 3, like the `-` on line 2, so indent it to column 3']]);
    // A tab, at the tab, with the column to use.
    expect(slip('source:\n\tsystem: kobo\n')).toEqual([['yaml-syntax', 2, 1, 'line 2 is indented with a tab: YAML indents with spaces only, so replace the tab with spaces (to nest it under `source:` on line 1, start it at column 3)']]);
    expect(slip('source:\n  system: kobo\n  \tresource: x\n')).toEqual([['yaml-syntax', 3, 3, 'line 3 is indented with a tab: YAML indents with spaces only, so replace the tab with spaces (to line it up with line 2, start it at column 3)']]);
  });

  it('refuses a second document', () => {
    expect(at(loadYaml('x.yaml', 'a: 1\n---\nb: 2\n'))).toEqual([['yaml-multiple-documents', 2, 1]]);
  });

  it('never compiles design text as a regular expression (O7)', () => {
    const r = loadYaml('x.yaml', 'pattern: "(a+)+$"\nother: "[unclosed"\n');
    expect(r.value).toEqual({ pattern: '(a+)+$', other: '[unclosed' });
  });
});
