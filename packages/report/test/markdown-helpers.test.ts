import { failsAt } from '@interop-design/core';
import type { Diagnostic } from '@interop-design/core';
import { describe, expect, it } from 'vitest';
import { blobUrl, findingRow, markdown, pct, plural, severityIcon, severityLabel } from '../src/index.js';

describe('links to lines', () => {
  it('percent-encodes every segment of a file name, parentheses and line breaks included', () => {
    expect(blobUrl('https://github.com/o/r', 'abc', 'designs/a b/(x)\n::error.yaml', 3)).toBe('https://github.com/o/r/blob/abc/designs/a%20b/%28x%29%0A%3A%3Aerror.yaml#L3');
  });
});

describe('shared Markdown helpers', () => {
  it('counts with the plural and groups thousands', () => {
    expect([plural(0, 'error'), plural(1, 'error'), plural(2, 'warning'), plural(1234, 'file')]).toEqual(['0 errors', '1 error', '2 warnings', '1,234 files']);
  });

  it('takes an irregular plural', () => {
    expect([plural(1, 'story', 'stories'), plural(2, 'story', 'stories'), plural(1500, 'entry', 'entries')]).toEqual(['1 story', '2 stories', '1,500 entries']);
  });

  it('marks a severity the same way in a table cell and a review comment', () => {
    expect(Object.values(severityIcon)).toEqual(['❌ error', '⚠️ warning', 'ℹ️ info']);
    expect((['error', 'warning', 'info'] as const).map(severityLabel)).toEqual(['❌ **error**', '⚠️ **warning**', 'ℹ️ **info**']);
  });

  it('gives a whole percentage, and a dash when there is nothing to count', () => {
    expect([pct(1, 3), pct(2, 3), pct(0, 0), pct(5, 5)]).toEqual(['33%', '67%', '-', '100%']);
  });

  it('renders the same escaped severity row in the markdown format and the pull request report', () => {
    const d: Diagnostic = { ruleId: 'x-rule', severity: 'warning', message: 'a | b @team <b>', file: 'p/a|b.yaml', range: { start: { line: 3, column: 5 }, end: { line: 3, column: 9 } }, fingerprint: 'f' };
    const row = findingRow(d);
    expect(row).toBe('| ⚠️ warning | p/a&#124;b.yaml:3:5 | a &#124; b @&#8203;team &lt;b&gt; | x-rule |');
    expect(markdown([d])).toContain(`${row}\n`);
    expect(findingRow(d, (file, line) => `https://x/${file}#L${line}`)).toBe('| ⚠️ warning | [p/a&#124;b.yaml:3:5](https://x/p/a|b.yaml#L3) | a &#124; b @&#8203;team &lt;b&gt; | x-rule |');
  });
});

describe('fail-on', () => {
  it('fails at the level and above, never at never', () => {
    const table = (['error', 'warning', 'info', 'never'] as const).map((level) => (['error', 'warning', 'info'] as const).filter((s) => failsAt(s, level)));
    expect(table).toEqual([['error'], ['error', 'warning'], ['error', 'warning', 'info'], []]);
  });
});
