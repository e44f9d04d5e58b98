import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '@interop-design/core';
import { formatters, json, printable, stylish } from '../src/index.js';

const d = (over: Partial<Diagnostic>): Diagnostic => ({
  ruleId: 'schema',
  severity: 'error',
  message: 'expected a string, found a number',
  file: 'p/a.mapping.yaml',
  range: { start: { line: 4, column: 10 }, end: { line: 4, column: 11 } },
  path: '/version',
  fingerprint: 'abc',
  ...over,
});

describe('formatters', () => {
  it('stylish groups by file, sorts by position and counts', () => {
    const out = stylish([d({ range: { start: { line: 9, column: 2 }, end: { line: 9, column: 3 } }, severity: 'warning', ruleId: 'file-symlink', message: 'w' }), d({})]);
    expect(out).toBe(['', 'p/a.mapping.yaml', '  4:10  error    expected a string, found a number  schema', '  9:2   warning  w  file-symlink', '', '✖ 2 problems (1 error, 1 warning, 0 info)', ''].join('\n'));
    expect(stylish([], { fileCount: 3 })).toBe('No problems found in 3 files.\n');
  });

  it('O3: a hostile file name cannot forge a line or a workflow command', () => {
    const out = stylish([d({ file: 'a\n::error file=x::pwn.yaml', message: 'm\r\n::warning::x\u202e' })]);
    expect(out.split('\n').some((line) => line.startsWith('::'))).toBe(false);
    expect(out).toContain('a\\n::error file=x::pwn.yaml');
    expect(out).toContain('\\u202e');
  });

  it('printable escapes control, bidi and zero-width characters only', () => {
    expect(printable('données/患者 ok')).toBe('données/患者 ok');
    expect(printable('a\tb\u0000c\u200bd\u001b[31m')).toBe('a\\tb\\u0000c\\u200bd\\u001b[31m');
  });

  it('json gives 1-based ranges, pointers, fingerprints and a summary', () => {
    const out = JSON.parse(json([d({})], { fileCount: 1 })) as Record<string, unknown>;
    expect(out).toEqual({
      version: 1,
      summary: { errors: 1, warnings: 0, infos: 0, files: 1 },
      diagnostics: [{ ruleId: 'schema', severity: 'error', message: 'expected a string, found a number', file: 'p/a.mapping.yaml', range: { start: { line: 4, column: 10 }, end: { line: 4, column: 11 } }, path: '/version', fingerprint: 'abc' }],
    });
  });

  it('every format carries the related sample location of a value finding', () => {
    const related = [{ file: 'p/sampleData/forms.json', range: { start: { line: 12, column: 5 }, end: { line: 12, column: 17 } }, message: 'the first offending value at dob; 3 of 54 records affected' }];
    const finding = d({ ruleId: 'sample-type', message: '3 of 54 values at dob are not date', related });
    expect(stylish([finding])).toContain('↳ p/sampleData/forms.json:12:5  the first offending value at dob; 3 of 54 records affected');
    expect(formatters.markdown([finding])).toContain('(see p/sampleData/forms.json:12:5: the first offending value at dob; 3 of 54 records affected)');
    expect(formatters.github([finding])).toContain('::3 of 54 values at dob are not date (see p/sampleData/forms.json:12:5: the first offending value at dob; 3 of 54 records affected)');
    expect(formatters.junit([finding])).toContain('see p/sampleData/forms.json:12:5: the first offending value at dob; 3 of 54 records affected');
    const sarif = JSON.parse(formatters.sarif([finding])) as { runs: { results: { relatedLocations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } }; message: { text: string } }[] }[] }[] };
    expect(sarif.runs[0]?.results[0]?.relatedLocations).toEqual([{ id: 0, physicalLocation: { artifactLocation: { uri: 'p/sampleData/forms.json', uriBaseId: '%SRCROOT%' }, region: { startLine: 12, startColumn: 5, endLine: 12, endColumn: 17 } }, message: { text: related[0]?.message } }]);
    expect((JSON.parse(json([finding])) as { diagnostics: { related: unknown }[] }).diagnostics[0]?.related).toEqual(related);
  });

  it('registers each formatter under its name', () => {
    expect(Object.keys(formatters).sort()).toEqual(['github', 'json', 'junit', 'markdown', 'sarif', 'stylish']);
  });
});
