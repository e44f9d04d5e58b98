import type { Severity } from '@interop-design/core';
import { compareDiagnostics, countBySeverity } from '@interop-design/core';
import { escapeMarkdown } from '../escape.js';
import type { Formatter } from '../types.js';

const icon: Record<Severity, string> = { error: '❌ error', warning: '⚠️ warning', info: 'ℹ️ info' };

/** A Markdown table of findings, every cell escaped so design text cannot add HTML, mentions or rows. */
export const markdown: Formatter = (diagnostics, context = {}) => {
  const counts = countBySeverity(diagnostics);
  if (diagnostics.length === 0) return `**interop-design**: no problems found${context.fileCount === undefined ? '' : ` in ${context.fileCount} files`}.\n`;
  const rows = [...diagnostics]
    .sort(compareDiagnostics)
    .map((d) => {
      const related = (d.related ?? []).map((r) => ` (see ${escapeMarkdown(r.file)}:${r.range.start.line}:${r.range.start.column}: ${escapeMarkdown(r.message)})`).join('');
      return `| ${icon[d.severity]} | ${escapeMarkdown(d.file)}:${d.range.start.line}:${d.range.start.column} | ${escapeMarkdown(d.message)}${related} | ${escapeMarkdown(d.ruleId)} |`;
    });
  return [`**interop-design**: ${counts.error} errors, ${counts.warning} warnings, ${counts.info} info`, '', '| Severity | Where | Finding | Rule |', '| --- | --- | --- | --- |', ...rows, ''].join('\n');
};
