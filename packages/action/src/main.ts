import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { DesignFs, Diagnostic, FailOn } from '@interop-design/core';
import { countBySeverity, failLevels, nodeFs } from '@interop-design/core';
import { ruleDescriptors, rulesetNames } from '@interop-design/lint';
import type { RulesetName } from '@interop-design/lint';
import { code, commentBudget, escapeMarkdown, formatters, printable, renderReport, summaryBudget } from '@interop-design/report';
import { writeInsideWorkspace } from './workspace-file.js';
import { writeBook } from './book.js';
import { decideFailOn } from 'interop-design/fail-on';
import { ensureCommit, gitFs, workspaceDirty, workspaceHead } from 'interop-design/git';
import { analyse } from './analyse.js';
import type { Analysis } from './analyse.js';
import { ApiUnavailableError, GitHubApi, RateLimitedError, RefusedError, WriteForbiddenError } from './api.js';
import type { RequestFn } from './api.js';
import { changedFiles, localChangedFiles } from './changed-files.js';
import type { ChangedFiles } from './changed-files.js';
import { ContextError, readContext, verifyPullRequest } from './context.js';
import { postCheckRuns } from './checks.js';
import { annotate, postReview, stickyMarker, upsertStickyComment } from './publish.js';
import type { AnnotationProperties } from './publish.js';

export const actionVersion = '0.1.0';

/** The part of `@actions/core` the action uses; tests pass their own. */
export interface CoreLike {
  getInput(name: string): string;
  setOutput(name: string, value: string): void;
  setFailed(message: string): void;
  info(message: string): void;
  warning(message: string, properties?: AnnotationProperties): void;
  error(message: string, properties?: AnnotationProperties): void;
  notice(message: string, properties?: AnnotationProperties): void;
  summary: { addRaw(text: string, addEOL?: boolean): { write(options?: { overwrite?: boolean }): Promise<unknown> } };
}

export interface ActionDeps {
  core: CoreLike;
  /** Makes the REST client (`@actions/github`'s Octokit with the throttling plugin: src/index.ts). */
  request: (token: string, options: ClientOptions) => RequestFn;
  env: Record<string, string | undefined>;
  cwd: string;
  /** For tests: how long a retry waits. */
  sleep?: (ms: number) => Promise<void>;
}

/** What the REST client needs to know from the inputs. */
export interface ClientOptions {
  /** Longest total wait for rate limits, in seconds (input `rate-limit-wait`). */
  waitBudgetSeconds: number;
  log: (message: string) => void;
}

export interface Inputs {
  paths: string[];
  ruleset: RulesetName | undefined;
  failOn: FailOn;
  comment: boolean;
  review: boolean;
  annotations: boolean;
  sarifFile: string;
  configFrom: 'base' | 'head';
  token: string;
  commentAuthor: string;
  pullRequestPayload: string;
  /** Scopes the sticky comment and the review comments, so several jobs keep their own reports. */
  id: string;
  rateLimitWait: number;
  /** Which findings are commented and annotated, with reviewdog's meanings. */
  filterMode: FilterMode;
  /** Findings the base commit already has fail the check too. */
  failOnExisting: boolean;
  /** `github-check`: one check run per concern carries every annotation. */
  reporter: 'pull-request' | 'github-check';
  /** A folder inside the workspace to write the design book of the analysed tree to; empty for none. */
  book: string;
}

export const filterModes = ['added', 'diff_context', 'file', 'nofilter'] as const;
export type FilterMode = (typeof filterModes)[number];

class InputError extends Error {
  override name = 'InputError';
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[], fallback: T): T {
  if (value === '') return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new InputError(`input ${name} is "${printable(value)}": use one of ${allowed.join(', ')}`);
}

function bool(name: string, value: string, fallback: boolean): boolean {
  if (value === '') return fallback;
  if (/^(true|yes|on)$/iu.test(value)) return true;
  if (/^(false|no|off)$/iu.test(value)) return false;
  throw new InputError(`input ${name} is "${printable(value)}": use true or false`);
}

function reportId(value: string): string {
  if (value === '' || /^[A-Za-z0-9_.-]{1,64}$/u.test(value)) return value;
  throw new InputError(`input id is "${printable(value)}": use up to 64 letters, digits, '.', '_' or '-'`);
}

