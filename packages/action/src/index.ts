// The action's entry point, bundled into dist/index.js: wires the real runner and GitHub client.
import * as core from '@actions/core';
import { getOctokit } from '@actions/github';
import type { RequestFn } from './api.js';
import { run } from './main.js';

const request = (token: string): RequestFn => {
  const octokit = getOctokit(token);
  return (route, params) => octokit.request(route, params);
};

await run({ core, request, env: process.env, cwd: process.cwd() });
