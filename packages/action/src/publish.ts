import type { Diagnostic, Severity } from '@interop-design/core';
import { compareBySeverity } from '@interop-design/core';
import { docsBaseUrl, rules } from '@interop-design/lint';
import { blobUrl, escapeMarkdown, printable, severityLabel } from '@interop-design/report';
import { RefusedError } from './api.js';
import type { GitHubApi } from './api.js';
import type { ChangedFiles } from './changed-files.js';

interface User {
  login: string;
  type: string;
}

interface IssueComment {
  id: number;
  body?: string;
  html_url?: string;
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

/** Who owns what the action posts: the login that posts it, this run, and the report's `id`. */
export interface Owner {
  /** `comment-author`: the account behind github-token, whatever its type (bot, user, app). */
  login: string;
  runKey: string;
  /** The `id` input; empty for the default report. */
  id: string;
}

/**
 * Whether a comment was written by the action's identity (never another user's, whatever it
 * says). The account type does not matter: a personal access token posts as a `User`.
 */
function byOwner(user: User | null, owner: Owner): boolean {
  return user?.login === owner.login;
}

/** The hidden first line of the sticky comment of the report `id`; the action edits only comments that start with it. */
export function stickyMarker(id = ''): string {
  return id ? `<!-- interop-design:sticky id=${id} -->` : '<!-- interop-design:sticky -->';
}

function runMarker(runKey: string): string {
  return `<!-- interop-design:run ${runKey} -->`;
}

function ignoreMissing(error: unknown): void {
  // A concurrent run may have deleted it first.
  if ((error as { status?: number }).status !== 404) throw error;
}

/** GitHub refuses comment bodies over 65,536 characters. */
export const maxBodyChars = 65_536;

/** Design text cut to `max` characters, so one oversized finding cannot lose a whole review. */
function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Creates or edits the one sticky comment. Two runs at once may both create one: afterwards the
 * oldest survives with this run's report, the others are deleted.
 */
export async function upsertStickyComment(api: GitHubApi, repo: Repo, issue: number, report: string, owner: Owner): Promise<{ id: number; url: string | undefined; created: boolean }> {
  const marker = stickyMarker(owner.id);
  const body = clip(report.replace(marker, `${marker}\n${runMarker(owner.runKey)}`), maxBodyChars);
  const route = 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments';
  const mine = async (): Promise<IssueComment[]> => (await api.list<IssueComment>(route, { ...repo, issue_number: issue })).items.filter((c) => c.body?.split('\n', 1)[0] === marker && byOwner(c.user, owner)).sort((a, b) => a.id - b.id);
  const existing = await mine();
  let made: IssueComment;
  let created = false;
  const first = existing[0];
  if (first) {
    made = await api.call<IssueComment>('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { ...repo, comment_id: first.id, body });
  } else {
    made = await api.call<IssueComment>('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...repo, issue_number: issue, body }, {
      recover: async () => (await mine()).find((c) => c.body?.includes(runMarker(owner.runKey))),
    });
    created = true;
  }
  // Settle races: keep the oldest of our comments, with this run's report.
  const after = await mine();
  if (after.length > 1) {
    const keep = after[0] as IssueComment;
    if (keep.id !== made.id) made = await api.call<IssueComment>('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { ...repo, comment_id: keep.id, body });
    for (const c of after.slice(1)) await api.call('DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}', { ...repo, comment_id: c.id }).catch(ignoreMissing);
  }
  return { id: made.id, url: made.html_url, created };
}

const findingMarker = /<!-- interop-design:finding ([0-9a-z]+)(?: id=([A-Za-z0-9_.-]+))? -->/gu;

/** The findings a review comment of this report (`id`) is about; none for another report's comment. */
function findingsOf(c: ReviewComment, id: string): string[] {
  return [...c.body.matchAll(findingMarker)].filter((m) => (m[2] ?? '') === id).map((m) => m[1] ?? '');
}

function findingTag(d: Diagnostic, id: string): string {
  return `<!-- interop-design:finding ${d.fingerprint}${id ? ` id=${id}` : ''} -->`;
}

type LineLink = ((file: string, line: number) => string) | undefined;

function findingText(d: Diagnostic, link: LineLink): string {
  const docs = d.ruleId in rules ? ` · [docs](${docsBaseUrl}${d.ruleId}.md)` : '';
  // Related locations (the sample record, the metadata field) by file and line: never their content.
  const related = (d.related ?? []).slice(0, 3).map((r) => {
    const at = `${escapeMarkdown(clip(r.file, 300))}:${r.range.start.line}:${r.range.start.column}`;
    return `\n\nSee ${link ? `[${at}](${link(r.file, r.range.start.line)})` : at}: ${escapeMarkdown(clip(r.message, 500))}`;
  });
  return `${severityLabel(d.severity)} \`${clip(d.ruleId, 100)}\`${docs}\n\n${escapeMarkdown(clip(d.message, 4_000))}${related.join('')}`;
}

function commentBody(d: Diagnostic, id: string, link: LineLink): string {
  return `${findingText(d, link)}\n\n${findingTag(d, id)}`;
}

/** One comment for the findings of a file outside the lines the pull request changes, within GitHub's limit. */
function fileCommentBody(list: readonly Diagnostic[], id: string, link: LineLink): { body: string; listed: Diagnostic[] } {
  const parts = [`**interop-design**: ${list.length === 1 ? 'a finding' : `${list.length} findings`} in this file, outside the lines this pull request changes.`];
  let size = parts[0]?.length ?? 0;
  const listed: Diagnostic[] = [];
  for (const d of list) {
    const part = `---\n\nLine ${d.range.start.line}: ${findingText(d, link)}\n\n${findingTag(d, id)}`;
    if (size + part.length + 200 > maxBodyChars) break;
    parts.push(part);
    size += part.length + 2;
    listed.push(d);
  }
  if (listed.length < list.length) parts.push(`_${list.length - listed.length} more in the job summary._`);
  return { body: parts.join('\n\n'), listed };
}

export interface ReviewResult {
  inline: number;
  /** File-level comments posted (one per file, listing its findings). */
  fileLevel: number;
  deleted: number;
  /** Findings in changed files left out by the cap or already commented. */
  skipped: number;
  reviewId?: number;
  refused?: string;
}

/**
 * One review per run with comments on the lines of errors and warnings inside the diff's hunks,
 * and one file-level comment per changed file listing its findings outside them; at most `max`
 * findings, none already commented on (by fingerprint), and the action's outdated comments
 * deleted unless someone replied to them. Comments of another report (`id`) are never touched.
 */
export async function postReview(api: GitHubApi, repo: Repo, pr: number, commit: string, diagnostics: readonly Diagnostic[], changed: ChangedFiles, owner: Owner, max = 30, repoUrl?: string): Promise<ReviewResult> {
  // Links to related lines at the analysed commit, so they stay right when the head moves.
  const link: LineLink = repoUrl ? (file, line) => blobUrl(repoUrl, commit, file, line) : undefined;
  const route = 'GET /repos/{owner}/{repo}/pulls/{pull_number}/comments';
  const listMine = async (): Promise<{ mine: ReviewComment[]; replied: Set<number> }> => {
    const all = (await api.list<ReviewComment>(route, { ...repo, pull_number: pr })).items;
    return { mine: all.filter((c) => byOwner(c.user, owner) && findingsOf(c, owner.id).length > 0), replied: new Set(all.flatMap((c) => (c.in_reply_to_id ? [c.in_reply_to_id] : []))) };
  };
  const { mine, replied } = await listMine();
  const commented = new Set(mine.flatMap((c) => findingsOf(c, owner.id)));
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
    const body = `<!-- interop-design:review ${owner.runKey} -->\n**interop-design**${owner.id ? ` (${owner.id})` : ''} found ${counts.error} errors, ${counts.warning} warnings and ${counts.info} info on lines this pull request changes.`;
    try {
      const review = await api.call<Review>('POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews', {
        ...repo,
        pull_number: pr,
        commit_id: commit,
        event: 'COMMENT',
        body,
        comments: inline.map((d) => ({ path: d.file, line: d.range.start.line, side: 'RIGHT', body: commentBody(d, owner.id, link) })),
      }, {
        recover: async () => (await api.list<Review>('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', { ...repo, pull_number: pr })).items.find((r) => byOwner(r.user, owner) && r.body.includes(owner.runKey)),
      });
      result.inline = inline.length;
      result.reviewId = review.id;
    } catch (error) {
      if (!(error instanceof RefusedError)) throw error;
      // GitHub refuses the whole review when one line is outside the diff: the findings stay in the summary.
      result.refused = 'GitHub refused the review (HTTP 422); the findings are in the summary and annotations';
    }
  }
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of fileLevel) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  for (const [file, list] of byFile) {
    const { body, listed } = fileCommentBody(list, owner.id, link);
    const fps = listed.map((d) => d.fingerprint).join(',');
    try {
      await api.call<ReviewComment>('POST /repos/{owner}/{repo}/pulls/{pull_number}/comments', { ...repo, pull_number: pr, commit_id: commit, path: file, subject_type: 'file', body }, {
        recover: async () => (await listMine()).mine.find((c) => c.path === file && findingsOf(c, owner.id).join(',') === fps),
      });
      result.fileLevel++;
    } catch (error) {
      if (!(error instanceof RefusedError)) throw error;
      result.refused = 'GitHub refused a file comment (HTTP 422); the findings are in the summary and annotations';
    }
  }

