import type { Diagnostic } from '@interop-design/core';
import { compareBySeverity, countBySeverity } from '@interop-design/core';
import type { ProjectDiff } from '@interop-design/diff';
import type { Flow } from '@interop-design/schema';
import { escapeMarkdown } from '../escape.js';
import { renderFlowMermaid } from '../mermaid.js';
import type { CoverageRow } from '../types.js';
import { Budget, blobUrl, code, coverageHeader, coverageRow, findingRow, findingsHeader, plural } from './helpers.js';
import { renderMetadataDiffMarkdown } from './metadata.js';
import type { ProjectMetadataDiff } from './metadata.js';
import { renderJobChanges } from './jobs.js';
import type { JobDiff } from './jobs.js';
import { renderDiffMarkdown } from './versions.js';

/** GitHub refuses comment bodies over 65,536 characters; ours stay well under. */
export const commentBudget = 60_000;
/** GitHub refuses a job summary over 1 MiB; characters are counted in UTF-8 bytes below. */
export const summaryBudget = 1024 * 1024 - 16 * 1024;

/** What the pull request report shows of one design project (the Action's analysis fits it). */
export interface ReportProject {
  dir: string;
  diff: ProjectDiff | undefined;
  /** Readiness of every mapping: which gate items are still open. */
  mappings: readonly { id: string; status: string; version: string; ready: boolean; items: readonly { ok: boolean; label: string }[] }[];
  /** Sample coverage rows. */
  coverage: readonly CoverageRow[];
  /** Where the lint configuration came from, and whether the pull request changes it. */
  config: 'base' | 'head' | 'head-new-project';
  configChanged: boolean;
  /** Disable directives the pull request adds (`line` is the directive's, 1-based; it covers the next line). */
  addedSuppressions: readonly { file: string; line: number; ruleIds: readonly string[] }[];
  changedFlows: readonly { id: string; file: string; flow: Flow }[];
  /** The manifest's systems, to title swim lanes. */
  systems: Record<string, { name?: string } | undefined>;
  /** What changed in the project's metadata files and the mappings it breaks; only when the pull request changes metadata. */
  metadataDiff?: ProjectMetadataDiff['changes'];
  /** Generated OpenFn jobs of ready mappings whose body the pull request changes. */
  jobChanges?: readonly JobDiff[];
}

export interface ReportAnalysis {
  projects: readonly ReportProject[];
  /** Every finding of every analysed project. */
  diagnostics: readonly Diagnostic[];
  /** Notes of the analysis (design text: escaped when shown). */
  notes: readonly string[];
}

export interface ReportInput {
  analysis: ReportAnalysis;
  /** The analysed commit. */
  commit: string | undefined;
  /** Run-level notes in Markdown (truncated file lists, a read-only token, annotations left out). */
  notes: readonly string[];
  runUrl: string | undefined;
  /** `https://github.com/owner/repo`, to link findings to their lines at the analysed commit. */
  repoUrl?: string;
  /** Fingerprints of findings the base commit already has: marked *existing*. */
  existing?: ReadonlySet<string>;
}

export interface ReportOptions {
  maxBytes: number;
  /** For the sticky comment: the rest of the report is in the job summary. */
  sticky: boolean;
  /** The hidden first line of a sticky comment. */
  marker?: string;
  maxFindingRows?: number;
}

/**
 * The report of one run as GitHub Markdown, for the sticky comment (`sticky`) or the job summary.
 * Every piece of design text is escaped; no sample value is ever part of a finding. Sections that
 * do not fit in the budget are cut with a count and, in the comment, a pointer to the summary.
 */
export function renderReport(input: ReportInput, options: ReportOptions): string {
  const { analysis } = input;
  const counts = countBySeverity(analysis.diagnostics);
  // Room kept for the closing "more in the job summary" lines.
  const out = new Budget(options.maxBytes - 600);
  const elsewhere = options.sticky ? (input.runUrl ? `in the [job summary](${input.runUrl})` : 'in the job summary') : 'in the output of `interop-design lint` run locally (or the `sarif-file`)';
  const cut: string[] = [];

  if (options.sticky && options.marker) out.add(`${options.marker}\n`);
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
    if (out.add(`### Findings\n\n${findingsHeader}`)) {
      // The later sections need room too: findings take at most 60% of what is left.
      const reserve = Math.floor(out.left * 0.4);
      for (; shown < limit; shown++) {
        const d = rows[shown] as Diagnostic;
        const row = `${findingRow(d, link, input.existing?.has(d.fingerprint) ? 'existing' : undefined)}\n`;
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

  // Metadata changes, when the pull request changes metadata files.
  const metadata = analysis.projects.flatMap((p) => (p.metadataDiff ? [{ dir: p.dir, changes: p.metadataDiff }] : []));
  if (metadata.length) {
    const repoUrl = input.repoUrl;
    const commit = input.commit;
    const text = renderMetadataDiffMarkdown(metadata, { maxChars: Math.max(0, Math.min(Math.floor(out.left * 0.5), options.maxBytes)), overflowNote: `see ${elsewhere}`, ...(repoUrl && commit ? { link: (file: string, line: number) => blobUrl(repoUrl, commit, file, line) } : {}) });
    if (!out.add(`${text}\n`)) cut.push('the metadata changes');
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
    out.add(`### Sample coverage\n\n${coverageHeader}`);
    let shown = 0;
    for (const r of coverage) {
      if (!out.add(`${coverageRow(r)}\n`)) break;
      shown++;
    }
    out.add('\n');
    if (shown < coverage.length) cut.push(plural(coverage.length - shown, 'coverage row'));
  }

  // Generated OpenFn jobs of ready mappings the pull request changes: what the jobs' authors must update.
  const jobs = analysis.projects.flatMap((p) => (p.jobChanges ?? []).map((c) => ({ ...c, project: p.dir })));
  if (jobs.length) {
    const section = renderJobChanges(jobs, { maxBytes: Math.floor(out.left * (options.sticky ? 0.5 : 0.8)) });
    out.add(section.text);
    if (section.shown < jobs.length) cut.push(plural(jobs.length - section.shown, 'changed OpenFn job'));
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