function seconds(name: string, value: string, fallback: number): number {
  if (value === '') return fallback;
  if (/^\d{1,5}$/u.test(value)) return Number(value);
  throw new InputError(`input ${name} is "${printable(value)}": use a whole number of seconds`);
}

export function readInputs(core: Pick<CoreLike, 'getInput'>): Inputs {
  const get = (name: string): string => core.getInput(name).trim();
  const paths = get('paths')
    .split(/[\n,]/u)
    .map((p) => p.trim().replace(/^\.\/?/u, '').replace(/\/+$/u, ''))
    .filter((p, i, all) => all.indexOf(p) === i);
  for (const p of paths) if (p.startsWith('/') || p.split('/').includes('..')) throw new InputError(`input paths: "${printable(p)}" is outside the repository`);
  const ruleset = get('ruleset');
  return {
    paths: paths.filter((p) => p !== '').length === paths.length ? paths : [''],
    ruleset: ruleset === '' ? undefined : oneOf('ruleset', ruleset, rulesetNames, 'recommended'),
    failOn: oneOf('fail-on', get('fail-on'), failLevels, 'error'),
    comment: bool('comment', get('comment'), true),
    review: bool('review', get('review'), true),
    annotations: bool('annotations', get('annotations'), true),
    sarifFile: get('sarif-file'),
    configFrom: oneOf('config-from', get('config-from'), ['base', 'head'] as const, 'base'),
    token: get('github-token'),
    commentAuthor: get('comment-author') || 'github-actions[bot]',
    pullRequestPayload: get('pull-request-payload'),
    id: reportId(get('id')),
    rateLimitWait: seconds('rate-limit-wait', get('rate-limit-wait'), 300),
    filterMode: oneOf('filter-mode', get('filter-mode'), filterModes, 'file'),
    failOnExisting: bool('fail-on-existing', get('fail-on-existing'), false),
    reporter: oneOf('reporter', get('reporter'), ['pull-request', 'github-check'] as const, 'pull-request'),
    book: get('book'),
  };
}

function describe(error: unknown): string {
  return printable(error instanceof Error ? error.message : String(error));
}

/** Prints text to the log with workflow commands switched off, so no design text can forge one. */
function logSafely(core: CoreLike, text: string): void {
  const token = randomBytes(16).toString('hex');
  core.info(`::stop-commands::${token}`);
  core.info(text.trimEnd());
  core.info(`::${token}::`);
}

/** Runs the action; never throws: a failure of the action itself fails the step with its reason. */
export async function run(deps: ActionDeps): Promise<void> {
  const { core } = deps;
  try {
    await runAction(deps);
  } catch (error) {
    const message = error instanceof InputError || error instanceof ContextError ? `interop-design: ${describe(error)}` : `interop-design failed: ${describe(error)}`;
    if (!(error instanceof InputError || error instanceof ContextError) && error instanceof Error && error.stack) for (const line of error.stack.split('\n')) core.info(printable(line));
    core.setFailed(message);
    // The job summary says why too: it is where people look first.
    try {
      await core.summary.addRaw(`## interop-design\n\n❌ **The check did not run:** ${escapeMarkdown(message.replace(/^interop-design( failed)?: /u, ''))}\n`).write();
    } catch {
      // No summary file outside a runner: the failure above says it.
    }
  }
}