  // Outdated: ours, about findings that are all gone, and nobody replied.
  const deleteComment = async (c: ReviewComment): Promise<void> => {
    await api.call('DELETE /repos/{owner}/{repo}/pulls/comments/{comment_id}', { ...repo, comment_id: c.id }).catch(ignoreMissing);
    result.deleted++;
  };
  for (const c of mine) if (!findingsOf(c, owner.id).some((fp) => current.has(fp)) && !replied.has(c.id)) await deleteComment(c);
  // Settle races with a concurrent run: one comment per set of findings, the oldest.
  if (result.inline + result.fileLevel > 0) {
    const after = await listMine();
    const seen = new Set<string>();
    for (const c of after.mine.sort((a, b) => a.id - b.id)) {
      const key = `${c.path}\0${findingsOf(c, owner.id).join(',')}`;
      if (seen.has(key) && !after.replied.has(c.id)) await deleteComment(c);
      seen.add(key);
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
 * error slot for the step's own failure message, which GitHub counts as an error annotation;
 * `reserveNotice` one notice slot for the notice saying where the results went (fork, read-only
 * token, rate limit), so it is never crowded out.
 */
export function annotate(sink: AnnotationSink, diagnostics: readonly Diagnostic[], files: ReadonlySet<string> | undefined, reserve: { reserveError?: boolean; reserveNotice?: boolean } = {}): { shown: number; left: number } {
  const wanted = diagnostics.filter((d) => !files || files.has(d.file)).sort(compareBySeverity);
  const byType: Record<Severity, Diagnostic[]> = { error: [], warning: [], info: [] };
  for (const d of wanted) byType[d.severity].push(d);
  const errorRoom = reserve.reserveError ? annotationsPerType - 1 : annotationsPerType;
  const noticeMax = reserve.reserveNotice ? annotationsPerType - 1 : annotationsPerType;
  const left = wanted.length - Math.min(byType.error.length, errorRoom) - Math.min(byType.warning.length, annotationsPerType) - Math.min(byType.info.length, noticeMax);
  const noticeRoom = left > 0 ? noticeMax - 1 : noticeMax;
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
