import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { minimalProject } from '@interop-design/test-utils';

const repo = path.resolve(import.meta.dirname, '../../..');
const work = mkdtempSync(path.join(tmpdir(), 'interop-design-install-'));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** The commands of the README's "Install the command" section, as written there. */
function readmeInstallCommands(): string[] {
  const readme = readFileSync(path.join(repo, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Install the command\n'));
  const block = /```sh\n([\s\S]*?)```/u.exec(section)?.[1];
  if (!block) throw new Error('README.md has no ```sh block under "## Install the command"');
  return block.split('\n').filter((line) => line.trim() && !line.startsWith('#'));
}

/**
 * A clean clone of this repository as it stands: every file git tracks (or would, untracked ones
 * not ignored), from the working tree, and nothing else: no node_modules, no build output.
 */
function cleanClone(dest: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repo, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    const from = path.join(repo, file);
    try {
      mkdirSync(path.dirname(path.join(dest, file)), { recursive: true });
      copyFileSync(from, path.join(dest, file));
    } catch {
      // Deleted in the working tree but not yet from the index.
    }
  }
}

describe('installing the command', () => {
  it('installs on the PATH from a clean clone with the README command, quietly, and lints a design outside the clone', () => {
    const clone = path.join(work, 'clone');
    cleanClone(clone);
    // The setup the README asks for, from the package store (no network where it is filled).
    const install = spawnSync('pnpm', ['install', '--frozen-lockfile', '--prefer-offline'], { cwd: clone, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    expect(install.status, install.stderr).toBe(0);
    const log = install.stdout + install.stderr;
    expect(log).not.toMatch(/Failed to create bin/u);
    expect(log).not.toMatch(/Ignored build scripts/u);

    const prefix = path.join(work, 'prefix');
    const env = { ...process.env, NPM_CONFIG_PREFIX: prefix, npm_config_prefix: prefix, PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env.PATH ?? ''}` };
    for (const command of readmeInstallCommands()) {
      const r = spawnSync('sh', ['-c', command], { cwd: clone, encoding: 'utf8', env });
      expect(r.status, `${command}\n${r.stdout}\n${r.stderr}`).toBe(0);
    }
    // The clone goes; the installed copy stays.
    rmSync(clone, { recursive: true, force: true });

    // A design in a folder outside the clone and outside git, one mapping with an unknown system.
    const design = path.join(work, 'my-design');
    for (const [file, text] of Object.entries(minimalProject())) {
      mkdirSync(path.dirname(path.join(design, file)), { recursive: true });
      writeFileSync(path.join(design, file), text);
    }
    const mapping = path.join(design, 'mappings/kobo-row.mapping.yaml');
    writeFileSync(mapping, readFileSync(mapping, 'utf8').replace('system: kobo', 'system: kobo2'));
    const lint = spawnSync('interop-design', ['lint', '--format', 'json'], { cwd: design, encoding: 'utf8', env });
    expect(lint.stderr).toBe('');
    expect(lint.status).toBe(1);
    const out = JSON.parse(lint.stdout) as { diagnostics: { ruleId: string; file: string; range: { start: { line: number; column: number } } }[] };
    expect(out.diagnostics.filter((d) => d.ruleId === 'reference-system').map((d) => [d.file, d.range.start.line, d.range.start.column])).toEqual([['mappings/kobo-row.mapping.yaml', 6, 11]]);
    // From the folder above, names start at the working directory.
    const above = spawnSync('interop-design', ['lint', 'my-design', '--format', 'json'], { cwd: work, encoding: 'utf8', env });
    expect((JSON.parse(above.stdout) as { diagnostics: { file: string }[] }).diagnostics.map((d) => d.file)).toContain('my-design/mappings/kobo-row.mapping.yaml');
    // JSONata and phone-number transforms: their libraries load only for projects that use them, inside the bundle too.
    const example = path.join(work, 'commcare-salesforce');
    cpSync(path.join(repo, 'examples/commcare-salesforce'), example, { recursive: true });
    const tests = spawnSync('interop-design', ['test'], { cwd: example, encoding: 'utf8', env });
    expect([tests.status, tests.stderr]).toEqual([0, '']);
    expect(tests.stdout).toMatch(/mapping tests: [1-9]\d* passing, 0 failing/u);
    const exampleLint = spawnSync('interop-design', ['lint', '--format', 'json', '--fail-on', 'never'], { cwd: example, encoding: 'utf8', env });
    expect([exampleLint.status, exampleLint.stderr]).toEqual([0, '']);
    expect((JSON.parse(exampleLint.stdout) as { diagnostics: { ruleId: string }[] }).diagnostics.filter((d) => d.ruleId === 'mapping-test')).toEqual([]);
    const diff = spawnSync('interop-design', ['diff', '--base', 'HEAD'], { cwd: design, encoding: 'utf8', env });
    expect([diff.status, diff.stderr]).toEqual([2, 'interop-design: diff compares two git commits: run it inside a git repository\n']);
  }, 300_000);
});
