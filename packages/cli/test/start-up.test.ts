import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatters } from '@interop-design/report';
import { minimalProject, testdir } from '@interop-design/test-utils';
import { formatNames } from '../src/version.js';

const repo = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(repo, 'packages/cli/dist/bin.js');
const work = mkdtempSync(path.join(tmpdir(), 'interop-design-start-up-'));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** Runs the built command and returns its exit code and the modules it loaded (packages by name, workspace packages as @interop-design/x). */
function loaded(cwd: string, args: string[]): { status: number | null; packages: Set<string>; urls: string[] } {
  const record = path.join(work, `modules-${String(Math.random()).slice(2)}.txt`);
  const r = spawnSync(process.execPath, ['--import', path.join(import.meta.dirname, 'fixtures/record-modules.mjs'), bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, RECORD_MODULES: record } });
  expect(r.stderr).toBe('');
  const packages = new Set<string>();
  const urls = readFileSync(record, 'utf8').split('\n');
  for (const url of urls) {
    const dep = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\//u.exec(url)?.[1];
    const own = /\/packages\/([^/]+)\/dist\//u.exec(url)?.[1];
    if (dep) packages.add(dep);
    else if (own) packages.add(own === 'cli' ? 'interop-design' : `@interop-design/${own}`);
  }
  return { status: r.status, packages, urls };
}

describe('start-up: a command loads what it uses', () => {
  it('--format offers every formatter of packages/report', () => {
    expect([...formatNames].sort()).toEqual(Object.keys(formatters).sort());
  });

  it('lint of a project without JSONata or phone transforms or schedules loads none of their libraries, nor the other commands\' packages', () => {
    const { status, packages } = loaded(testdir(minimalProject()), ['lint', '--format', 'json', '--fail-on', 'never']);
    expect(status).toBe(0);
    // What lint uses is there (the check would pass vacuously if nothing were recorded).
    for (const used of ['@interop-design/core', '@interop-design/lint', '@interop-design/transform', '@interop-design/report', 'js-yaml', 'ajv']) expect([used, packages.has(used)]).toEqual([used, true]);
    for (const unused of ['jsonata', 'libphonenumber-js', 'cron-parser', 'exceljs', 'node-sql-parser', 'acorn', '@interop-design/book', '@interop-design/openfn', '@interop-design/sheets', '@interop-design/samples']) {
      expect([unused, packages.has(unused)]).toEqual([unused, false]);
    }
  });

  it('a project with a JSONata transform, an e164 format and cron schedules loads the three libraries before lint runs', () => {
    const { status, packages } = loaded(path.join(repo, 'examples/commcare-salesforce'), ['lint', '--format', 'json', '--fail-on', 'never']);
    expect(status).toBe(0);
    expect([packages.has('jsonata'), packages.has('libphonenumber-js'), packages.has('cron-parser')]).toEqual([true, true, true]);
  });

  it('a project with an SQL Server export loads only node-sql-parser\'s T-SQL build, not the Postgres one', () => {
    const { status, urls } = loaded(path.join(repo, 'examples/kobo-mssql'), ['lint', '--format', 'json', '--fail-on', 'never']);
    expect(status).toBe(0);
    const builds = urls.flatMap((u) => /node-sql-parser\/build\/([a-z]+)\.js$/u.exec(u)?.[1] ?? []);
    expect(builds).toEqual(['transactsql']);
  });
});
