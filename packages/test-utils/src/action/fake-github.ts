/**
 * A local stand-in for api.github.com: checks every request against GitHub's OpenAPI description
 * (`@octokit/openapi`: method, path, path and query parameters, request body schema) and answers
 * as GitHub does for the endpoints the action uses, with GitHub's limits (3,000 files per pull
 * request, review lines inside the diff or 422 for the whole review, comment bodies up to 65,536
 * characters) and failures injected by tests (403 for read-only tokens, rate limits, 502s).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import AjvModule from 'ajv';
import type { ValidateFunction } from 'ajv';
import parseDiff from 'parse-diff';

const require = createRequire(import.meta.url);

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Record<string, unknown>;
}

interface Operation {
  method: string;
  template: string;
  regex: RegExp;
  names: string[];
  parameters: Parameter[];
  body: ValidateFunction | undefined;
  bodyRequired: boolean;
}

interface Spec {
  paths: Record<string, Record<string, { parameters?: ({ $ref: string } | Parameter)[]; requestBody?: { required?: boolean; content?: Record<string, { schema: Record<string, unknown> }> } }>>;
  components: { parameters: Record<string, Parameter> } & Record<string, unknown>;
}

function str(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

let cachedOperations: Operation[] | undefined;

/** Every operation of the REST API, compiled lazily: bodies are compiled on first use. */
function operations(): Operation[] {
  if (cachedOperations) return cachedOperations;
  const spec = require('@octokit/openapi/generated/api.github.com.json') as Spec;
  const Ajv = AjvModule as unknown as typeof AjvModule.default;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, validateSchema: false, coerceTypes: false });
  const ops: Operation[] = [];
  for (const [template, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!['get', 'post', 'patch', 'put', 'delete'].includes(method)) continue;
      const names: string[] = [];
      const regex = new RegExp(`^${template.replace(/\{([^}]+)\}/gu, (_, name: string) => {
        names.push(name);
        return '([^/]+)';
      })}$`, 'u');
      const parameters = (op.parameters ?? []).map((p) => ('$ref' in p ? spec.components.parameters[p.$ref.split('/').pop() ?? ''] : p)).filter((p): p is Parameter => p !== undefined);
      const schema = op.requestBody?.content?.['application/json']?.schema;
      let compiled: ValidateFunction | undefined;
      ops.push({
        method: method.toUpperCase(),
        template,
        regex,
        names,
        parameters,
        get body() {
          if (!schema) return undefined;
          compiled ??= ajv.compile({ ...schema, components: spec.components });
          return compiled;
        },
        bodyRequired: op.requestBody?.required ?? false,
      });
    }
  }
  // Literal paths before templated ones, as a router would.
  ops.sort((a, b) => a.names.length - b.names.length);
  cachedOperations = ops;
  return ops;
}

function checkValue(value: string, schema: Record<string, unknown> | undefined): boolean {
  if (!schema) return true;
  const type = schema.type;
  if (type === 'integer') return /^-?\d+$/u.test(value) && (schema.maximum === undefined || Number(value) <= Number(schema.maximum)) && (schema.minimum === undefined || Number(value) >= Number(schema.minimum));
  if (type === 'boolean') return value === 'true' || value === 'false';
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).includes(value);
  return true;
}

export interface User {
  login: string;
  id: number;
  type: 'Bot' | 'User';
}

export const bot: User = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };
export const human: User = { login: 'octocat', id: 583231, type: 'User' };
/** The account behind a personal access token used as github-token (`comment-author: ci-user`). */
export const ciUser: User = { login: 'ci-user', id: 7654321, type: 'User' };

/** GitHub's message on a secondary rate limit, as its REST docs give it. */
export const secondaryRateLimitMessage = 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID FAKE.';

export interface IssueComment {
  id: number;
  body: string;
  user: User;
  html_url: string;
  /** The pull request (issue) it is on. */
  issue: number;
}

