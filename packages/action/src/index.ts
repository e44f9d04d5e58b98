// The action wired to the real runner and GitHub client. `run()` takes no arguments, as
// @github/local-action expects of an action's entry point; src/bin.ts calls it for dist/index.js.
import * as core from '@actions/core';
import { getOctokit } from '@actions/github';
import { throttling } from '@octokit/plugin-throttling';
import { throttlePolicy } from './api.js';
import type { RequestFn } from './api.js';
import { run as runWith } from './main.js';
import type { ClientOptions } from './main.js';

/**
 * The REST client: @actions/github's Octokit with @octokit/plugin-throttling, which paces writes
 * (one mutating request at a time, a second apart, three between those that notify) and waits out
 * rate limits within the `rate-limit-wait` budget.
 */
export function makeRequest(token: string, options: ClientOptions): RequestFn {
  const octokit = getOctokit(token, { throttle: throttlePolicy(options.waitBudgetSeconds, options.log) }, throttling);
  return (route, params) => octokit.request(route, params);
}

/** Runs the action once, as the runner does. */
export async function run(): Promise<void> {
  await runWith({ core, request: makeRequest, env: process.env, cwd: process.cwd() });
}