async function runAction(deps: ActionDeps): Promise<void> {
  const { core, env } = deps;
  const inputs = readInputs(core);
  const ctx = readContext(env, deps.cwd, inputs.pullRequestPayload ? path.resolve(deps.cwd, env.GITHUB_WORKSPACE ?? '.', inputs.pullRequestPayload) : '');
  const root = path.resolve(deps.cwd, ctx.workspace);
  const notes: string[] = [];
  const repo = { owner: ctx.owner, repo: ctx.repo };

  let head: DesignFs = nodeFs(root);
  let base: DesignFs | undefined;
  let commit: string | undefined = workspaceHead(root) ?? (ctx.sha || undefined);
  let changed: ChangedFiles | undefined;
  const log = (m: string): void => {
    core.info(m);
  };
  const api = inputs.token ? new GitHubApi(deps.request(inputs.token, { waitBudgetSeconds: inputs.rateLimitWait, log }), { log, ...(deps.sleep ? { sleep: deps.sleep } : {}) }) : undefined;

  let pr = ctx.pr;
  if (ctx.claimed) {
    // A workflow_run names its pull request only through a payload an untrusted run may have
    // forged: the pull request read from the API decides, before anything is read or posted.
    if (!api) throw new ContextError('under workflow_run the pull request is read from the API to check the payload: set github-token');
    const verified = await verifyPullRequest((n) => api.call('GET /repos/{owner}/{repo}/pulls/{pull_number}', { ...repo, pull_number: n }), `${ctx.owner}/${ctx.repo}`, ctx.claimed);
    pr = verified.pr;
    if (verified.note) notes.push(verified.note);
  }

  if (pr) {
    const baseOk = ensureCommit(root, pr.baseSha);
    const headOk = ensureCommit(root, pr.headSha);
    if (workspaceHead(root) === pr.headSha && !workspaceDirty(root)) commit = pr.headSha;
    else if (headOk) {
      head = gitFs(root, pr.headSha);
      commit = pr.headSha;
    } else notes.push(`The pull request's head commit ${pr.headSha.slice(0, 7)} is not in the checkout, so the checked-out tree was analysed and nothing was posted on lines.`);
    if (baseOk) base = gitFs(root, pr.baseSha);
    else notes.push(`The base commit ${pr.baseSha.slice(0, 7)} is not in the checkout and could not be fetched: no version verdicts, and the pull request's own lint configuration was used. Check out with \`fetch-depth: 0\`.`);
    if (api) changed = await changedFiles(api, repo, pr, root, baseOk && headOk);
    else if (baseOk && headOk) changed = { ...localChangedFiles(root, pr.baseSha, pr.headSha), note: 'No github-token: changed files come from `git diff`' };
    if (changed?.note) notes.push(`${changed.note}.`);
  }

  const changedSet = changed ? new Set([...changed.files.values()].flatMap((f) => (f.previous ? [f.path, f.previous] : [f.path]))) : undefined;
  const analysis = await analyse({ root, paths: inputs.paths, ...(inputs.ruleset ? { ruleset: inputs.ruleset } : {}), configFrom: inputs.configFrom, head, base, changed: changedSet });
  const counts = countBySeverity(analysis.diagnostics);
  // Findings the base commit already has (same fingerprint, same checks): listed, but only new ones decide.
  const baseFingerprints = new Set(analysis.projects.flatMap((p) => [...(p.baseFingerprints ?? [])]));
  const existing = new Set(analysis.diagnostics.filter((d) => baseFingerprints.has(d.fingerprint)).map((d) => d.fingerprint));
  const judged = inputs.failOnExisting ? analysis.diagnostics : analysis.diagnostics.filter((d) => !existing.has(d.fingerprint));
  const judgedCounts = countBySeverity(judged);
  if (existing.size) {
    const n = analysis.diagnostics.filter((d) => existing.has(d.fingerprint)).length;
    notes.push(inputs.failOnExisting ? `${n.toLocaleString('en')} of these findings already exist at the base commit (marked *existing* below); they fail this check too (\`fail-on-existing: true\`).` : `${n.toLocaleString('en')} of these findings already exist at the base commit (marked *existing* below): they do not fail this check, and are not commented or annotated (\`fail-on-existing: false\`). Only the findings this pull request causes decide, wherever they are.`);
  }
  // What is commented and annotated: the filter-mode's lines of the changed files, new findings only unless fail-on-existing.
  const shown = judged.filter((d) => inFilter(d, inputs.filterMode, changed));

  logSafely(core, formatters.stylish(analysis.diagnostics, { fileCount: analysis.projects.reduce((n, p) => n + p.fileCount, 0) }));

  const failing = decideFailOn(judged, inputs.failOn).failing.length;
  const writes = pr !== undefined && api !== undefined && (inputs.comment || inputs.review);
  const published: { commentId?: number; commentUrl?: string; reviewId?: number; checkRuns?: number[] } = {};
  // Check runs (reporter: github-check) carry every annotation; a fork's read-only token cannot create them.
  let checked = false;
  const checkSha = pr ? (analysedHead0(pr, commit) ? pr.headSha : undefined) : commit;
  if (inputs.reporter === 'github-check' && api && checkSha && !pr?.fork) {
    try {
      const runs = await postCheckRuns(api, repo, checkSha, inputs.annotations ? analysis.diagnostics : [], new Set(judged), inputs.failOn, inputs.id, ctx.runUrl);
      core.info(`check runs: ${runs.map((r) => `${r.concern} ${r.conclusion} (${r.annotations} annotations)`).join('; ')}`);
      published.checkRuns = runs.map((r) => r.id);
      checked = true;
    } catch (error) {
      if (!(error instanceof ApiUnavailableError || error instanceof WriteForbiddenError || error instanceof RefusedError)) throw error;
      notes.push(`No check runs (${describe(error)}): the findings are annotated on this step instead. Grant \`checks: write\` for \`reporter: github-check\`.`);
    }
  } else if (inputs.reporter === 'github-check' && pr?.fork) notes.push('This pull request comes from a fork, whose token cannot create check runs: the findings are annotated on this step.');
  if (inputs.annotations && !checked) {
    // A notice about where the results went (fork, read-only token, rate limit) always has its place.
    const { left } = annotate(core, shown, undefined, { reserveError: failing > 0, reserveNotice: writes });
    if (left) notes.push(`${left.toLocaleString('en')} findings were not annotated: GitHub shows ten of each kind per step. All are listed below.`);
  }

  // Writes to the pull request: never attempted when they are known to fail.
  const analysedHead = pr !== undefined && commit === pr.headSha;
  if (pr && api && writes) {
    const owner = { login: inputs.commentAuthor, runKey: ctx.runKey, id: inputs.id };
    if (pr.fork) {
      notes.push('This pull request comes from a fork, whose token is read-only: the results are in this summary and the annotations only.');
      core.notice('interop-design: fork pull request, so no comment or review is posted (the token is read-only). The results are in the job summary.');
    } else {
      try {
        if (inputs.comment) {
          const report = renderReport({ analysis, commit, notes, runUrl: ctx.runUrl, repoUrl: ctx.repoUrl, existing }, { maxBytes: commentBudget, sticky: true, marker: stickyMarker(inputs.id), maxFindingRows: 50 });
          const c = await upsertStickyComment(api, repo, pr.number, report, owner);
          published.commentId = c.id;
          if (c.url) published.commentUrl = c.url;
        }
        if (inputs.review && analysedHead && changed) {
          const r = await postReview(api, repo, pr.number, pr.headSha, shown, changed, owner, 30, ctx.repoUrl);
          core.info(`review: ${r.inline} line comments, ${r.fileLevel} file comments, ${r.deleted} outdated removed, ${r.skipped} not posted (already commented or over the cap of 30)`);
          if (r.reviewId !== undefined) published.reviewId = r.reviewId;
          if (r.refused) notes.push(r.refused);
        }
      } catch (error) {
        if (error instanceof RateLimitedError) {
          const what = error.kind === 'secondary' ? "GitHub's secondary rate limit" : "GitHub's rate limit";
          notes.push(`${what} stopped the comments on this pull request (${describe(error)}; waited within \`rate-limit-wait: ${inputs.rateLimitWait}\` s): the results are in this summary and the annotations. A re-run later posts them.`);
          core.notice(`interop-design: ${what} stopped the comments on this pull request; the results are in the job summary.`);
        } else if (error instanceof RefusedError) {
          notes.push(`GitHub refused a comment (${describe(error)}): the results are in this summary and the annotations.`);
          core.warning(`interop-design: ${describe(error)}; the results are in the job summary`);
        } else if (error instanceof WriteForbiddenError) {
          notes.push('The token may not write to this pull request (HTTP 403): the results are in this summary and the annotations only. Grant `pull-requests: write` to post them.');
          core.notice('interop-design: the token cannot write to the pull request; the results are in the job summary.');
        } else if (error instanceof ApiUnavailableError) {
          notes.push(`GitHub's API was not available (${describe(error)}): the results are in this summary and the annotations.`);
          core.warning(`interop-design: ${describe(error)}; the results are in the job summary`);
        } else throw error;
      }
    }
  }

  if (inputs.sarifFile) {
    // Only a regular file inside the workspace, reached through no symlink the pull request may have committed.
    const refused = writeInsideWorkspace(root, inputs.sarifFile, formatters.sarif(analysis.diagnostics, { rules: ruleDescriptors(), version: actionVersion }));
    if (refused) {
      notes.push(`No SARIF file written to ${code(inputs.sarifFile)}: ${refused}. The findings are in this summary and the annotations.`);
      core.notice(`interop-design: no SARIF file written to ${printable(inputs.sarifFile)}: ${printable(refused)}`);
    }
  }

  if (inputs.book) {
    // The design book of the analysed tree (the pull request's head), for a later step to upload or deploy.
    const book = await writeBook({ root, dir: inputs.book, head, paths: inputs.paths, ruleset: inputs.ruleset, diagnostics: new Map(analysis.projects.map((p) => [p.dir, p.diagnostics])), generator: `interop-design action ${actionVersion}` });
    if ('refused' in book) {
      notes.push(`No design book written to ${code(inputs.book)}: ${escapeMarkdown(book.refused)}.`);
      core.notice(`interop-design: no design book written to ${printable(inputs.book)}: ${printable(book.refused)}`);
    } else {
      notes.push(`The design book of ${book.projects.toLocaleString('en')} design project${book.projects === 1 ? '' : 's'} is in ${code(inputs.book)}: open its \`index.html\`.`);
      core.info(`design book: ${book.files} files for ${book.projects} projects written to ${printable(inputs.book)}`);
    }
  }

  try {
    await core.summary.addRaw(renderReport({ analysis, commit, notes, runUrl: ctx.runUrl, repoUrl: ctx.repoUrl, existing }, { maxBytes: summaryBudget, sticky: false })).write();
  } catch (error) {
    // Outside a runner (or with a full disk) there is no summary file: the log above still has everything.
    core.warning(`interop-design: no job summary written: ${describe(error)}`);
  }

  setOutputs(core, analysis, counts, published);

  if (failing) core.setFailed(`interop-design: ${judgedCounts.error} errors, ${judgedCounts.warning} warnings${existing.size && !inputs.failOnExisting ? ' new in this pull request' : ''} (fail-on: ${inputs.failOn})`);
}