export interface ReviewComment {
  id: number;
  body: string;
  path: string;
  line: number | null;
  side?: string;
  subject_type: 'line' | 'file';
  commit_id: string;
  pull_request_review_id: number | null;
  in_reply_to_id?: number;
  user: User;
  /** The pull request it is on. */
  pr?: number;
}

export interface Review {
  id: number;
  body: string;
  commit_id: string;
  user: User;
  event: string;
  pr?: number;
}

export interface PrFile {
  filename: string;
  status: string;
  previous_filename?: string;
  patch?: string;
}

export interface Fault {
  /** `METHOD /template` of the operation, e.g. `POST /repos/{owner}/{repo}/issues/{issue_number}/comments`. */
  route: string;
  /** How many times to fail (default 1). */
  times?: number;
  status: number;
  headers?: Record<string, string>;
  /** The answer's `message` (GitHub's own text for a secondary rate limit, say). */
  message?: string;
  /** Do the work first, then answer with the failure (a 502 after create). */
  after?: boolean;
}

export interface RecordedRequest {
  method: string;
  url: string;
  route: string;
  body: unknown;
  status: number;
  /** When the request arrived (ms since the epoch), to measure pacing. */
  at: number;
  /** Who the token belongs to. */
  user: string;
}

export interface FakeOptions {
  owner?: string;
  repo?: string;
  prNumber?: number;
  /** More open pull requests of the repository, each with its own comments. */
  otherPrs?: number[];
  /** Who each token belongs to; any other token is the Actions bot. */
  tokens?: Record<string, User>;
  /** Files of the pull request, as `pulls.listFiles` returns them (GitHub caps the list at 3,000). */
  files?: PrFile[];
  /** Commits the pull request has had; review comments may anchor to any of them. */
  commits?: string[];
  /** The token may only read (a fork's pull request under `pull_request`). */
  readOnly?: boolean;
  faults?: Fault[];
  /** Delay for each answer, in ms (to overlap concurrent runs). */
  latency?: number;
  /** Pull requests `GET /pulls/{pull_number}` answers with (the one of `prNumber` included, if given). */
  pulls?: PullRequest[];
}

/** A pull request as `GET /repos/{owner}/{repo}/pulls/{pull_number}` describes it (the fields the action reads). */
export interface PullRequest {
  number: number;
  headSha: string;
  baseSha: string;
  /** `owner/name` of the head repository; `null` for a deleted fork. */
  headRepo: string | null;
  changedFiles?: number;
}

/** Right-side line numbers inside the hunks of a GitHub `patch`. */
function hunkLines(patch: string | undefined): Set<number> {
  const lines = new Set<number>();
  if (!patch) return lines;
  for (const chunk of parseDiff(`--- a/f\n+++ b/f\n${patch}`)[0]?.chunks ?? []) {
    for (const c of chunk.changes) {
      if (c.type === 'add') lines.add(c.ln);
      else if (c.type === 'normal') lines.add(c.ln2);
    }
  }
  return lines;
}

