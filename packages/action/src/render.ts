import type { Diagnostic, Severity } from '@interop-design/core';
import { compareBySeverity, countBySeverity } from '@interop-design/core';
import { renderDiffMarkdown } from '@interop-design/diff';
import { escapeMarkdown, renderFlowMermaid } from '@interop-design/report';
import type { Analysis } from './analyse.js';

/** The hidden first line of the sticky comment; the action edits only comments that start with it. */
export const stickyMarker = '<!-- interop-design:sticky -->';

/** GitHub refuses comment bodies over 65,536 characters; ours stay well under. */
export const commentBudget = 60_000;
/** GitHub refuses a job summary over 1 MiB; characters are counted in UTF-8 bytes below. */
export const summaryBudget = 1024 * 1024 - 16 * 1024;

export interface ReportInput {
  analysis: Analysis;
  /** The analysed commit. */
  commit: string | undefined;
  /** Run-level notes (truncated file lists, a read-only token, annotations left out). */
  notes: readonly string[];
  runUrl: string | undefined;
  /** `https://github.com/owner/repo`, to link findings to their lines at the analysed commit. */
  repoUrl?: string;
}

const icon: Record<Severity, string> = { error: '❌ error', warning: '⚠️ warning', info: 'ℹ️ info' };

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
}

function code(text: string): string {
  return `<code>${escapeMarkdown(text)}</code>`;
}

