import { mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ApiUnavailableError, GitHubApi, RateLimitedError, WriteForbiddenError, rateLimitOf, throttlePolicy } from '../src/api.js';
import { readInputs } from '../src/main.js';
import { bookFolderRefusal, mermaidAssets } from '../src/book.js';
import { repoRoot } from '@interop-design/test-utils/action';
import { countingFs, edited, testdir } from '@interop-design/test-utils';
import { analyse } from '../src/analyse.js';

const actionYml = parseYaml(readFileSync(path.join(repoRoot, 'packages/action/action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }>; outputs: Record<string, unknown>; runs: { using: string; main: string } };

function httpError(status: number, headers: Record<string, string> = {}, message = `HTTP ${status}`): Error {
  return Object.assign(new Error(message), { status, response: { headers, data: { message } } });
}

/** GitHub's message on a secondary rate limit, as its docs give it. */
const secondary = 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID FAKE:1.';

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
  it('G8, G13: tells a secondary limit (by GitHub\'s message or retry-after, 403 or 429) from a spent primary limit and from a missing permission', () => {
    expect(rateLimitOf(httpError(403, {}, secondary))).toBe('secondary');
    expect(rateLimitOf(httpError(429, {}, secondary))).toBe('secondary');
    expect(rateLimitOf(httpError(403, { 'retry-after': '7' }))).toBe('secondary');
    expect(rateLimitOf(httpError(429))).toBe('secondary');
    expect(rateLimitOf(httpError(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1010' }))).toBe('primary');
    expect(rateLimitOf(httpError(403, { 'x-ratelimit-remaining': '12' }, 'Resource not accessible by integration'))).toBeUndefined();
    expect(rateLimitOf(httpError(502))).toBeUndefined();
  });

  it('G13: the throttling policy waits within the budget and at most three times per request, then gives up', () => {
    const log: string[] = [];
    const policy = throttlePolicy(100, (m) => log.push(m));
    const options = { method: 'POST', url: '/repos/o/r/issues/2/comments' };
    expect(policy.onSecondaryRateLimit(60, options, undefined, 0)).toBe(true);
    expect(policy.onSecondaryRateLimit(30, options, undefined, 1)).toBe(true);
    // 90 s spent: another minute is beyond the budget.
    expect(policy.onSecondaryRateLimit(60, options, undefined, 0)).toBe(false);
    expect(policy.onRateLimit(5, options, undefined, 3)).toBe(false);
    expect(policy.spentSeconds).toBe(90);
    expect(log[0]).toBe('GitHub secondary rate limit on POST /repos/o/r/issues/2/comments: waiting 60 s, then retrying');
    expect(log[2]).toContain('beyond the budget (10 s left of rate-limit-wait)');
  });

  it('a rate limit the client gave up on is a RateLimitedError, never a missing permission', async () => {
    const api = new GitHubApi(() => Promise.reject(httpError(403, {}, secondary)));
    const error = await api.call('POST /x', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toBeInstanceOf(ApiUnavailableError);
    expect((error as RateLimitedError).kind).toBe('secondary');
    expect(api.made).toHaveLength(1);
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

describe('dist/licenses.txt', () => {
  it('holds the licence text of every third-party package the bundle carries, the action\'s own dependencies included', () => {
    const text = readFileSync(path.join(repoRoot, 'packages/action/dist/licenses.txt'), 'utf8');
    const names = [...text.matchAll(/^={72}\n(@?[^@\n]+)@([^\n]+)\n([^\n]+)\n\n/gmu)].map((m) => m[1]);
    for (const dep of ['@actions/core', '@actions/github', '@octokit/plugin-throttling', 'bottleneck', 'parse-diff', 'ajv', 'yaml', 'semver']) expect(names).toContain(dep);
    // Mermaid's browser build ships in dist/mermaid/: its notice and those of the packages it depends on.
    for (const dep of ['mermaid', 'd3', 'dompurify', 'katex', 'cytoscape', 'khroma']) expect(names).toContain(dep);
    const versions = [...text.matchAll(/^={72}\n(@?[^@\n]+@[^\n]+)\n/gmu)].map((m) => m[1]);
    expect(new Set(versions).size).toBe(versions.length);
    // Every entry carries a licence text, not only a name.
    const blocks = text.split(`\n${'='.repeat(72)}\n`).slice(1);
    expect(blocks).toHaveLength(names.length);
    for (const block of blocks) {
      const text = block.split('\n').slice(3).join('\n');
      // A package that ships no licence file is named with the licence its package.json declares.
      if (!text.startsWith('The package ships no licence file')) expect(text.length, block.split('\n')[0]).toBeGreaterThan(200);
    }
  });
});

describe('dist/mermaid: the design book\'s diagrams', () => {
  it('holds the mermaid package\'s browser build and licence, byte for byte, and the action finds them there', () => {
    const mermaid = path.dirname(createRequire(path.join(repoRoot, 'packages/book/package.json')).resolve('mermaid/package.json'));
    const shipped = readFileSync(path.join(repoRoot, 'packages/action/dist/mermaid/mermaid.min.js'));
    expect(shipped.equals(readFileSync(path.join(mermaid, 'dist/mermaid.min.js')))).toBe(true);
    expect(readFileSync(path.join(repoRoot, 'packages/action/dist/mermaid/LICENSE'), 'utf8')).toBe(readFileSync(path.join(mermaid, 'LICENSE'), 'utf8'));
    const found = mermaidAssets();
    expect(found && Buffer.from(found.script).equals(shipped)).toBe(true);
    expect(found?.license).toMatch(/MIT License/u);
  });
});

describe('the book folder (input book)', () => {
  it('O4, O5: refuses a folder outside the workspace, the workspace itself, .git, and any symlink or file on the way', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'interop-book-'));
    const outside = mkdtempSync(path.join(tmpdir(), 'interop-outside-'));
    mkdirSync(path.join(root, 'docs'));
    symlinkSync(outside, path.join(root, 'escape'));
    symlinkSync(outside, path.join(root, 'docs', 'book'));
    writeFileSync(path.join(root, 'README.md'), 'x');
    expect(bookFolderRefusal(root, 'design-book')).toBeUndefined();
    expect(bookFolderRefusal(root, 'docs/new/book')).toBeUndefined();
    expect(bookFolderRefusal(root, path.join(root, 'site'))).toBeUndefined();
    expect(bookFolderRefusal(root, '../book')).toMatch(/^it is outside the workspace/u);
    expect(bookFolderRefusal(root, outside)).toMatch(/^it is outside the workspace/u);
    expect(bookFolderRefusal(root, 'docs/../..')).toMatch(/^it is outside the workspace/u);
    expect(bookFolderRefusal(root, '.')).toMatch(/^it is the workspace itself/u);
    expect(bookFolderRefusal(root, '.git/book')).toBe('it is inside .git');
    expect(bookFolderRefusal(root, 'escape')).toBe('escape is a symbolic link');
    expect(bookFolderRefusal(root, 'escape/book')).toBe('escape is a symbolic link');
    expect(bookFolderRefusal(root, 'docs/book/x')).toBe(`${path.join('docs', 'book')} is a symbolic link`);
    expect(bookFolderRefusal(root, 'README.md/book')).toBe('README.md is not a folder');
  });
});

describe('analyse reads each file of each commit once', () => {
  it('a pull request: every head file and every base file is read once, though the project is loaded several times', async () => {
    // The kobo-mssql example as the base; the head changes a mapping and the SQL metadata.
    const dir = path.join(repoRoot, 'examples/kobo-mssql');
    const baseFiles: Record<string, string> = {};
    const walk = (rel: string): void => {
      for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
        const child = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) walk(child);
        else baseFiles[child] = readFileSync(path.join(dir, child), 'utf8');
      }
    };
    walk('');
    const mapping = 'mappings/kobo-mssql-members.mapping.yaml';
    const sql = 'metadata/mssql-household.sql';
    const headFiles = edited([[mapping, 'Kobo select_one yes/no', 'Kobo select_one yes or no'], [sql, 'GO', 'GO\n']], baseFiles);
    const head = countingFs(testdir(headFiles));
    const base = countingFs(testdir(baseFiles));
    const analysis = await analyse({ root: '', paths: [], configFrom: 'base', head, base, changed: new Set([mapping, sql]) });
    // The whole analysis ran: the head was linted and its samples checked, the base too.
    expect(analysis.projects.map((p) => [p.dir, p.config])).toEqual([['', 'base']]);
    expect(analysis.projects[0]?.baseFingerprints?.size).toBeGreaterThan(0);
    expect(analysis.projects[0]?.coverage.length).toBeGreaterThan(0);
    // Every file of either commit, design, metadata and sample, read exactly once.
    const files = Object.keys(baseFiles).sort();
    expect(files.length).toBeGreaterThan(12);
    expect(files.map((f) => [f, head.reads.get(f)])).toEqual(files.map((f) => [f, 1]));
    expect(files.map((f) => [f, base.reads.get(f)])).toEqual(files.map((f) => [f, 1]));
    expect([...head.reads].filter(([, n]) => n !== 1)).toEqual([]);
    expect([...base.reads].filter(([, n]) => n !== 1)).toEqual([]);
  });
});
