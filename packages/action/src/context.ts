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
  /**
   * Under `workflow_run`: the pull request the run claims to be for. Nothing in it is believed
   * until `verifyPullRequest` has read that pull request from the API.
   */
  claimed: ClaimedPullRequest | undefined;
}

/** What a `workflow_run` (its event, or a payload saved by the unprivileged run) says the pull request is. */
export interface ClaimedPullRequest {
  number: number;
  /** The commit the trusted `workflow_run` event ran on. */
  runHeadSha: string;
  /** The repository the trusted event's head commit lives in (`owner/name`). */
  runHeadRepo: string | undefined;
  /** What the saved payload says, compared with the API's answer; never used on its own. */
  saved: { headRepo: string | undefined; baseSha: string | undefined } | undefined;
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
  workflow_run?: { head_sha?: unknown; head_repository?: { full_name?: unknown } | null; pull_requests?: { number?: unknown }[] | null };
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

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A pull request number as GitHub writes it: a positive integer. */
function prNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/**
 * `savedPullRequest`: under `workflow_run`, the `pull_request` payload the unprivileged run saved
 * (fork pull requests have no `pull_requests` in the workflow_run event). It comes from the fork,
 * so only its number is used, as a claim that `verifyPullRequest` checks against the API.
 */
export function readContext(env: Record<string, string | undefined>, cwd: string, savedPullRequest = ''): RunContext {
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const payload: Payload = env.GITHUB_EVENT_PATH ? readJson(env.GITHUB_EVENT_PATH, 'the event payload at GITHUB_EVENT_PATH') : {};
  let pr: PullRequestInfo | undefined;
  let claimed: ClaimedPullRequest | undefined;
  if (savedPullRequest && eventName !== 'workflow_run') throw new ContextError('input pull-request-payload is for workflows triggered by workflow_run');
  if (eventName === 'workflow_run') {
    const run = payload.workflow_run;
    const runHeadSha = run?.head_sha;
    if (typeof runHeadSha !== 'string' || !sha.test(runHeadSha)) throw new ContextError('the workflow_run event has no head commit');
    const runHeadRepo = text(run?.head_repository?.full_name);
    if (savedPullRequest) {
      const saved = readJson(savedPullRequest, 'the saved pull request payload (input pull-request-payload)').pull_request;
      if (saved?.head?.sha !== runHeadSha) throw new ContextError('the saved pull request payload is not for the commit this workflow_run ran on: nothing is posted');
      const number = prNumber(saved.number);
      if (number === undefined) throw new ContextError('the saved pull request payload has no pull request number (a positive integer): nothing is posted');
      claimed = { number, runHeadSha, runHeadRepo, saved: { headRepo: text(saved.head.repo?.full_name), baseSha: text(saved.base?.sha) } };
    } else {
      // A pull request from the same repository is named by the event itself.
      const numbers = (run?.pull_requests ?? []).map((p) => prNumber(p.number));
      const number = numbers.length === 1 ? numbers[0] : undefined;
      if (number !== undefined) claimed = { number, runHeadSha, runHeadRepo, saved: undefined };
    }
  }
  const p = payload.pull_request;
  if (p && (eventName === 'pull_request' || eventName === 'pull_request_target')) {
    const baseSha = p.base?.sha;
    const headSha = p.head?.sha;
    const number = prNumber(p.number);
    if (number === undefined || typeof baseSha !== 'string' || !sha.test(baseSha) || typeof headSha !== 'string' || !sha.test(headSha)) {
      throw new ContextError('the pull_request payload has no number (a positive integer) or no base and head commits');
    }
    const baseRepo = p.base?.repo?.full_name ?? payload.repository?.full_name;
    const headRepo = p.head?.repo?.full_name;
    pr = {
      number,
      baseSha,
      headSha,
      changedFiles: typeof p.changed_files === 'number' ? p.changed_files : undefined,
      // A deleted fork has no head repository; it is a fork all the same.
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
    claimed,
  };
}

/** The fields of `GET /repos/{owner}/{repo}/pulls/{pull_number}` that decide what is analysed. */
interface ApiPullRequest {
  number?: unknown;
  state?: unknown;
  changed_files?: unknown;
  base?: { sha?: unknown; repo?: { full_name?: unknown } | null };
  head?: { sha?: unknown; repo?: { full_name?: unknown } | null };
}

/**
 * Reads the claimed pull request from the API and believes it only when its head commit and head
 * repository are the ones the trusted `workflow_run` event ran on, and the saved payload (if any)
 * agrees with it. The base commit comes from the API's answer, never from the payload, so a forged
 * payload can neither write to another pull request nor choose the configuration that judges it.
 * Under `workflow_run` the token is the base repository's, which may write: `fork` is false.
 */
export async function verifyPullRequest(
  get: (number: number) => Promise<unknown>,
  repository: string,
  claim: ClaimedPullRequest,
): Promise<{ pr: PullRequestInfo; note: string | undefined }> {
  let answer: ApiPullRequest;
  try {
    answer = (await get(claim.number)) ?? {};
  } catch (error) {
    throw new ContextError(`could not read pull request #${claim.number} from the API to check the workflow_run payload (${(error as Error).message}): nothing is posted`);
  }
  const headSha = text(answer.head?.sha);
  const baseSha = text(answer.base?.sha);
  const headRepo = text(answer.head?.repo?.full_name);
  const baseRepo = text(answer.base?.repo?.full_name);
  function refuse(why: string): never {
    throw new ContextError(`pull request #${claim.number} ${why}: the workflow_run payload is not believed and nothing is posted`);
  }
  if (prNumber(answer.number) !== claim.number) refuse('was not returned by the API');
  if (baseRepo !== undefined && baseRepo.toLowerCase() !== repository.toLowerCase()) refuse(`belongs to ${baseRepo}, not ${repository}`);
  if (headSha !== claim.runHeadSha) refuse('has another head commit than the one this workflow_run ran on');
  if (headRepo === undefined || (claim.runHeadRepo !== undefined && headRepo.toLowerCase() !== claim.runHeadRepo.toLowerCase())) refuse('has its head in another repository than the one this workflow_run ran on');
  if (claim.saved?.headRepo !== undefined && claim.saved.headRepo.toLowerCase() !== headRepo.toLowerCase()) refuse('has its head in another repository than the saved payload says');
  if (baseSha === undefined || !sha.test(baseSha)) refuse('has no base commit in the API answer');
  const note = claim.saved?.baseSha !== undefined && claim.saved.baseSha !== baseSha ? `The saved pull request payload names another base commit than GitHub does; the base ${baseSha.slice(0, 7)} read from the API was used.` : undefined;
  return {
    pr: { number: claim.number, baseSha, headSha, changedFiles: typeof answer.changed_files === 'number' ? answer.changed_files : undefined, fork: false },
    note,
  };
}
