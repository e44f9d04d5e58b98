import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// A static check of the layering: git is run in one module of the CLI layer (packages/cli/src/git.ts),
// which the Action imports; the packages below the CLI and the Action never start a process for git.
const packages = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// bench and test-utils are tools around the packages (test-utils makes temporary git repositories for the Action's tests).
const top = new Set(['cli', 'action', 'bench', 'test-utils']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(full);
    return /\.(ts|mts|cts|js|mjs|cjs)$/u.test(e.name) ? [full] : [];
  });
}

const files = readdirSync(packages, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .flatMap((e) => ['src', 'scripts'].flatMap((sub) => {
    try {
      return sources(path.join(packages, e.name, sub));
    } catch {
      return [];
    }
  }))
  .map((file) => ({ name: path.relative(path.dirname(packages), file).split(path.sep).join('/'), text: readFileSync(file, 'utf8') }));

const importsChildProcess = /(?:from\s*|import\s*\(\s*|require\s*\(\s*)['"](?:node:)?child_process['"]/u;
const runsGit = /\b(?:execFile|execFileSync|spawn|spawnSync|exec|execSync)\s*\(\s*['"`]git['"`]/u;
const packageOf = (name: string): string => name.split('/')[1] ?? '';

describe('git runs in one module of the CLI layer', () => {
  it('finds the sources it checks', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.map((f) => packageOf(f.name))).toEqual(expect.arrayContaining(['core', 'lint', 'samples', 'diff', 'report', 'metadata', 'transform', 'openfn', 'book', 'sheets']));
  });

  it('has packages/cli/src/git.ts as the only source that runs git, and the Action imports it', () => {
    expect(files.filter((f) => packageOf(f.name) !== 'test-utils' && runsGit.test(f.text)).map((f) => f.name)).toEqual(['packages/cli/src/git.ts']);
    const actionImports = files.filter((f) => packageOf(f.name) === 'action' && /from '(?:interop-design\/git)'/u.test(f.text)).map((f) => f.name).sort();
    expect(actionImports).toEqual(['packages/action/src/changed-files.ts', 'packages/action/src/main.ts']);
    expect(files.filter((f) => packageOf(f.name) === 'action' && f.name.includes('/src/') && importsChildProcess.test(f.text)).map((f) => f.name)).toEqual([]);
  });

  it('lets no package below the CLI and the Action import node:child_process, except openfn, which runs node (never git) to verify jobs', () => {
    const below = files.filter((f) => !top.has(packageOf(f.name)) && importsChildProcess.test(f.text)).map((f) => f.name);
    expect(below).toEqual(['packages/openfn/src/verify.ts']);
  });

  it('tells running git from running something else', () => {
    expect(runsGit.test("execFileSync('git', ['-C', root])")).toBe(true);
    expect(runsGit.test('spawn(`git`, args)')).toBe(true);
    expect(runsGit.test("spawn(process.execPath, ['runner.js'])")).toBe(false);
    expect(runsGit.test("execFileSync('github-cli', [])")).toBe(false);
    expect(importsChildProcess.test("import { spawn } from 'node:child_process';")).toBe(true);
    expect(importsChildProcess.test("const cp = await import('child_process');")).toBe(true);
    expect(importsChildProcess.test("import { x } from './child_process_helpers.js';")).toBe(false);
  });
});
