import { readFileSync } from 'node:fs';

/** What the runner tells the action about the run, from its environment and event payload. */
export interface RunContext {
  eventName: string;
  workspace: string;
  owner: string;
  repo: string;
  /** The commit the workflow ran for (for a pull request, usually its merge commit). */
  sha: string;
  /** Link to this run, for "see the job summary". */
  runUrl: string | undefined;
  /** The repository on GitHub, for links to lines. */
  repoUrl: string | undefined;
  /** A per-run token written into what the action posts, to recognise its own writes. */
  runKey: string;
  pr: PullRequestInfo | undefined;
}

export interface PullRequestInfo {
  number: number;
  baseSha: string;
  headSha: string;
  /** The number of changed files GitHub reported in the event. */
  changedFiles: number | undefined;
  /** Opened from another repository: under `pull_request` its token is read-only. */
  fork: boolean;
}

interface Payload {
  pull_request?: {
    number?: unknown;
    changed_files?: unknown;
    base?: { sha?: unknown; repo?: { full_name?: unknown } | null };
    head?: { sha?: unknown; repo?: { full_name?: unknown } | null };
  };
  repository?: { full_name?: unknown };
  workflow_run?: { head_sha?: unknown };
}

const sha = /^[0-9a-f]{40}$/u;

export class ContextError extends Error {
  override name = 'ContextError';
}

function readJson(file: string, what: string): Payload {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Payload;
  } catch (error) {
    throw new ContextError(`cannot read ${what}: ${(error as Error).message}`);
  }
}

/**
 * `savedPullRequest`: under `workflow_run`, the `pull_request` payload the unprivileged run saved
 * (fork pull requests have no `pull_requests` in the workflow_run event). It comes from the fork,
 * so it is believed only for the commit the trusted event names.
 */
export function readContext(env: Record<string, string | undefined>, cwd: string, savedPullRequest = ''): RunContext {
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/');
  let payload: Payload = env.GITHUB_EVENT_PATH ? readJson(env.GITHUB_EVENT_PATH, 'the event payload at GITHUB_EVENT_PATH') : {};
  let pr: PullRequestInfo | undefined;
  let fromWorkflowRun = false;
  if (savedPullRequest) {
    if (eventName !== 'workflow_run') throw new ContextError('input pull-request-payload is for workflows triggered by workflow_run');
    const runHead = payload.workflow_run?.head_sha;
    payload = readJson(savedPullRequest, 'the saved pull request payload (input pull-request-payload)');
    if (typeof runHead !== 'string' || payload.pull_request?.head?.sha !== runHead) throw new ContextError('the saved pull request payload is not for the commit this workflow_run ran on: nothing is posted');
    fromWorkflowRun = true;
  }
  const p = payload.pull_request;
  if (p && (eventName === 'pull_request' || eventName === 'pull_request_target' || fromWorkflowRun)) {
    const baseSha = p.base?.sha;
    const headSha = p.head?.sha;
    if (typeof p.number !== 'number' || typeof baseSha !== 'string' || !sha.test(baseSha) || typeof headSha !== 'string' || !sha.test(headSha)) {
      throw new ContextError('the pull_request payload has no number or base and head commits');
    }
    const baseRepo = p.base?.repo?.full_name ?? payload.repository?.full_name;
    const headRepo = p.head?.repo?.full_name;
    pr = {
      number: p.number,
      baseSha,
      headSha,
      changedFiles: typeof p.changed_files === 'number' ? p.changed_files : undefined,
      // A deleted fork has no head repository; it is a fork all the same. Under workflow_run the
      // token is the base repository's, which may write.
      fork: eventName === 'pull_request' && (typeof headRepo !== 'string' || headRepo !== baseRepo),
    };
  }
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
  const runId = env.GITHUB_RUN_ID;
  return {
    eventName,
    workspace: env.GITHUB_WORKSPACE ?? cwd,
    owner,
    repo,
    sha: env.GITHUB_SHA ?? '',
    runUrl: runId && owner ? `${server}/${owner}/${repo}/actions/runs/${runId}` : undefined,
    repoUrl: owner && repo ? `${server}/${owner}/${repo}` : undefined,
    runKey: `${runId ?? 'local'}.${env.GITHUB_RUN_ATTEMPT ?? '1'}.${env.GITHUB_JOB ?? 'job'}.${Math.random().toString(36).slice(2, 10)}`,
    pr,
  };
}
