/**
 * Runs the bundled action (`dist/index.js`) as the runner does: a child process with the runner's
 * environment, a `pull_request` payload from @octokit/webhooks-examples, a git repository with base
 * and head commits as the workspace, and the fake GitHub API as GITHUB_API_URL.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PrFile } from './fake-github.js';

const require = createRequire(import.meta.url);
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const dist = path.join(repoRoot, 'packages/action/dist/index.js');

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

export interface TempRepo {
  dir: string;
  baseSha: string;
  headSha: string;
}

/**
 * A repository holding the given example projects at the base commit, and the head commit after
 * `change` edits the tree. The workspace is left checked out at the head commit.
 */
export function makeRepo(projects: readonly string[], change: (dir: string) => void): TempRepo {
  const dir = mkdtempSync(path.join(tmpdir(), 'interop-action-'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'test@example.org');
  git(dir, 'config', 'user.name', 'Test');
  git(dir, 'config', 'core.quotePath', 'false');
  for (const p of projects) cpSync(path.join(repoRoot, 'examples', p), path.join(dir, 'examples', p), { recursive: true });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  const baseSha = git(dir, 'rev-parse', 'HEAD');
  git(dir, 'checkout', '-q', '-b', 'feature');
  change(dir);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', 'head');
  return { dir, baseSha, headSha: git(dir, 'rev-parse', 'HEAD') };
}

/** Edits a file of the repository by replacing text that must be there. */
export function edit(dir: string, file: string, from: string, to: string): void {
  const abs = path.join(dir, file);
  const text = readFileSync(abs, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
  writeFileSync(abs, text.replace(from, to));
}

export function write(dir: string, file: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
}

/** The pull request's files as `pulls.listFiles` answers: status, and the patch from the first hunk. */
export function githubFiles(repo: TempRepo): PrFile[] {
  // Exact names from -z (diff headers quote unusual names); the diff's blocks come in the same order.
  const fields = git(repo.dir, 'diff', '--name-status', '-z', '--find-renames', repo.baseSha, repo.headSha, '--').split('\0');
  const entries: { filename: string; status: string; previous_filename?: string }[] = [];
  for (let i = 0; i < fields.length - 1; ) {
    const code = fields[i] ?? '';
    if (code.startsWith('R')) {
      entries.push({ filename: fields[i + 2] ?? '', status: 'renamed', previous_filename: fields[i + 1] ?? '' });
      i += 3;
    } else {
      entries.push({ filename: fields[i + 1] ?? '', status: code === 'A' ? 'added' : code === 'D' ? 'removed' : 'modified' });
      i += 2;
    }
  }
  const diff = git(repo.dir, 'diff', '--no-color', '--find-renames', '--unified=3', repo.baseSha, repo.headSha, '--');
  const blocks = diff.split(/^(?=diff --git )/mu).filter((b) => b.startsWith('diff --git'));
  return entries.map((e, i) => {
    const block = blocks[i] ?? '';
    const at = block.indexOf('\n@@');
    return { ...e, ...(at >= 0 ? { patch: block.slice(at + 1).replace(/\n$/u, '') } : {}) };
  });
}

interface WebhookExample {
  name: string;
  examples: ({ action: string; pull_request: Record<string, unknown> } & Record<string, unknown>)[];
}

/** A real `pull_request.opened` payload from @octokit/webhooks-examples, pointed at the repository's commits. */
export function pullRequestPayload(repo: TempRepo, options: { changedFiles?: number; fork?: boolean; headSha?: string } = {}): Record<string, unknown> {
  const all = require('@octokit/webhooks-examples/api.github.com/index.json') as WebhookExample[];
  const example = all.find((e) => e.name === 'pull_request')?.examples.find((e) => e.action === 'opened');
  if (!example) throw new Error('no pull_request.opened example');
  const payload = structuredClone(example) as unknown as { pull_request: { base: { sha: string; repo: { full_name: string } }; head: { sha: string; repo: { full_name: string; fork: boolean } | null }; changed_files: number; number: number } } & Record<string, unknown>;
  payload.pull_request.base.sha = repo.baseSha;
  payload.pull_request.head.sha = options.headSha ?? repo.headSha;
  if (options.changedFiles !== undefined) payload.pull_request.changed_files = options.changedFiles;
  if (options.fork && payload.pull_request.head.repo) {
    payload.pull_request.head.repo.full_name = 'forker/Hello-World';
    payload.pull_request.head.repo.fork = true;
  }
  return payload;
}

/** A real `workflow_run.completed` payload, for the commit `headSha` in the repository `headRepo`. */
export function workflowRunPayload(headSha: string, headRepo = 'forker/Hello-World', pullRequests: number[] = []): Record<string, unknown> {
  const all = require('@octokit/webhooks-examples/api.github.com/index.json') as { name: string; examples: { action: string; workflow_run: Record<string, unknown> }[] }[];
  const example = all.find((e) => e.name === 'workflow_run')?.examples.find((e) => e.action === 'completed');
  if (!example) throw new Error('no workflow_run.completed example');
  const payload = structuredClone(example);
  payload.workflow_run.head_sha = headSha;
  payload.workflow_run.event = 'pull_request';
  payload.workflow_run.pull_requests = pullRequests.map((number) => ({ number }));
  (payload.workflow_run.head_repository as { full_name: string }).full_name = headRepo;
  return payload;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  summary: string;
  outputs: Record<string, string>;
}

/** Parses `GITHUB_OUTPUT` (`name<<delimiter` blocks). */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^(.+?)<<(\S+)\n([\s\S]*?)\n\2$/gmu;
  for (const m of text.matchAll(re)) out[m[1] ?? ''] = m[3] ?? '';
  return out;
}

/** Runs dist/index.js once, as a runner would for a `pull_request` event. */
export async function runAction(options: { repo: TempRepo; api: string; payload: Record<string, unknown>; inputs?: Record<string, string>; eventName?: string; runId?: string }): Promise<RunResult> {
  const work = mkdtempSync(path.join(tmpdir(), 'interop-runner-'));
  const eventPath = path.join(work, 'event.json');
  const summaryPath = path.join(work, 'summary.md');
  const outputPath = path.join(work, 'output.txt');
  writeFileSync(eventPath, JSON.stringify(options.payload));
  writeFileSync(summaryPath, '');
  writeFileSync(outputPath, '');
  const inputs: Record<string, string> = { 'github-token': 'ghs_faketoken', paths: '.', 'fail-on': 'error', comment: 'true', review: 'true', annotations: 'true', 'config-from': 'base', ...options.inputs };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? work,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_EVENT_NAME: options.eventName ?? 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'Codertocat/Hello-World',
    GITHUB_SHA: options.repo.headSha,
    GITHUB_API_URL: options.api,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: options.runId ?? '1234',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'design',
    GITHUB_TOKEN: 'ghs_faketoken',
    GITHUB_WORKSPACE: options.repo.dir,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_OUTPUT: outputPath,
    RUNNER_TEMP: work,
    NO_PROXY: '127.0.0.1',
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const child = spawn(process.execPath, [dist], { cwd: options.repo.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr, summary: readFileSync(summaryPath, 'utf8'), outputs: parseOutputs(readFileSync(outputPath, 'utf8')) };
}

/** Workflow commands the run printed (`::error file=...::message`), parsed as the runner would. */
export function workflowCommands(stdout: string): { command: string; props: Record<string, string>; message: string }[] {
  const out: { command: string; props: Record<string, string>; message: string }[] = [];
  let stopped: string | undefined;
  for (const line of stdout.split('\n')) {
    if (stopped) {
      if (line.trim() === `::${stopped}::`) stopped = undefined;
      continue;
    }
    const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/u.exec(line.trim());
    if (!m) continue;
    if (m[1] === 'stop-commands') {
      stopped = m[3];
      continue;
    }
    const props: Record<string, string> = {};
    for (const kv of (m[2] ?? '').split(',')) {
      const i = kv.indexOf('=');
      if (i > 0) props[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1).replace(/%(?![0-9A-F]{2})/gu, '%25'));
    }
    out.push({ command: m[1] ?? '', props, message: m[3] ?? '' });
  }
  return out;
}
