import { compareDiagnostics, countBySeverity } from '@interop-design/core';
import { findingRow, findingsHeader } from '../markdown/helpers.js';
import type { Formatter } from '../types.js';

/** A Markdown table of findings, every cell escaped so design text cannot add HTML, mentions or rows. */
export const markdown: Formatter = (diagnostics, context = {}) => {
  const counts = countBySeverity(diagnostics);
  if (diagnostics.length === 0) return `**interop-design**: no problems found${context.fileCount === undefined ? '' : ` in ${context.fileCount} files`}.\n`;
  const rows = [...diagnostics].sort(compareDiagnostics).map((d) => findingRow(d));
  return `**interop-design**: ${counts.error} errors, ${counts.warning} warnings, ${counts.info} info\n\n${findingsHeader}${rows.join('\n')}\n`;
};
