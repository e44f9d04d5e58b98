/**
 * The few GitHub REST calls the action makes, with GitHub's rules for retrying: rate limits are
 * waited out when the wait is short (`retry-after`, or `x-ratelimit-reset` when the primary limit
 * is spent), server errors are retried for reads and for writes that can check whether they
 * landed, and a 403 that is not a rate limit means the token cannot write (a fork's pull request).
 */

export interface RequestFn {
  (route: string, params: Record<string, unknown>): Promise<{ data: unknown; status: number }>;
}

export interface ApiOptions {
  /** Longest single wait for a rate limit, in seconds; longer waits give up at once. */
  maxWaitSeconds?: number;
  /** Attempts per request, the first included. */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  log?: (message: string) => void;
}

/** The token may not write here (403 without a rate limit): every later write would fail too. */
export class WriteForbiddenError extends Error {
  override name = 'WriteForbiddenError';
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

/** Seconds to wait before retrying, when the failure is a rate limit; `undefined` otherwise. */
export function rateLimitWait(error: unknown, now = Date.now()): number | undefined {
  const status = statusOf(error);
  if (status !== 403 && status !== 429) return undefined;
  const retryAfter = header(error, 'retry-after');
  if (retryAfter !== undefined && /^\d+$/u.test(retryAfter.trim())) return Number(retryAfter);
  if (header(error, 'x-ratelimit-remaining') === '0') {
    const reset = Number(header(error, 'x-ratelimit-reset'));
    return Number.isFinite(reset) ? Math.max(1, Math.ceil(reset - now / 1000)) : 60;
  }
  // A secondary limit without a header: GitHub asks for at least a minute.
  return status === 429 ? 60 : undefined;
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
  private readonly maxWait: number;
  private readonly maxAttempts: number;
  private readonly log: (message: string) => void;

  constructor(
    private readonly request: RequestFn,
    options: ApiOptions = {},
  ) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.maxWait = options.maxWaitSeconds ?? 60;
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
        const wait = rateLimitWait(error);
        if (wait !== undefined) {
          if (wait > this.maxWait || attempt >= this.maxAttempts) throw new ApiUnavailableError(`GitHub's rate limit is spent (HTTP ${status ?? '?'}; ${wait} s to wait)`);
          this.log(`GitHub rate limit (HTTP ${status ?? '?'}): waiting ${wait} s as retry-after asks`);
          await this.sleep(wait * 1000);
          continue;
        }
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