type FakeCheckRun = FakeGitHub['checkRuns'][number];

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  /** Requests that do not match GitHub's OpenAPI description; every test expects none. */
  readonly violations: string[] = [];
  issueComments: IssueComment[] = [];
  reviewComments: ReviewComment[] = [];
  reviews: Review[] = [];
  /** Check runs, with every annotation added by their create and update requests. */
  checkRuns: { id: number; name: string; head_sha: string; conclusion: string; title: string; annotations: { path: string; start_line: number; annotation_level: string; message: string }[] }[] = [];
  options: Required<Omit<FakeOptions, 'faults' | 'latency' | 'pulls'>> & { faults: (Fault & { left: number })[]; latency: number; pulls: PullRequest[] };
  private nextId = 1000;
  private server: Server | undefined;
  url = '';

  constructor(options: FakeOptions = {}) {
    this.options = {
      owner: options.owner ?? 'Codertocat',
      repo: options.repo ?? 'Hello-World',
      prNumber: options.prNumber ?? 2,
      otherPrs: options.otherPrs ?? [],
      tokens: options.tokens ?? {},
      files: options.files ?? [],
      commits: options.commits ?? [],
      readOnly: options.readOnly ?? false,
      faults: (options.faults ?? []).map((f) => ({ ...f, left: f.times ?? 1 })),
      latency: options.latency ?? 0,
      pulls: options.pulls ?? [],
    };
  }

  async start(): Promise<string> {
    operations();
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      if (this.server) this.server.close(() => { resolve(); });
      else resolve();
    });
  }

  /** Adds a comment as someone else (or as the bot, for a comment left by an earlier run). */
  addIssueComment(body: string, user: User, issue = this.options.prNumber): IssueComment {
    const id = this.nextId++;
    const c = { id, body, user, issue, html_url: `https://github.com/${this.options.owner}/${this.options.repo}/pull/${issue}#issuecomment-${id}` };
    this.issueComments.push(c);
    return c;
  }

  addReviewComment(c: Omit<ReviewComment, 'id'>): ReviewComment {
    const made = { pr: this.options.prNumber, ...c, id: this.nextId++ };
    this.reviewComments.push(made);
    return made;
  }

  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET');
  }

  private match(method: string, path: string): { op: Operation; params: Record<string, string> } | undefined {
    for (const op of operations()) {
      if (op.method !== method) continue;
      const m = op.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      op.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1] ?? '')));
      return { op, params };
    }
    return undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    const method = req.method ?? 'GET';
    const found = this.match(method, url.pathname);
    const route = found ? `${method} ${found.op.template}` : `${method} ${url.pathname}`;
    let body: unknown;
    const at = Date.now();
    const caller = this.caller(req.headers.authorization);
    const send = (status: number, data: unknown, headers: Record<string, string> = {}): boolean => {
      this.requests.push({ method, url: url.pathname + url.search, route, body, status, at, user: caller.login });
      const text = data === undefined ? '' : JSON.stringify(data);
      const write = (): void => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', 'x-github-request-id': `FAKE:${this.requests.length}`, ...headers });
        res.end(text);
      };
      if (this.options.latency) setTimeout(write, this.options.latency);
      else write();
      return true;
    };
    const violation = (message: string): boolean => {
      this.violations.push(`${method} ${url.pathname}${url.search}: ${message}`);
      return send(400, { message, documentation_url: 'https://docs.github.com/rest' });
    };

    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      return violation('body is not JSON');
    }
    if (!found) {
      return violation('no such operation in the OpenAPI description');
    }
    const { op, params } = found;
    // Parameters: every path and query parameter is declared, well-typed, and required ones are present.
    for (const p of op.parameters) {
      if (p.in === 'path' && !checkValue(params[p.name] ?? '', p.schema)) return violation(`path parameter ${p.name} is not a valid ${String(p.schema?.type)}`);
      if (p.in === 'query') {
        const v = url.searchParams.get(p.name);
        if (v === null && p.required) return violation(`missing query parameter ${p.name}`);
        if (v !== null && !checkValue(v, p.schema)) return violation(`query parameter ${p.name}=${v} does not match its schema`);
      }
    }
    for (const key of url.searchParams.keys()) if (!op.parameters.some((p) => p.in === 'query' && p.name === key)) return violation(`unknown query parameter ${key}`);
    const validate = op.body;
    if (validate) {
      if (body === undefined && op.bodyRequired) return violation('missing request body');
      if (body !== undefined && !validate(body)) return violation(`body does not match the schema: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    } else if (body !== undefined && method !== 'GET') {
      return violation('this operation takes no body');
    }
    if (params.owner !== this.options.owner || params.repo !== this.options.repo) return send(404, { message: 'Not Found' });
    if (!/^(token|bearer) \S+$/iu.test(req.headers.authorization ?? '')) return send(401, { message: 'Requires authentication' });

    const fault = this.options.faults.find((f) => f.route === route && f.left > 0);
    if (fault && !fault.after) {
      fault.left--;
      return send(fault.status, { message: fault.message ?? `injected HTTP ${fault.status}`, documentation_url: 'https://docs.github.com/rest' }, fault.headers);
    }
    if (this.options.readOnly && method !== 'GET') return send(403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest' });

    const [status, data] = this.answer(op.template, method, params, url.searchParams, body as Record<string, unknown> | undefined, caller);
    if (fault?.after && status < 300) {
      fault.left--;
      return send(fault.status, { message: `injected HTTP ${fault.status} after the write` }, fault.headers);
    }
    return send(status, data);
  }

  private page<T>(items: T[], query: URLSearchParams): T[] {
    const perPage = Number(query.get('per_page') ?? 30);
    const page = Number(query.get('page') ?? 1);
    return items.slice((page - 1) * perPage, page * perPage);
  }

  /** The account a token belongs to. */
  private caller(authorization: string | undefined): User {
    const token = /^(?:token|bearer) (\S+)$/iu.exec(authorization ?? '')?.[1] ?? '';
    return this.options.tokens[token] ?? bot;
  }

  private answer(template: string, method: string, params: Record<string, string>, query: URLSearchParams, body: Record<string, unknown> | undefined, caller: User): [number, unknown] {
    const pr = Number(params.pull_number ?? params.issue_number);
    const route = `${method} ${template}`;
    if (route === 'GET /repos/{owner}/{repo}/pulls/{pull_number}') {
      const p = this.options.pulls.find((x) => x.number === pr);
      if (!p) return [404, { message: 'Not Found' }];
      const full = `${this.options.owner}/${this.options.repo}`;
      const repoOf = (name: string) => ({ full_name: name, name: name.split('/')[1], owner: { login: name.split('/')[0] }, fork: name !== full });
      return [200, { number: p.number, state: 'open', changed_files: p.changedFiles ?? this.options.files.length, base: { sha: p.baseSha, ref: 'main', repo: repoOf(full) }, head: { sha: p.headSha, ref: 'feature', repo: p.headRepo === null ? null : repoOf(p.headRepo) } }];
    }
    const prRoute = /\{(pull_number|issue_number)\}/u.test(template);
    if (prRoute && pr !== this.options.prNumber && !this.options.otherPrs.includes(pr)) return [404, { message: 'Not Found' }];
    const files = pr === this.options.prNumber ? this.options.files : [];
    const maxBody = 65_536;
    switch (route) {
      case 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files':
        return [200, this.page(files.slice(0, 3000), query)];
      case 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments':
        return [200, this.page(this.issueComments.filter((c) => c.issue === pr).sort((a, b) => a.id - b.id), query)];
      case 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': {
        const text = str(body?.body, '');
        if (text.length > maxBody) return [422, { message: 'Validation Failed', errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }] }];
        return [201, this.addIssueComment(text, caller, pr)];
      }
      case 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': {
        const c = this.issueComments.find((x) => x.id === Number(params.comment_id));
        if (!c) return [404, { message: 'Not Found' }];
        if (c.user.login !== caller.login) return [403, { message: 'You cannot edit this comment' }];
        const text = str(body?.body, '');
        if (text.length > maxBody) return [422, { message: 'Validation Failed' }];
        c.body = text;
        return [200, c];
      }
      case 'DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}': {
        const i = this.issueComments.findIndex((x) => x.id === Number(params.comment_id));
        if (i < 0) return [404, { message: 'Not Found' }];
        if (this.issueComments[i]?.user.login !== caller.login) return [403, { message: 'Must have admin rights to Repository.' }];
        this.issueComments.splice(i, 1);
        return [204, undefined];
      }
      case 'GET /repos/{owner}/{repo}/pulls/{pull_number}/comments':
        return [200, this.page(this.reviewComments.filter((c) => c.pr === pr).sort((a, b) => a.id - b.id), query)];
      case 'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews':
        return [200, this.page(this.reviews.filter((r) => r.pr === pr), query)];
      case 'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews': {
        const commit = str(body?.commit_id, '');
        if (this.options.commits.length && !this.options.commits.includes(commit)) return [422, { message: 'Unprocessable Entity', errors: ['commit_id is not part of the pull request'] }];
        const comments = (body?.comments ?? []) as { path: string; line?: number; side?: string; body: string }[];
        for (const c of comments) {
          const file = files.find((f) => f.filename === c.path);
          if (c.body.length > maxBody) return [422, { message: 'Validation Failed', errors: [{ resource: 'PullRequestReviewComment', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }] }];
          if (!file || c.line === undefined || !hunkLines(file.patch).has(c.line)) return [422, { message: 'Unprocessable Entity', errors: ['Pull request review thread line must be part of the diff'] }];
        }
        const review: Review = { id: this.nextId++, body: str(body?.body, ''), commit_id: commit, user: caller, event: str(body?.event, 'PENDING'), pr };
        this.reviews.push(review);
        for (const c of comments) this.addReviewComment({ body: c.body, path: c.path, line: c.line ?? null, side: c.side ?? 'RIGHT', subject_type: 'line', commit_id: commit, pull_request_review_id: review.id, user: caller, pr });
        return [200, review];
      }
      case 'POST /repos/{owner}/{repo}/pulls/{pull_number}/comments': {
        const path = str(body?.path, '');
        const file = files.find((f) => f.filename === path);
        if (!file) return [422, { message: 'Unprocessable Entity', errors: ['path is not part of the pull request'] }];
        if (str(body?.body, '').length > maxBody) return [422, { message: 'Validation Failed', errors: [{ resource: 'PullRequestReviewComment', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }] }];
        if (body?.subject_type !== 'file' && !hunkLines(file.patch).has(Number(body?.line))) return [422, { message: 'Unprocessable Entity', errors: ['line must be part of the diff'] }];
        return [201, this.addReviewComment({ body: str(body?.body, ''), path, line: body?.subject_type === 'file' ? null : Number(body?.line), subject_type: body?.subject_type === 'file' ? 'file' : 'line', commit_id: str(body?.commit_id, ''), pull_request_review_id: null, user: caller, pr })];
      }
      case 'POST /repos/{owner}/{repo}/check-runs': {
        const output = body?.output as { title: string; annotations?: FakeCheckRun['annotations'] } | undefined;
        const run = { id: this.nextId++, name: str(body?.name, ''), head_sha: str(body?.head_sha, ''), conclusion: str(body?.conclusion, ''), title: output?.title ?? '', annotations: [...(output?.annotations ?? [])] };
        if (this.options.commits.length && !this.options.commits.includes(run.head_sha)) return [422, { message: 'Validation Failed', errors: ['No commit found for SHA'] }];
        this.checkRuns.push(run);
        return [201, { id: run.id, name: run.name, head_sha: run.head_sha, status: 'completed', conclusion: run.conclusion }];
      }
      case 'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}': {
        const run = this.checkRuns.find((r) => r.id === Number(params.check_run_id));
        if (!run) return [404, { message: 'Not Found' }];
        run.annotations.push(...((body?.output as { annotations?: FakeCheckRun['annotations'] } | undefined)?.annotations ?? []));
        return [200, { id: run.id, name: run.name, head_sha: run.head_sha, status: 'completed', conclusion: run.conclusion }];
      }
      case 'DELETE /repos/{owner}/{repo}/pulls/comments/{comment_id}': {
        const i = this.reviewComments.findIndex((x) => x.id === Number(params.comment_id));
        if (i < 0) return [404, { message: 'Not Found' }];
        if (this.reviewComments[i]?.user.login !== caller.login) return [403, { message: 'Must have admin rights to Repository.' }];
        this.reviewComments.splice(i, 1);
        return [204, undefined];
      }
      default:
        this.violations.push(`${route}: valid, but the fake does not implement it`);
        return [501, { message: 'not implemented by the fake' }];
    }
  }
}
