import type { Diagnostic, Severity } from '@interop-design/core';
import { compareBySeverity } from '@interop-design/core';
import { docsBaseUrl, rules } from '@interop-design/lint';
import { escapeMarkdown, printable } from '@interop-design/report';
import type { GitHubApi } from './api.js';
import type { ChangedFiles } from './changed-files.js';

interface User {
  login: string;
  type: string;
}

interface IssueComment {
  id: number;
  body?: string;
  user: User | null;
}

interface ReviewComment {
  id: number;
  body: string;
  path: string;
  user: User | null;
  in_reply_to_id?: number;
}

interface Review {
  id: number;
  body: string;
  user: User | null;
}

export interface Repo {
  owner: string;
  repo: string;
}

/** Whether a comment was written by the action's identity (never another user's, whatever it says). */
function byBot(user: User | null, login: string): boolean {
  return user?.login === login && user.type === 'Bot';
}

/** The hidden first line of the sticky comment; the action edits only comments that start with it. */
export const stickyMarker = '<!-- interop-design:sticky -->';

function runMarker(runKey: string): string {
  return `<!-- interop-design:run ${runKey} -->`;
}

function ignoreMissing(error: unknown): void {
  // A concurrent run may have deleted it first.
  if ((error as { status?: number }).status !== 404) throw error;
}

/**
 * Creates or edits the one sticky comment. Two runs at once may both create one: afterwards the
 * oldest survives with this run's report, the others are deleted.
 */
export async function upsertStickyComment(api: GitHubApi, repo: Repo, issue: number, report: string, login: string, runKey: string): Promise<{ id: number; created: boolean }> {
  const body = report.replace(stickyMarker, `${stickyMarker}\n${runMarker(runKey)}`);
  const route = 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments';
  const mine = async (): Promise<IssueComment[]> => (await api.list<IssueComment>(route, { ...repo, issue_number: issue })).items.filter((c) => c.body?.startsWith(stickyMarker) && byBot(c.user, login)).sort((a, b) => a.id - b.id);
  const existing = await mine();
  let id: number;
  let created = false;
  const first = existing[0];
  if (first) {
    await api.call('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { ...repo, comment_id: first.id, body });
    id = first.id;
  } else {
    const made = await api.call<IssueComment>('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...repo, issue_number: issue, body }, {
      recover: async () => (await mine()).find((c) => c.body?.includes(runMarker(runKey))),
    });
    id = made.id;
    created = true;
  }
  // Settle races: keep the oldest of our comments, with this run's report.
  const after = await mine();
  if (after.length > 1) {
    const keep = after[0] as IssueComment;
    if (keep.id !== id) await api.call('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { ...repo, comment_id: keep.id, body });
    for (const c of after.slice(1)) await api.call('DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}', { ...repo, comment_id: c.id }).catch(ignoreMissing);
    id = keep.id;
  }
  return { id, created };
}

const findingMarker = /<!-- interop-design:finding ([0-9a-z]+) -->/u;

function findingOf(c: ReviewComment): string | undefined {
  return findingMarker.exec(c.body)?.[1];
}

const label: Record<Severity, string> = { error: '❌ **error**', warning: '⚠️ **warning**', info: 'ℹ️ **info**' };

function commentBody(d: Diagnostic): string {
  const docs = d.ruleId in rules ? ` · [docs](${docsBaseUrl}${d.ruleId}.md)` : '';
  return `${label[d.severity]} \`${d.ruleId}\`${docs}\n\n${escapeMarkdown(d.message)}\n\n<!-- interop-design:finding ${d.fingerprint} -->`;
}

export interface ReviewResult {
  inline: number;
  fileLevel: number;
  deleted: number;
  /** Findings in changed files left out by the cap or already commented. */
  skipped: number;
  refused?: string;
}

/**
 * One review per run with comments on the lines of errors and warnings inside the diff's hunks,
 * file-level comments for those in changed files outside them; at most `max` new comments, none for a
 * finding already commented on (by fingerprint), and the action's outdated comments deleted
 * unless someone replied to them.
 */
export async function postReview(api: GitHubApi, repo: Repo, pr: number, commit: string, diagnostics: readonly Diagnostic[], changed: ChangedFiles, login: string, runKey: string, max = 30): Promise<ReviewResult> {
  const route = 'GET /repos/{owner}/{repo}/pulls/{pull_number}/comments';
  const listMine = async (): Promise<{ mine: ReviewComment[]; replied: Set<number> }> => {
    const all = (await api.list<ReviewComment>(route, { ...repo, pull_number: pr })).items;
    return { mine: all.filter((c) => byBot(c.user, login) && findingOf(c) !== undefined), replied: new Set(all.flatMap((c) => (c.in_reply_to_id ? [c.in_reply_to_id] : []))) };
  };
  const { mine, replied } = await listMine();
  const commented = new Set(mine.map(findingOf));
  const current = new Set(diagnostics.map((d) => d.fingerprint));
  const result: ReviewResult = { inline: 0, fileLevel: 0, deleted: 0, skipped: 0 };

  // Errors and warnings only: info findings (fields still under discussion) are listed in the
  // sticky comment, where they do not start a thread on every run.
  const inChanged = diagnostics.filter((d) => {
    const f = changed.files.get(d.file);
    return d.severity !== 'info' && f !== undefined && f.status !== 'removed';
  });
  const fresh = [...inChanged].sort(compareBySeverity).filter((d) => !commented.has(d.fingerprint));
  const chosen = fresh.slice(0, max);
  result.skipped = inChanged.length - chosen.length;
  const inline = chosen.filter((d) => changed.files.get(d.file)?.lines.has(d.range.start.line));
  const fileLevel = chosen.filter((d) => !inline.includes(d));

  if (inline.length) {
    const counts = { error: 0, warning: 0, info: 0 };
    for (const d of inline) counts[d.severity]++;
    const body = `<!-- interop-design:review ${runKey} -->\n**interop-design** found ${counts.error} errors, ${counts.warning} warnings and ${counts.info} info on lines this pull request changes.`;
    try {
      await api.call<Review>('POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews', {
        ...repo,
        pull_number: pr,
        commit_id: commit,
        event: 'COMMENT',
        body,
        comments: inline.map((d) => ({ path: d.file, line: d.range.start.line, side: 'RIGHT', body: commentBody(d) })),
      }, {
        recover: async () => (await api.list<Review>('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', { ...repo, pull_number: pr })).items.find((r) => byBot(r.user, login) && r.body.includes(runKey)),
      });
      result.inline = inline.length;
    } catch (error) {
      if ((error as { status?: number }).status !== 422) throw error;
      // GitHub refuses the whole review when one line is outside the diff: the findings stay in the summary.
      result.refused = 'GitHub refused the review (HTTP 422); the findings are in the summary and annotations';
    }
  }
  for (const d of fileLevel) {
    await api.call<ReviewComment>('POST /repos/{owner}/{repo}/pulls/{pull_number}/comments', { ...repo, pull_number: pr, commit_id: commit, path: d.file, subject_type: 'file', body: `Line ${d.range.start.line}, outside the lines this pull request changes:\n\n${commentBody(d)}` }, {
      recover: async () => (await listMine()).mine.find((c) => findingOf(c) === d.fingerprint && c.path === d.file),
    });
    result.fileLevel++;
  }

  // Outdated: ours, for a finding that is gone, and nobody replied.
  const deleteComment = async (c: ReviewComment): Promise<void> => {
    await api.call('DELETE /repos/{owner}/{repo}/pulls/comments/{comment_id}', { ...repo, comment_id: c.id }).catch(ignoreMissing);
    result.deleted++;
  };
  for (const c of mine) if (!current.has(findingOf(c) ?? '') && !replied.has(c.id)) await deleteComment(c);
  // Settle races with a concurrent run: one comment per finding, the oldest.
  if (result.inline + result.fileLevel > 0) {
    const after = await listMine();
    const seen = new Set<string>();
    for (const c of after.mine.sort((a, b) => a.id - b.id)) {
      const fp = findingOf(c) ?? '';
      if (seen.has(fp) && !after.replied.has(c.id)) await deleteComment(c);
      seen.add(fp);
    }
  }
  return result;
}

export interface AnnotationSink {
  error(message: string, properties: AnnotationProperties): void;
  warning(message: string, properties: AnnotationProperties): void;
  notice(message: string, properties?: AnnotationProperties): void;
}

export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}

