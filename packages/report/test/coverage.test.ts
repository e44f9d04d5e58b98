import type { Diagnostic } from '@interop-design/core';
import { describe, expect, it } from 'vitest';
import { formatters } from '../src/index.js';
import type { CoverageRow } from '../src/index.js';

const d: Diagnostic = { ruleId: 'sample-type', severity: 'warning', message: 'm', file: 'p/a.yaml', range: { start: { line: 2, column: 3 }, end: { line: 2, column: 4 } }, fingerprint: 'f' };
const row: CoverageRow = { project: 'p', sampleKeys: { total: 4, mapped: 1 }, paths: { total: 3, resolved: 2 }, records: 1234, file: 'sampleData/a|b.json', mapping: 'm<x>' };

describe('sample coverage in the formatters', () => {
  it('is a JSON member and SARIF run property in a stable key order, and absent when not given', () => {
    const json = JSON.parse(formatters.json([d], { coverage: [row] })) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['version', 'summary', 'diagnostics', 'coverage']);
    expect(JSON.stringify(json.coverage)).toBe('[{"mapping":"m<x>","file":"sampleData/a|b.json","records":1234,"paths":{"resolved":2,"total":3},"sampleKeys":{"mapped":1,"total":4},"project":"p"}]');
    expect(JSON.parse(formatters.json([d]))).not.toHaveProperty('coverage');
    const sarif = JSON.parse(formatters.sarif([d], { coverage: [row] })) as { runs: { properties?: { coverage: unknown } }[] };
    expect(sarif.runs[0]?.properties?.coverage).toEqual(json.coverage);
    expect((JSON.parse(formatters.sarif([d])) as { runs: object[] }).runs[0]).not.toHaveProperty('properties');
  });

  it('is a table after the findings in stylish and Markdown, design text escaped, and nothing in JUnit and GitHub annotations', () => {
    expect(formatters.stylish([d], { coverage: [row] })).toMatch(/\n\nSample coverage\nmapping {2}records {2}mapped paths found {2}sample keys mapped\nm<x> {5}1234 {5}2\/3 \(67%\) {11}1\/4 \(25%\)\n$/u);
    expect(formatters.stylish([], { coverage: [] })).toBe('No problems found.\n\nSample coverage\nNo mapping names source samples.\n');
    expect(formatters.markdown([d], { coverage: [row] })).toMatch(/\n### Sample coverage\n\n\| Mapping \| Sample \| Records \| Mapped paths found \| Sample keys mapped \|\n\| --- \| --- \| --- \| --- \| --- \|\n\| m&lt;x&gt; \| sampleData\/a&#124;b\.json \| 1,234 \| 2\/3 \(67%\) \| 1\/4 \(25%\) \|\n$/u);
    expect(formatters.stylish([d])).not.toContain('Sample coverage');
    expect(formatters.junit([d], { coverage: [row] })).toBe(formatters.junit([d]));
    expect(formatters.github([d], { coverage: [row] })).toBe(formatters.github([d]));
  });
});
