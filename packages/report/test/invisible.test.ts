import type { Diagnostic } from '@interop-design/core';
import { describe, expect, it } from 'vitest';
import { escapeCommandData, escapeMarkdown, formatters, printable, renderReport } from '../src/index.js';

// Bidi isolates, the Arabic letter mark, the Mongolian vowel separator, overrides, zero-width
// characters, a tag character, a line separator and a Hangul filler: each reorders or hides text.
const invisible = ['\u2066', '\u2067', '\u2068', '\u2069', '\u061c', '\u180e', '\u202e', '\u202a', '\u200b', '\u200d', '\u2060', '\ufeff', '\u{e0041}', '\u2028', '\u3164'];
const message = `total ${invisible.join('x')} costs $x^2$ and $$y$$`;

const d: Diagnostic = {
  ruleId: 'mapping-key',
  severity: 'error',
  message,
  file: `p/a${invisible.join('')}.mapping.yaml`,
  range: { start: { line: 3, column: 5 }, end: { line: 3, column: 9 } },
  path: '/key',
  fingerprint: 'f00',
};

const leaks = (text: string): string[] => invisible.filter((c) => text.includes(c));

describe('O9: bidi and invisible format controls in every format', () => {
  it('O9: every formatter writes no bidi isolate, U+061C, U+180E, zero-width, tag or filler character raw', () => {
    for (const [name, format] of Object.entries(formatters)) expect(leaks(format([d], { rules: [], version: '0' })), name).toEqual([]);
  });

  it('O9: the JSON and SARIF formats keep the text exact: only written as \\u escapes', () => {
    const json = JSON.parse(formatters.json([d])) as { diagnostics: { message: string; file: string }[] };
    expect(json.diagnostics[0]).toMatchObject({ message, file: d.file });
    const sarif = JSON.parse(formatters.sarif([d])) as { runs: { results: { message: { text: string } }[] }[] };
    expect(sarif.runs[0]?.results[0]?.message.text).toBe(message);
  });

  it('O9: the pull request report, review comment text and annotations escape them, and `$` renders no math', () => {
    const report = renderReport(
      { analysis: { projects: [], diagnostics: [d], notes: [message] }, commit: 'abc1234', notes: [], runUrl: undefined },
      { maxBytes: 100_000, sticky: false },
    );
    for (const text of [report, escapeMarkdown(message), escapeCommandData(message), printable(message)]) expect(leaks(text)).toEqual([]);
    expect(escapeMarkdown('$x^2$ and $$y$$')).toBe('&#36;x^2&#36; and &#36;&#36;y&#36;&#36;');
    expect(report).not.toMatch(/\$/u);
    expect(printable('a\u2066b\u{e0041}c')).toBe('a\\u2066b\\u{e0041}c');
  });
});