/** A link to a line of a file at a commit on GitHub; every path segment percent-encoded, parentheses too. */
export function blobUrl(base: string, commit: string, file: string, line: number): string {
  const encoded = file
    .split('/')
    .map((part) => encodeURIComponent(part).replace(/[()'!*]/gu, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
  return `${base}/blob/${commit}/${encoded}#L${line}`;
}

function findingRow(d: Diagnostic, link: ((file: string, line: number) => string) | undefined): string {
  const where = `${escapeMarkdown(d.file)}:${d.range.start.line}:${d.range.start.column}`;
  return `| ${icon[d.severity]} | ${link ? `[${where}](${link(d.file, d.range.start.line)})` : where} | ${escapeMarkdown(d.message)} | ${escapeMarkdown(d.ruleId)} |`;
}

function pct(n: number, d: number): string {
  return d === 0 ? '-' : `${Math.round((100 * n) / d)}%`;
}

/** Appends blocks while they fit in a budget of UTF-8 bytes, and counts what did not. */
class Budget {
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

/**
 * The report of one run as GitHub Markdown, for the sticky comment (`sticky`) or the job summary.
 * Every piece of design text is escaped; no sample value is ever part of a finding. Sections that
 * do not fit in the budget are cut with a count and, in the comment, a pointer to the summary.
 */
export function renderReport(input: ReportInput, options: { maxBytes: number; sticky: boolean; maxFindingRows?: number }): string {
  const { analysis } = input;
  const counts = countBySeverity(analysis.diagnostics);
  // Room kept for the closing "more in the job summary" lines.
  const out = new Budget(options.maxBytes - 600);
  const elsewhere = options.sticky ? (input.runUrl ? `in the [job summary](${input.runUrl})` : 'in the job summary') : 'in the output of `interop-design lint` run locally (or the `sarif-file`)';
  const cut: string[] = [];

  if (options.sticky) out.add(`${stickyMarker}\n`);
  const status = counts.error ? '❌' : counts.warning ? '⚠️' : '✅';
  const at = input.commit ? ` at ${input.commit.slice(0, 7)}` : '';
  out.add(`## interop-design\n\n${status} **${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info.toLocaleString('en')} info** in ${plural(analysis.projects.length, 'design project')}${at}.\n\n`);

  const notes = [...input.notes, ...analysis.notes.map(escapeMarkdown)];
  for (const p of analysis.projects) {
    if (p.configChanged && p.config === 'base') notes.push(`This pull request changes the lint configuration of ${code(p.dir || '.')}: this run used the base commit's configuration. The new one applies once merged.`);
    else if (p.configChanged) notes.push(`This pull request changes the lint configuration of ${code(p.dir || '.')}, and this run used it (\`config-from: head\`).`);
    if (p.addedSuppressions.length) {
      const listed = p.addedSuppressions.slice(0, 10).map((x) => `${code(`${x.file}:${x.line + 1}`)} (${x.ruleIds.map(code).join(', ') || 'no rule'})`);
      notes.push(`This pull request adds ${plural(p.addedSuppressions.length, 'disable directive')}, silencing findings on the next line: ${listed.join('; ')}${p.addedSuppressions.length > 10 ? '; …' : ''}. Built-in checks are never silenced.`);
    }
    if (p.config === 'head-new-project') notes.push(`${code(p.dir || '.')} is new in this pull request: its own lint configuration was used.`);
  }
  if (analysis.projects.length === 0) notes.push('No design project is touched by this pull request.');
  if (notes.length) out.add(notes.map((n) => `> ${n}\n>\n`).join('').replace(/>\n$/u, '') + '\n');

  // Findings, the most severe first.
  if (analysis.diagnostics.length) {
    const rows = [...analysis.diagnostics].sort(compareBySeverity);
    const repoUrl = input.repoUrl;
    const commit = input.commit;
    const link = repoUrl && commit ? (file: string, line: number) => blobUrl(repoUrl, commit, file, line) : undefined;
    const limit = Math.min(rows.length, options.maxFindingRows ?? rows.length);
    let shown = 0;
    if (out.add('### Findings\n\n| Severity | Where | Finding | Rule |\n| --- | --- | --- | --- |\n')) {
      // The later sections need room too: findings take at most 60% of what is left.
      const reserve = Math.floor(out.left * 0.4);
      for (; shown < limit; shown++) {
        const row = `${findingRow(rows[shown] as Diagnostic, link)}\n`;
        if (Buffer.byteLength(row) > out.left - reserve || !out.add(row)) break;
      }
    }
    out.add('\n');
    if (shown < rows.length) cut.push(`${plural(rows.length - shown, 'finding')} not listed here`);
  }

  // Mapping versions.
  const diffs = analysis.projects.flatMap((p) => (p.diff ? [p.diff] : []));
  if (diffs.length) {
    const text = renderDiffMarkdown(diffs, { maxChars: Math.max(0, Math.min(Math.floor(out.left * 0.6), options.maxBytes)), overflowNote: `see ${elsewhere}` });
    if (!out.add(`${text}\n`)) cut.push('the mapping versions');
  }

  // Readiness of every mapping in the touched projects.
  const mappings = analysis.projects.flatMap((p) => p.mappings);
  if (mappings.length) {
    out.add('### Readiness for job-writing\n\n| Mapping | Status | Version | Ready | Still needed |\n| --- | --- | --- | --- | --- |\n');
    let shown = 0;
    for (const m of mappings) {
      const open = m.items.filter((i) => !i.ok).map((i) => escapeMarkdown(i.label));
      if (!out.add(`| ${escapeMarkdown(m.id)} | ${escapeMarkdown(m.status)} | ${escapeMarkdown(m.version)} | ${m.ready ? '✅' : '—'} | ${open.join('; ') || '—'} |\n`)) break;
      shown++;
    }
    out.add('\n');
    if (shown < mappings.length) cut.push(`${plural(mappings.length - shown, 'mapping')} in the readiness table`);
  }

  // Sample coverage.
  const coverage = analysis.projects.flatMap((p) => p.coverage);
  if (coverage.length) {
    out.add('### Sample coverage\n\n| Mapping | Sample | Records | Mapped paths found | Sample keys mapped |\n| --- | --- | --- | --- | --- |\n');
    let shown = 0;
    for (const r of coverage) {
      if (!out.add(`| ${escapeMarkdown(r.mapping)} | ${escapeMarkdown(r.file)} | ${r.records.toLocaleString('en')} | ${r.paths.resolved}/${r.paths.total} (${pct(r.paths.resolved, r.paths.total)}) | ${r.sampleKeys.mapped}/${r.sampleKeys.total} (${pct(r.sampleKeys.mapped, r.sampleKeys.total)}) |\n`)) break;
      shown++;
    }
    out.add('\n');
    if (shown < coverage.length) cut.push(plural(coverage.length - shown, 'coverage row'));
  }

  // Diagrams of the flows the PR changed, folded.
  const flows = analysis.projects.flatMap((p) => p.changedFlows.map((f) => ({ ...f, systems: p.systems })));
  let drawn = 0;
  for (const f of flows) {
    const diagram = renderFlowMermaid(f.flow, f.systems);
    if (!out.add(`<details><summary>Flow ${code(f.id)} (${escapeMarkdown(f.file)})</summary>\n\n\`\`\`mermaid\n${diagram}\`\`\`\n\n</details>\n\n`)) break;
    drawn++;
  }
  if (drawn < flows.length) cut.push(plural(flows.length - drawn, 'flow diagram'));

  let text = out.toString();
  if (cut.length) text += `\n_Not shown for length: ${cut.join(', ')}. The full report is ${elsewhere}._\n`;
  return text;
}
