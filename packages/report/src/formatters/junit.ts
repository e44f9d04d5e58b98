import type { Diagnostic } from '@interop-design/core';
import { compareDiagnostics } from '@interop-design/core';
import { escapeXml } from '../escape.js';
import type { Formatter } from '../types.js';

/** Related locations (the sample value, the metadata field) by file, line and column: never their content. */
const related = (d: Diagnostic): string => (d.related ?? []).map((r) => `\n  see ${r.file}:${r.range.start.line}:${r.range.start.column}: ${r.message}`).join('');

/** JUnit XML: a test suite per file with findings, a failing test case per error or warning. */
export const junit: Formatter = (diagnostics) => {
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of [...diagnostics].sort(compareDiagnostics)) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  const suites = [...byFile].map(([file, list]) => {
    const failures = list.filter((d) => d.severity !== 'info').length;
    const cases = list.map((d) => {
      const name = escapeXml(`${d.ruleId} ${d.range.start.line}:${d.range.start.column}`);
      const body = d.severity === 'info' ? '' : `\n      <failure type="${d.severity}" message="${escapeXml(d.message)}">${escapeXml(`${file}:${d.range.start.line}:${d.range.start.column} ${d.message}${related(d)}`)}</failure>\n    `;
      return `    <testcase classname="${escapeXml(file)}" name="${name}">${body}</testcase>`;
    });
    return `  <testsuite name="${escapeXml(file)}" tests="${list.length}" failures="${failures}" errors="0">\n${cases.join('\n')}\n  </testsuite>`;
  });
  if (suites.length === 0) suites.push('  <testsuite name="interop-design" tests="1" failures="0" errors="0">\n    <testcase classname="interop-design" name="lint"></testcase>\n  </testsuite>');
  const failures = diagnostics.filter((d) => d.severity !== 'info').length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="interop-design" tests="${Math.max(1, diagnostics.length)}" failures="${failures}">\n${suites.join('\n')}\n</testsuites>\n`;
};
