import type { Diagnostic, Severity } from '@interop-design/core';
import { compareDiagnostics, countBySeverity } from '@interop-design/core';
import { printable } from '../escape.js';
import { pct, plural } from '../markdown/helpers.js';
import type { CoverageRow, Formatter } from '../types.js';

const ansi = { red: '\u001b[31m', yellow: '\u001b[33m', blue: '\u001b[34m', dim: '\u001b[2m', bold: '\u001b[1m', underline: '\u001b[4m', reset: '\u001b[0m' };
const label: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'info' };
const colorOf: Record<Severity, string> = { error: ansi.red, warning: ansi.yellow, info: ansi.blue };

/** Sample coverage as an aligned text table, one row per mapping. */
function coverageTable(rows: readonly CoverageRow[]): string {
  if (rows.length === 0) return 'No mapping names source samples.\n';
  const table = [['mapping', 'records', 'mapped paths found', 'sample keys mapped'], ...rows.map((r) => [r.mapping, String(r.records), `${r.paths.resolved}/${r.paths.total} (${pct(r.paths.resolved, r.paths.total)})`, `${r.sampleKeys.mapped}/${r.sampleKeys.total} (${pct(r.sampleKeys.mapped, r.sampleKeys.total)})`])];
  const widths = table[0]?.map((_, c) => Math.max(...table.map((row) => (row[c] ?? '').length))) ?? [];
  return table.map((row) => row.map((cell, c) => printable(cell).padEnd(widths[c] ?? 0)).join('  ').trimEnd()).join('\n') + '\n';
}

/** ESLint-style output: one block per file, `line:col  severity  message  rule-id`, then a total; then sample coverage when given. */
export const stylish: Formatter = (diagnostics, context = {}) => {
  const findings = stylishFindings(diagnostics, context);
  return context.coverage ? `${findings}\nSample coverage\n${coverageTable(context.coverage)}` : findings;
};

const stylishFindings: Formatter = (diagnostics, context = {}) => {
  const paint = (code: string, text: string): string => (context.color ? `${code}${text}${ansi.reset}` : text);
  const sorted = [...diagnostics].sort(compareDiagnostics);
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of sorted) {
    const list = byFile.get(d.file) ?? [];
    list.push(d);
    byFile.set(d.file, list);
  }
  const lines: string[] = [];
  for (const [file, list] of byFile) {
    lines.push('', paint(ansi.underline, printable(file)));
    const rows = list.map((d) => [`${d.range.start.line}:${d.range.start.column}`, label[d.severity], printable(d.message), d.ruleId, d.severity, d.related ?? []] as const);
    const w0 = rows.reduce((w, r) => Math.max(w, r[0].length), 0);
    const w1 = rows.reduce((w, r) => Math.max(w, r[1].length), 0);
    for (const [pos, sev, message, rule, severity, related] of rows) {
      lines.push(`  ${paint(ansi.dim, pos.padEnd(w0))}  ${paint(colorOf[severity], sev.padEnd(w1))}  ${message}  ${paint(ansi.dim, rule)}`);
      for (const r of related) lines.push(`  ${' '.repeat(w0)}  ${' '.repeat(w1)}  ${paint(ansi.dim, `↳ ${printable(r.file)}:${r.range.start.line}:${r.range.start.column}  ${printable(r.message)}`)}`);
    }
  }
  const counts = countBySeverity(diagnostics);
  const total = diagnostics.length;
  if (total === 0) {
    const files = context.fileCount === undefined ? '' : ` in ${plural(context.fileCount, 'file')}`;
    return `${paint(ansi.bold, `No problems found${files}.`)}\n`;
  }
  const mark = counts.error ? paint(ansi.red, '✖') : counts.warning ? paint(ansi.yellow, '⚠') : paint(ansi.blue, 'ℹ');
  lines.push('', `${mark} ${paint(ansi.bold, `${plural(total, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info)`)}`, '');
  return lines.join('\n');
};
