import { compareDiagnostics, countBySeverity } from '@interop-design/core';
import { coverageHeader, coverageRow, findingRow, findingsHeader, plural } from '../markdown/helpers.js';
import type { Formatter } from '../types.js';

/** A Markdown table of findings, every cell escaped so design text cannot add HTML, mentions or rows; then sample coverage when given. */
export const markdown: Formatter = (diagnostics, context = {}) => {
  const findings = markdownFindings(diagnostics, context);
  if (!context.coverage) return findings;
  const rows = context.coverage.length ? `${coverageHeader}${context.coverage.map((r) => `${coverageRow(r)}\n`).join('')}` : 'No mapping names source samples.\n';
  return `${findings}\n### Sample coverage\n\n${rows}`;
};

const markdownFindings: Formatter = (diagnostics, context = {}) => {
  const counts = countBySeverity(diagnostics);
  if (diagnostics.length === 0) return `**interop-design**: no problems found${context.fileCount === undefined ? '' : ` in ${plural(context.fileCount, 'file')}`}.\n`;
  const rows = [...diagnostics].sort(compareDiagnostics).map((d) => findingRow(d));
  return `**interop-design**: ${counts.error} errors, ${counts.warning} warnings, ${counts.info} info\n\n${findingsHeader}${rows.join('\n')}\n`;
};