/** GitHub shows at most 10 annotations of each type per step. */
export const annotationsPerType = 10;

/**
 * Annotations for findings in the given files, the most severe first, at most ten of each type;
 * the last notice says how many were left out. Returns that number. `reserveError` keeps one
 * error slot for the step's own failure message, which GitHub counts as an error annotation.
 */
export function annotate(sink: AnnotationSink, diagnostics: readonly Diagnostic[], files: ReadonlySet<string> | undefined, reserveError = false): { shown: number; left: number } {
  const wanted = diagnostics.filter((d) => !files || files.has(d.file)).sort(compareBySeverity);
  const byType: Record<Severity, Diagnostic[]> = { error: [], warning: [], info: [] };
  for (const d of wanted) byType[d.severity].push(d);
  const errorRoom = reserveError ? annotationsPerType - 1 : annotationsPerType;
  const left = wanted.length - Math.min(byType.error.length, errorRoom) - Math.min(byType.warning.length, annotationsPerType) - Math.min(byType.info.length, annotationsPerType);
  const noticeRoom = left > 0 ? annotationsPerType - 1 : annotationsPerType;
  const shown = [...byType.error.slice(0, errorRoom), ...byType.warning.slice(0, annotationsPerType), ...byType.info.slice(0, noticeRoom)];
  for (const d of shown) {
    const props: AnnotationProperties = { title: `interop-design ${d.ruleId}`, file: d.file, startLine: d.range.start.line, startColumn: d.range.start.column, endLine: d.range.end.line };
    if (d.range.end.line === d.range.start.line) props.endColumn = d.range.end.column;
    const message = printable(d.message);
    if (d.severity === 'error') sink.error(message, props);
    else if (d.severity === 'warning') sink.warning(message, props);
    else sink.notice(message, props);
  }
  const notShown = wanted.length - shown.length;
  if (notShown > 0) sink.notice(`${notShown.toLocaleString('en')} more findings are not annotated (GitHub shows ${annotationsPerType} of each kind per step): see the job summary`, { title: 'interop-design' });
  return { shown: shown.length, left: notShown };
}
