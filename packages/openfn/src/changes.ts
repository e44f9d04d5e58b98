import type { ExportResult } from './export.js';

/** How a generated job differs between two versions of a design. */
export interface JobChange {
  workflow: string;
  job: string;
  /** The mapping the job applies (head's, else base's). */
  mapping?: string;
  kind: 'added' | 'removed' | 'changed';
  /** Changed lines with up to 2 lines of context: `+`, `-` or ` ` then the line; `…` marks a gap or a cut. */
  diff: string[];
  /** Lines of the diff left out past `maxLines` (the last line of `diff` then says how many). */
  omitted?: number;
}

/** The body without the generated-marker line (its hash changes with every edit). */
function lines(body: string): string[] {
  const all = body.split('\n');
  return all[0]?.startsWith('// interop-design: generated job') ? all.slice(1) : all;
}

/** A line diff (longest common subsequence) of two short texts, as `+`/`-`/` ` lines. */
function lineDiff(a: readonly string[], b: readonly string[]): string[] {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i] as number[];
    const below = lcs[i + 1] as number[];
    for (let j = m - 1; j >= 0; j--) row[j] = a[i] === b[j] ? (below[j + 1] ?? 0) + 1 : Math.max(below[j] ?? 0, row[j + 1] ?? 0);
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push(` ${a[i] ?? ''}`);
      i++;
      j++;
    } else if (i < n && (j >= m || (lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0))) {
      out.push(`-${a[i] ?? ''}`);
      i++;
    } else {
      out.push(`+${b[j] ?? ''}`);
      j++;
    }
  }
  return out;
}

/** Keeps changed lines and `context` lines around them; gaps become `…`. */
function hunks(diff: readonly string[], context: number): string[] {
  const keep = new Set<number>();
  diff.forEach((l, k) => {
    if (!l.startsWith(' ')) for (let c = k - context; c <= k + context; c++) if (c >= 0 && c < diff.length) keep.add(c);
  });
  const out: string[] = [];
  let last = -1;
  for (const k of [...keep].sort((x, y) => x - y)) {
    if (last >= 0 && k > last + 1) out.push('…');
    out.push(diff[k] ?? '');
    last = k;
  }
  return out;
}

/**
 * The generated jobs that differ between two exports of a design (e.g. a pull request's base and
 * head): for the job's author, what to update. `maxLines` caps each job's diff (default 40).
 * Job bodies hold only design text (paths, constants, value maps), never sample values.
 */
export function changedJobs(base: ExportResult | undefined, head: ExportResult, options: { maxLines?: number } = {}): JobChange[] {
  const max = options.maxLines ?? 40;
  const key = (j: { workflow: string; job: string }): string => `${j.workflow}/${j.job}`;
  const before = new Map((base?.jobs ?? []).map((j) => [key(j), j]));
  const after = new Map(head.jobs.map((j) => [key(j), j]));
  const out: JobChange[] = [];
  const cut = (d: string[]): { diff: string[]; omitted?: number } => (d.length > max ? { diff: [...d.slice(0, max), `… ${d.length - max} more lines`], omitted: d.length - max } : { diff: d });
  for (const [k, h] of after) {
    const b = before.get(k);
    const mapping = h.mapping ?? b?.mapping;
    const common = { workflow: h.workflow, job: h.job, ...(mapping ? { mapping } : {}) };
    if (!b) out.push({ ...common, kind: 'added', ...cut(lines(h.body).map((l) => `+${l}`)) });
    else if (lines(b.body).join('\n') !== lines(h.body).join('\n')) out.push({ ...common, kind: 'changed', ...cut(hunks(lineDiff(lines(b.body), lines(h.body)), 2)) });
  }
  for (const [k, b] of before) if (!after.has(k)) out.push({ workflow: b.workflow, job: b.job, ...(b.mapping ? { mapping: b.mapping } : {}), kind: 'removed', diff: [] });
  return out;
}
