import type { Diagnostic, FailOn } from '@interop-design/core';
import { compareBySeverity, countBySeverity } from '@interop-design/core';
import { findingRow, findingsHeader, plural } from '@interop-design/report';
import { decideFailOn } from 'interop-design/fail-on';
import type { GitHubApi } from './api.js';
import type { Repo } from './publish.js';

/** The concerns, one check run each, so branch protection can require each separately. */
export const concerns = ['design lint', 'sample data', 'mapping versions', 'readiness'] as const;
export type Concern = (typeof concerns)[number];

/** Which check a finding belongs to. */
export function concernOf(d: Diagnostic): Concern {
  if (d.ruleId === 'mapping-version') return 'mapping versions';
  if (d.ruleId.startsWith('sample')) return 'sample data';
  if (d.ruleId === 'mapping-ready' || d.ruleId === 'flow-job-needs-ready-mapping') return 'readiness';
  return 'design lint';
}

/** GitHub takes at most 50 annotations per request; more are added by updating the check run. */
export const annotationsPerRequest = 50;

const level = { error: 'failure', warning: 'warning', info: 'notice' } as const;

function annotation(d: Diagnostic) {
  const oneLine = d.range.start.line === d.range.end.line;
  return {
    path: d.file,
    start_line: d.range.start.line,
    end_line: d.range.end.line,
    ...(oneLine ? { start_column: d.range.start.column, end_column: Math.max(d.range.start.column, d.range.end.column) } : {}),
    annotation_level: level[d.severity],
    // GitHub caps an annotation's message at 64 KB.
    message: d.message.slice(0, 4_000),
    title: `interop-design ${d.ruleId}`.slice(0, 255),
  };
}

export interface CheckResult {
  concern: Concern;
  id: number;
  conclusion: 'success' | 'failure' | 'neutral';
  annotations: number;
}

/**
 * One completed check run per concern on `headSha`, carrying every annotation of its findings
 * (in requests of 50), with the conclusion `fail-on` gives: `failure` when one of the judged
 * findings fails, `neutral` when findings remain that do not, `success` otherwise.
 */
export async function postCheckRuns(api: GitHubApi, repo: Repo, headSha: string, findings: readonly Diagnostic[], judged: ReadonlySet<Diagnostic>, failOn: FailOn, id: string, detailsUrl: string | undefined): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const concern of concerns) {
    const mine = findings.filter((d) => concernOf(d) === concern).sort(compareBySeverity);
    const failing = decideFailOn(mine.filter((d) => judged.has(d)), failOn).failing.length > 0;
    const conclusion = failing ? 'failure' : mine.length ? 'neutral' : 'success';
    const counts = countBySeverity(mine);
    const title = mine.length ? `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info.toLocaleString('en')} info` : 'No findings';
    let summary = mine.length ? findingsHeader : 'No findings.';
    let listed = 0;
    for (const d of mine) {
      const row = `${findingRow(d)}\n`;
      if (summary.length + row.length > 60_000) break;
      summary += row;
      listed++;
    }
    if (listed < mine.length) summary += `\n_${plural(mine.length - listed, 'more finding')} in the annotations._\n`;
    const all = mine.map(annotation);
    const output = (part: number) => ({ title, summary, annotations: all.slice(part * annotationsPerRequest, (part + 1) * annotationsPerRequest) });
    const made = await api.call<{ id: number }>('POST /repos/{owner}/{repo}/check-runs', {
      ...repo,
      name: `interop-design: ${concern}${id ? ` (${id})` : ''}`,
      head_sha: headSha,
      status: 'completed',
      conclusion,
      ...(detailsUrl ? { details_url: detailsUrl } : {}),
      external_id: id || 'interop-design',
      output: output(0),
    });
    for (let part = 1; part * annotationsPerRequest < all.length; part++) {
      await api.call('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', { ...repo, check_run_id: made.id, output: output(part) });
    }
    results.push({ concern, id: made.id, conclusion, annotations: all.length });
  }
  return results;
}
