import type { Criticality, MappingDiff, ProjectDiff, Verdict } from '@interop-design/diff';
import { escapeMarkdown } from '../escape.js';
import { plural } from './helpers.js';

const verdictText: Record<Verdict, string> = {
  ok: '✅ ok',
  'not-bumped': '❌ not bumped',
  'bump-too-small': '❌ bump too small',
  'version-went-down': '❌ version went down',
  'no-changelog-entry': '❌ no changelog entry',
  'bumped-without-change': 'ℹ️ bumped without change',
  added: '🆕 added',
  removed: '🗑️ removed',
  'invalid-version': '❌ invalid version',
};

const classTitle: Record<Criticality, string> = { breaking: 'Breaking', additive: 'Additive', editorial: 'Editorial' };

export interface VersionsMarkdownOptions {
  /** Hard limit on the output, in characters (default 60,000, under GitHub's 65,536 for a comment). */
  maxChars?: number;
  /** Show unchanged mappings in the table too. */
  showUnchanged?: boolean;
  /** What to say about the rest when the budget runs out. */
  overflowNote?: string;
}

function version(m: MappingDiff): string {
  const b = m.baseVersion === undefined ? '' : escapeMarkdown(m.baseVersion);
  const h = m.headVersion === undefined ? '' : escapeMarkdown(m.headVersion);
  if (m.status === 'added') return h;
  if (m.status === 'removed') return `~~${b}~~`;
  return b === h ? b : `${b} → ${h}`;
}

function verdictCell(m: MappingDiff): string {
  const needs = m.verdict === 'bump-too-small' || m.verdict === 'not-bumped' ? ` (needs ${m.required})` : '';
  return `${verdictText[m.verdict]}${needs}`;
}

function details(m: MappingDiff): string {
  const lines: string[] = [];
  for (const cls of ['breaking', 'additive', 'editorial'] as const) {
    const list = m.changes.filter((c) => c.criticality === cls);
    if (!list.length) continue;
    lines.push(`**${classTitle[cls]}**`, '');
    for (const c of list) lines.push(`- ${c.field ? `${escapeMarkdown(c.field)}: ` : ''}${escapeMarkdown(c.message)}`);
    lines.push('');
  }
  if (m.needsDiscussion.length) lines.push(`**Needs discussion:** ${m.needsDiscussion.map(escapeMarkdown).join(', ')}`, '');
  const body = lines.join('\n');
  const summary = `${escapeMarkdown(m.id)}: ${plural(m.changes.length, 'change')}`;
  // Short lists stay open; long ones fold.
  return m.changes.length <= 5 ? `#### ${summary}\n\n${body}` : `<details><summary>${summary}</summary>\n\n${body}\n</details>\n`;
}

/**
 * The mapping-versions summary for a pull request: one table for every changed mapping, then the
 * changes of each, folded when long. Never longer than `maxChars`: what does not fit is counted.
 */
export function renderDiffMarkdown(diffs: readonly ProjectDiff[], options: VersionsMarkdownOptions = {}): string {
  const max = options.maxChars ?? 60_000;
  const all = diffs.flatMap((d) => d.mappings).filter((m) => options.showUnchanged || m.status !== 'unchanged');
  if (all.length === 0) return '### Mapping versions\n\nNo mapping changed.\n';
  const header = ['### Mapping versions', '', '| Mapping | Version | Verdict | Breaking | Additive | Editorial |', '| --- | --- | --- | --- | --- | --- |'];
  const rows = all.map((m) => `| ${escapeMarkdown(m.id)} | ${version(m)} | ${verdictCell(m)} | ${m.counts.breaking} | ${m.counts.additive} | ${m.counts.editorial} |`);
  const note = (n: number, what: string) => `\n_${n} more ${what} not shown${options.overflowNote ? `: ${options.overflowNote}` : ''}._\n`;
  const reserve = 200;
  let out = header.join('\n') + '\n';
  let shownRows = 0;
  for (const row of rows) {
    if (out.length + row.length + 1 > max - reserve) break;
    out += row + '\n';
    shownRows++;
  }
  if (shownRows < rows.length) return out + note(rows.length - shownRows, 'mappings');
  out += '\n';
  let shownDetails = 0;
  const withChanges = all.filter((m) => m.changes.length || m.needsDiscussion.length);
  for (const m of withChanges) {
    const block = details(m) + '\n';
    if (out.length + block.length > max - reserve) break;
    out += block;
    shownDetails++;
  }
  if (shownDetails < withChanges.length) out += note(withChanges.length - shownDetails, 'change lists');
  return out;
}
