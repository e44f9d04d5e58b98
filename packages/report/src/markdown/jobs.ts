import { fenceFor, printable } from '../escape.js';
import { code, plural } from './helpers.js';

/** One generated OpenFn job whose body a pull request changes (`@interop-design/openfn`'s `JobChange` fits it). */
export interface JobDiff {
  workflow: string;
  job: string;
  /** The mapping the job applies. */
  mapping?: string;
  kind: 'added' | 'removed' | 'changed';
  /** `+`, `-` or ` ` then a line of the job body; `…` lines mark a gap or the cut. */
  diff: readonly string[];
  /** Lines of the diff left out (the diff was cut). */
  omitted?: number;
}

export interface JobsMarkdownOptions {
  /** Budget in UTF-8 bytes; jobs that do not fit are counted, not shown. */
  maxBytes: number;
}

/**
 * The "Generated OpenFn jobs" section of a pull request report: per job, a `diff` fence of its
 * generated body (fenced longer than any backtick run in it, every invisible character escaped),
 * and a note when the diff was cut. Job bodies are generated from the design files only, never
 * from sample records. Empty text when there is no change.
 */
export function renderJobChanges(changes: readonly (JobDiff & { project: string })[], options: JobsMarkdownOptions): { text: string; shown: number } {
  if (changes.length === 0) return { text: '', shown: 0 };
  const head = `### Generated OpenFn jobs\n\nThis pull request changes what \`interop-design export openfn\` generates for ${plural(changes.length, 'job')} of ready mappings: update the jobs written from them.\n\n`;
  const parts: string[] = [head];
  let used = Buffer.byteLength(head, 'utf8');
  let shown = 0;
  const open = changes.length <= 3 ? ' open' : '';
  for (const c of changes) {
    const what = c.kind === 'added' ? 'new job' : c.kind === 'removed' ? 'no longer generated' : 'changed';
    const title = `${code(`${c.workflow}/${c.job}`)}${c.mapping ? ` (mapping ${code(c.mapping)})` : ''} in ${code(c.project || '.')}: ${what}`;
    let block: string;
    if (c.diff.length === 0) block = `- ${title}\n\n`;
    else {
      const body = c.diff.map(printable).join('\n');
      const fence = fenceFor(body);
      const cut = c.omitted ? `_The diff is cut: ${plural(c.omitted, 'more line')} not shown. \`interop-design export openfn\` writes the whole job._\n\n` : '';
      block = `<details${open}><summary>${title}</summary>\n\n${fence}diff\n${body}\n${fence}\n\n${cut}</details>\n\n`;
    }
    const size = Buffer.byteLength(block, 'utf8');
    if (used + size > options.maxBytes) break;
    parts.push(block);
    used += size;
    shown++;
  }
  if (shown === 0) return { text: '', shown: 0 };
  return { text: parts.join(''), shown };
}