/** Whether a finding is commented and annotated under `mode`; without a pull request, every finding is. */
/** Whether the analysed tree is the pull request's head commit (check runs and line comments need it). */
function analysedHead0(pr: { headSha: string }, commit: string | undefined): boolean {
  return commit === pr.headSha;
}

function inFilter(d: Diagnostic, mode: FilterMode, changed: ChangedFiles | undefined): boolean {
  if (mode === 'nofilter' || !changed) return true;
  const f = changed.files.get(d.file);
  if (!f || f.status === 'removed') return false;
  if (mode === 'file') return true;
  return (mode === 'added' ? f.added : f.lines).has(d.range.start.line);
}

function setOutputs(core: CoreLike, analysis: Analysis, counts: ReturnType<typeof countBySeverity>, published: { commentId?: number; commentUrl?: string; reviewId?: number; checkRuns?: number[] }): void {
  const mappings = analysis.projects.flatMap((p) => p.mappings);
  core.setOutput('errors', String(counts.error));
  core.setOutput('warnings', String(counts.warning));
  core.setOutput('infos', String(counts.info));
  core.setOutput('projects', JSON.stringify(analysis.projects.map((p) => p.dir || '.')));
  core.setOutput('comment-id', published.commentId === undefined ? '' : String(published.commentId));
  core.setOutput('comment-url', published.commentUrl ?? '');
  core.setOutput('review-id', published.reviewId === undefined ? '' : String(published.reviewId));
  core.setOutput('ready', String(mappings.length > 0 && mappings.every((m) => m.ready)));
  const changed = analysis.projects.flatMap((p) =>
    (p.diff?.mappings ?? [])
      .filter((m) => m.status !== 'unchanged')
      .map((m) => ({ project: p.dir || '.', id: m.id, status: m.status, base: m.baseVersion ?? null, head: m.headVersion ?? null, required: m.required, verdict: m.verdict })),
  );
  core.setOutput('changed-mappings', JSON.stringify(changed));
}
