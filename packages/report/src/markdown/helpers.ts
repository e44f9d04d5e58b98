import type { Diagnostic, Severity } from '@interop-design/core';
import { escapeMarkdown } from '../escape.js';
import type { CoverageRow } from '../types.js';

/** `3 errors`, `1 error`, `1,234 files`, `2 stories`: the count grouped in thousands, the word in the plural (`many`, by default with an s) unless one. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? word : many}`;
}

/** A share as a whole percentage, `-` when there is nothing to share. */
export function pct(n: number, d: number): string {
  return d === 0 ? '-' : `${Math.round((100 * n) / d)}%`;
}

/** Inline code for design text, escaped so it can hold no HTML, mention or table cell break. */
export function code(text: string): string {
  return `<code>${escapeMarkdown(text)}</code>`;
}

const severityMark: Readonly<Record<Severity, string>> = { error: '❌', warning: '⚠️', info: 'ℹ️' };

/** The severity cell of a findings table. */
export const severityIcon: Readonly<Record<Severity, string>> = { error: `${severityMark.error} error`, warning: `${severityMark.warning} warning`, info: `${severityMark.info} info` };

/** The severity as a review comment opens with it: the mark, the word in bold. */
export function severityLabel(severity: Severity): string {
  return `${severityMark[severity]} **${severity}**`;
}

/** The header of every findings table. */
export const findingsHeader = '| Severity | Where | Finding | Rule |\n| --- | --- | --- | --- |\n';

/** One row of a findings table, every cell escaped; `link` makes the place a link to the line, `tag` (ours, not design text) prefixes the finding. */
export function findingRow(d: Diagnostic, link?: (file: string, line: number) => string, tag?: 'existing'): string {
  const where = `${escapeMarkdown(d.file)}:${d.range.start.line}:${d.range.start.column}`;
  // The related location of a sample finding: the sample line, never its value.
  const related = (d.related ?? []).map((r) => {
    const at = `${escapeMarkdown(r.file)}:${r.range.start.line}:${r.range.start.column}`;
    return ` (see ${link ? `[${at}](${link(r.file, r.range.start.line)})` : at}: ${escapeMarkdown(r.message)})`;
  });
  return `| ${severityIcon[d.severity]} | ${link ? `[${where}](${link(d.file, d.range.start.line)})` : where} | ${tag ? `*${tag}*: ` : ''}${escapeMarkdown(d.message)}${related.join('')} | ${escapeMarkdown(d.ruleId)} |`;
}

/** The header of every sample coverage table. */
export const coverageHeader = '| Mapping | Sample | Records | Mapped paths found | Sample keys mapped |\n| --- | --- | --- | --- | --- |\n';

/** One row of a sample coverage table, design text escaped. */
export function coverageRow(r: CoverageRow): string {
  return `| ${escapeMarkdown(r.mapping)} | ${escapeMarkdown(r.file)} | ${r.records.toLocaleString('en')} | ${r.paths.resolved}/${r.paths.total} (${pct(r.paths.resolved, r.paths.total)}) | ${r.sampleKeys.mapped}/${r.sampleKeys.total} (${pct(r.sampleKeys.mapped, r.sampleKeys.total)}) |`;
}

/** A link to a line of a file at a commit on GitHub; every path segment percent-encoded, parentheses too. */
export function blobUrl(base: string, commit: string, file: string, line: number): string {
  const encoded = file
    .split('/')
    .map((part) => encodeURIComponent(part).replace(/[()'!*]/gu, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
  return `${base}/blob/${commit}/${encoded}#L${line}`;
}

/** Appends blocks while they fit in a budget of UTF-8 bytes. */
export class Budget {
  private parts: string[] = [];
  private used = 0;
  constructor(private readonly max: number) {}
  get left(): number {
    return this.max - this.used;
  }
  add(text: string): boolean {
    const size = Buffer.byteLength(text, 'utf8');
    if (size > this.left) return false;
    this.parts.push(text);
    this.used += size;
    return true;
  }
  toString(): string {
    return this.parts.join('');
  }
}
