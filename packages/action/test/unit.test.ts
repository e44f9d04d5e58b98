import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ApiUnavailableError, GitHubApi, WriteForbiddenError, rateLimitWait } from '../src/api.js';
import { readInputs } from '../src/main.js';
import { repoRoot } from './harness.js';

const actionYml = parseYaml(readFileSync(path.join(repoRoot, 'packages/action/action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }>; outputs: Record<string, unknown>; runs: { using: string; main: string } };

function httpError(status: number, headers: Record<string, string> = {}): Error {
  return Object.assign(new Error(`HTTP ${status}`), { status, response: { headers } });
}

describe('action.yml', () => {
  it('runs dist/index.js on node24 and declares exactly the inputs the action reads', () => {
    expect(actionYml.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    const read: string[] = [];
    readInputs({ getInput: (name) => (read.push(name), '') });
    expect(read.sort()).toEqual(Object.keys(actionYml.inputs).sort());
    expect(actionYml.inputs['github-token']?.default).toBe('${{ github.token }}');
  });

  it('rejects inputs it does not understand, naming the input', () => {
    const inputs = (values: Record<string, string>) => readInputs({ getInput: (name) => values[name] ?? '' });
    expect(() => inputs({ 'fail-on': 'sometimes' })).toThrow('input fail-on is "sometimes": use one of error, warning, info, never');
    expect(() => inputs({ comment: 'maybe' })).toThrow('input comment is "maybe": use true or false');
    expect(() => inputs({ paths: 'examples\n../../etc' })).toThrow('is outside the repository');
    expect(inputs({ paths: './examples/, docs' }).paths).toEqual(['examples', 'docs']);
  });
});

describe('GitHubApi retries', () => {
  it('G8: reads retry-after, then x-ratelimit-reset when the primary limit is spent', () => {
    expect(rateLimitWait(httpError(403, { 'retry-after': '7' }))).toBe(7);
    expect(rateLimitWait(httpError(429, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1010' }), 1_000_000)).toBe(10);
    expect(rateLimitWait(httpError(403, { 'x-ratelimit-remaining': '12' }))).toBeUndefined();
    expect(rateLimitWait(httpError(429))).toBe(60);
  });

  it('waits as asked and retries, within a bounded number of attempts', async () => {
    const waits: number[] = [];
    let calls = 0;
    const api = new GitHubApi(() => (++calls < 3 ? Promise.reject(httpError(429, { 'retry-after': '2' })) : Promise.resolve({ status: 200, data: 'ok' })), { sleep: (ms) => (waits.push(ms), Promise.resolve()) });
    await expect(api.call('GET /x', {})).resolves.toBe('ok');
    expect(waits).toEqual([2000, 2000]);
    const stuck = new GitHubApi(() => Promise.reject(httpError(429, { 'retry-after': '1' })), { sleep: () => Promise.resolve(), maxAttempts: 3 });
    await expect(stuck.call('GET /x', {})).rejects.toBeInstanceOf(ApiUnavailableError);
    expect(stuck.made).toHaveLength(3);
  });

  it('G1: a 403 without a rate limit on a write means a read-only token', async () => {
    const api = new GitHubApi(() => Promise.reject(httpError(403)));
    await expect(api.call('POST /x', {})).rejects.toBeInstanceOf(WriteForbiddenError);
  });

  it('G5: never retries a failed create blindly: it asks recover() first, and does not retry without one', async () => {
    let posts = 0;
    const api = new GitHubApi(() => (posts++, Promise.reject(httpError(502))), { sleep: () => Promise.resolve() });
    await expect(api.call('POST /x', {}, { recover: () => Promise.resolve({ id: 1 }) })).resolves.toEqual({ id: 1 });
    expect(posts).toBe(1);
    await expect(api.call('POST /x', {})).rejects.toBeInstanceOf(ApiUnavailableError);
    expect(posts).toBe(2);
  });
});
