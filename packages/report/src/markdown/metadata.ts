import type { BreakReason, BrokenMapping, MetadataChange, MetadataChangeKind } from '@interop-design/metadata';
import { escapeMarkdown, printable } from '../escape.js';
import { code, plural } from './helpers.js';

/** The metadata changes of one design project, between the base and head commits. */
export interface ProjectMetadataDiff {
  dir: string;
  changes: readonly MetadataChange[];
}

export interface MetadataDiffOptions {
  /** Hard limit on the Markdown, in characters (default 60,000). */
  maxChars?: number;
  /** What to say about the rest when the budget runs out. */
  overflowNote?: string;
  /** Links a file line (a mapping's, or the metadata's) to the analysed commit. */
  link?: (file: string, line: number) => string;
}

/** Section titles, breaking kinds first; additions fold. */
const sections: readonly { kinds: readonly MetadataChangeKind[]; title: string; folded?: boolean }[] = [
  { kinds: ['choice-removed'], title: 'Removed picklist values and option codes' },
  { kinds: ['field-removed'], title: 'Removed fields' },
  { kinds: ['type-changed'], title: 'Changed field types' },
  { kinds: ['resource-removed'], title: 'Removed resources' },
  { kinds: ['field-added', 'choice-added', 'resource-added'], title: 'Added', folded: true },
];

const reasonText: Record<BreakReason, string> = {
  'uses-removed-field': 'uses the removed field',
  'names-removed-resource': 'names the removed resource',
  'writes-removed-value': 'writes the removed value',
  'reads-removed-value': 'reads the removed value',
  'type-no-longer-fits': 'declares a type the field no longer takes',
  'misses-new-required-field': 'does not produce the new required field',
};

/** What a change is about, in words: `Patient__c.Gender__c`, the option set `pC3N9N77UmT`. */
function subject(c: MetadataChange, quote: (s: string) => string): string {
  if (c.choiceSet !== undefined) return `option set ${quote(c.choiceSet)}`;
  if (c.field !== undefined) return quote(c.resource !== undefined ? `${c.resource}.${c.field}` : c.field);
  return quote(c.resource ?? '');
}

/** One change as a sentence (design and metadata text passed through `quote`, which escapes it). */
function sentence(c: MetadataChange, quote: (s: string) => string): string {
  switch (c.kind) {
    case 'choice-removed':
      return `${quote(c.value ?? '')} ${c.deactivated ? 'made inactive in' : 'removed from'} ${subject(c, quote)}`;
    case 'choice-added':
      return `${quote(c.value ?? '')} added to ${subject(c, quote)}`;
    case 'field-removed':
      return `${subject(c, quote)} removed`;
    case 'field-added':
      return `${subject(c, quote)} added${c.required ? ' (required)' : ''}`;
    case 'type-changed':
      return `${subject(c, quote)}: ${quote(c.from ?? '')} → ${quote(c.to ?? '')}`;
    case 'resource-removed':
      return `${subject(c, quote)} removed`;
    case 'resource-added':
      return `${subject(c, quote)} added`;
  }
}

function breakText(b: BrokenMapping, quote: (s: string) => string, place: string): string {
  const declared = b.declaredType !== undefined ? ` (${quote(b.declaredType)})` : '';
  return `${quote(b.mapping)} ${b.side} ${quote(b.field)}${declared} ${reasonText[b.reason]}, at ${place}`;
}

const mdQuote = (s: string): string => code(s);

function mdPlace(file: string, line: number, column: number | undefined, link: MetadataDiffOptions['link']): string {
  const at = `${escapeMarkdown(file)}:${line}${column === undefined ? '' : `:${column}`}`;
  return link ? `[${at}](${link(file, line)})` : at;
}

/** How many distinct mappings the changes break. */
function brokenCount(changes: readonly MetadataChange[]): number {
  return new Set(changes.flatMap((c) => c.breaks.map((b) => b.mapping))).size;
}

/**
 * The metadata-changes section of a pull request report (and of `metadata diff --format
 * markdown`): per project, one table per kind of change, breaking kinds first, each change with
 * the mappings it breaks and where. Additions fold. Never longer than `maxChars`.
 */
export function renderMetadataDiffMarkdown(projects: readonly ProjectMetadataDiff[], options: MetadataDiffOptions = {}): string {
  const max = options.maxChars ?? 60_000;
  const withChanges = projects.filter((p) => p.changes.length);
  if (!withChanges.length) return '### Metadata changes\n\nNo field, type, picklist value or option code changed.\n';
  const reserve = 200;
  let out = '### Metadata changes\n\n';
  let left = 0;
  for (const p of withChanges) {
    const broken = brokenCount(p.changes);
    const head = `**${escapeMarkdown(p.dir || '.')}**: ${plural(p.changes.length, 'change')}${broken ? `, breaking ${plural(broken, 'mapping')}` : ', breaking no mapping'}.\n\n`;
    if (out.length + head.length > max - reserve) {
      left += p.changes.length;
      continue;
    }
    out += head;
    for (const s of sections) {
      const list = p.changes.filter((c) => s.kinds.includes(c.kind));
      if (!list.length) continue;
      let block = `${s.folded ? `<details><summary>${s.title} (${list.length})</summary>\n\n` : `#### ${s.title}\n\n`}| System | Change | Metadata | Mappings it breaks |\n| --- | --- | --- | --- |\n`;
      let shown = 0;
      for (const c of list) {
        const breaks = c.breaks.map((b) => breakText(b, mdQuote, mdPlace(b.file, b.line, b.column, options.link))).join('<br>') || '—';
        // A removal is placed in the base commit's file, which the head commit's links do not show.
        const row = `| ${escapeMarkdown(c.system)} | ${sentence(c, mdQuote)} | ${mdPlace(c.at.file, c.at.line, undefined, c.kind.endsWith('-removed') ? undefined : options.link)}${c.kind.endsWith('-removed') ? ' (base)' : ''} | ${breaks} |\n`;
        if (out.length + block.length + row.length > max - reserve) break;
        block += row;
        shown++;
      }
      if (shown === 0) {
        left += list.length;
        continue;
      }
      out += `${block}${s.folded ? '\n</details>\n' : ''}\n`;
      left += list.length - shown;
    }
  }
  if (left) out += `\n_${plural(left, 'more metadata change')} not shown${options.overflowNote ? `: ${options.overflowNote}` : ''}._\n`;
  return out;
}

/** The same as plain text for a terminal: control and invisible characters shown inert. */
export function renderMetadataDiffText(projects: readonly ProjectMetadataDiff[]): string {
  const quote = (s: string): string => `"${printable(s)}"`;
  const lines: string[] = [];
  let total = 0;
  for (const p of projects) {
    if (!p.changes.length) continue;
    total += p.changes.length;
    lines.push(printable(p.dir || '.'));
    for (const s of sections) for (const c of p.changes.filter((x) => s.kinds.includes(x.kind))) {
      lines.push(`  ${printable(c.system)}: ${sentence(c, quote)}  (${printable(c.at.file)}:${c.at.line})`);
      for (const b of c.breaks) lines.push(`    breaks ${breakText(b, quote, `${printable(b.file)}:${b.line}:${b.column}`)}`);
    }
    lines.push('');
  }
  const broken = new Set(projects.flatMap((p) => p.changes.flatMap((c) => c.breaks.map((b) => `${p.dir}\u0000${b.mapping}`)))).size;
  lines.push(total ? `${plural(total, 'metadata change')}, breaking ${plural(broken, 'mapping')}` : 'No field, type, picklist value or option code changed.');
  return lines.join('\n') + '\n';
}
