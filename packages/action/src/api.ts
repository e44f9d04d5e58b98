/**
 * The few GitHub REST calls the action makes, with GitHub's rules for retrying. Rate limits are
 * waited out, and writes paced, by @octokit/plugin-throttling in the client (see `throttlePolicy`);
 * here, a rate limit that outlasted its budget becomes a `RateLimitedError`, server errors are
 * retried for reads and for writes that can check whether they landed, and a 403 that is not a
 * rate limit means the token cannot write (a fork's pull request).
 */

export interface RequestFn {
  (route: string, params: Record<string, unknown>): Promise<{ data: unknown; status: number }>;
}

export interface ApiOptions {
  /** Attempts per request, the first included. */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  log?: (message: string) => void;
}

/** The token may not write here (403 without a rate limit): every later write would fail too. */
export class WriteForbiddenError extends Error {
  override name = 'WriteForbiddenError';
}

/** GitHub refused a write as invalid (HTTP 422): a line outside the diff, a body too long. */
export class RefusedError extends Error {
  override name = 'RefusedError';
  readonly status = 422;
}

/** GitHub did not answer usefully within the retry budget (rate limit, server errors). */
export class ApiUnavailableError extends Error {
  override name = 'ApiUnavailableError';
}

interface ErrorShape {
  status?: number;
  response?: { headers?: Record<string, string | number | undefined> };
}

function statusOf(error: unknown): number | undefined {
  const status = (error as ErrorShape | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

function header(error: unknown, name: string): string | undefined {
  const value = (error as ErrorShape | null)?.response?.headers?.[name];
  return value === undefined ? undefined : String(value);
}

/** GitHub's message on a secondary rate limit ("You have exceeded a secondary rate limit ..."). */
const secondaryMessage = /\bsecondary rate\b/iu;

function messageOf(error: unknown): string {
  const e = error as { message?: unknown; response?: { data?: { message?: unknown } } } | null;
  const data = e?.response?.data?.message;
  return `${typeof e?.message === 'string' ? e.message : ''} ${typeof data === 'string' ? data : ''}`;
}

/**
 * Which rate limit a failure is: `secondary` (403 or 429 whose message says so, or with
 * `retry-after`), `primary` (`x-ratelimit-remaining: 0`), or `undefined` for any other failure.
 */
export function rateLimitOf(error: unknown): 'primary' | 'secondary' | undefined {
  const status = statusOf(error);
  if (status !== 403 && status !== 429) return undefined;
  if (secondaryMessage.test(messageOf(error)) || header(error, 'retry-after') !== undefined) return 'secondary';
  if (header(error, 'x-ratelimit-remaining') === '0') return 'primary';
  return status === 429 ? 'secondary' : undefined;
}

/** A rate limit outlasted the wait budget: the writes stop, and the summary says why. */
export class RateLimitedError extends ApiUnavailableError {
  override name = 'RateLimitedError';
  constructor(
    message: string,
    readonly kind: 'primary' | 'secondary',
  ) {
    super(message);
  }
}

/**
 * When the throttling plugin (@octokit/plugin-throttling) waits out a rate limit: as long as the
 * total wait stays within `budgetSeconds` and a request has been retried fewer than three times.
 * The plugin supplies the wait: `retry-after`, the primary limit's reset, or GitHub's advised
 * minute for a secondary limit sent without a header.
 */
export function throttlePolicy(budgetSeconds: number, log: (message: string) => void = () => undefined) {
  let spent = 0;
  const decide = (kind: string) => (retryAfter: number, options: { method?: string; url?: string }, _octokit: unknown, retryCount: number): boolean => {
    const what = `${options.method ?? ''} ${options.url ?? ''}`.trim();
    if (retryCount >= 3 || spent + retryAfter > budgetSeconds) {
      log(`GitHub ${kind} rate limit on ${what}: ${retryAfter} s to wait, beyond the budget (${budgetSeconds - spent} s left of rate-limit-wait): not retrying`);
      return false;
    }
    spent += retryAfter;
    log(`GitHub ${kind} rate limit on ${what}: waiting ${retryAfter} s, then retrying`);
    return true;
  };
  return { onRateLimit: decide('primary'), onSecondaryRateLimit: decide('secondary'), get spentSeconds() { return spent; } };
}

export interface CallOptions<T> {
  /**
   * For a create (POST) whose answer was lost: looks for what the request would have created and
   * returns it, so that a retry never posts twice. Without it a failed POST is not retried.
   */
  recover?: () => Promise<T | undefined>;
}

export class GitHubApi {
  /** Every request made, for the log and for tests. */
  readonly made: string[] = [];
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxAttempts: number;
  private readonly log: (message: string) => void;

  constructor(
    private readonly request: RequestFn,
    options: ApiOptions = {},
  ) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.maxAttempts = options.maxAttempts ?? 4;
    this.log = options.log ?? (() => undefined);
  }

  async call<T>(route: string, params: Record<string, unknown>, options: CallOptions<T> = {}): Promise<T> {
    const method = route.split(' ', 1)[0] ?? 'GET';
    for (let attempt = 1; ; attempt++) {
      try {
        this.made.push(route);
        const response = await this.request(route, params);
        return response.data as T;
      } catch (error) {
        const status = statusOf(error);
        // The client has already waited out what the budget allowed.
        const limit = rateLimitOf(error);
        if (limit === 'primary') throw new RateLimitedError(`GitHub's rate limit is spent (HTTP ${status ?? '?'} on ${route})`, limit);
        if (limit === 'secondary') throw new RateLimitedError(`GitHub's secondary rate limit was still in force (HTTP ${status ?? '?'} on ${route})`, limit);
        if (status === 422 && method !== 'GET') throw new RefusedError(`GitHub refused ${route} (HTTP 422)`);
        if (status === 403 && method !== 'GET') throw new WriteForbiddenError(`the token may not write here (HTTP 403 on ${route})`);
        const transient = status === undefined || status >= 500;
        if (!transient) throw error;
        if (method === 'POST') {
          const found = options.recover ? await options.recover() : undefined;
          if (found !== undefined) {
            this.log(`HTTP ${status ?? 'error'} on ${route}, but the write landed: not posting again`);
            return found;
          }
          if (!options.recover) throw new ApiUnavailableError(`HTTP ${status ?? 'error'} on ${route}`);
        }
        if (attempt >= this.maxAttempts) throw new ApiUnavailableError(`HTTP ${status ?? 'error'} on ${route}, ${attempt} attempts`);
        this.log(`HTTP ${status ?? 'error'} on ${route}: retrying`);
        await this.sleep(500 * 2 ** (attempt - 1));
      }
    }
  }

  /** Every item of a list endpoint, 100 per page, up to `maxPages` pages. */
  // The caller names the item type of the endpoint it lists.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
  async list<T>(route: string, params: Record<string, unknown>, maxPages = 30): Promise<{ items: T[]; complete: boolean }> {
    const items: T[] = [];
    for (let page = 1; page <= maxPages; page++) {
      const data = await this.call<T[]>(route, { ...params, per_page: 100, page });
      items.push(...data);
      if (data.length < 100) return { items, complete: true };
    }
    return { items, complete: false };
  }
}
