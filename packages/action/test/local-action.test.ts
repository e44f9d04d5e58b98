/**
 * Runs the action the way GitHub tells authors to debug actions locally: @github/local-action
 * imports src/index.ts (TypeScript, through its bundled tsx) and calls its `run()`, which takes no
 * arguments. A push event with no token: it lints the examples and calls no API.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '@interop-design/test-utils/action';

const bin = path.join(repoRoot, 'packages/action/node_modules/.bin/local-action');

describe('@github/local-action', { timeout: 180_000 }, () => {
  it('runs src/index.ts: run() with no arguments checks every project and sets the outputs', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'interop-local-action-'));
    const env = path.join(work, '.env');
    const output = path.join(work, 'output.txt');
    writeFileSync(output, '');
    writeFileSync(env, ['INPUT_PATHS=examples', 'INPUT_GITHUB-TOKEN=', 'INPUT_COMMENT=false', 'INPUT_REVIEW=false', 'GITHUB_EVENT_NAME=push', 'GITHUB_REPOSITORY=Codertocat/Hello-World', `GITHUB_WORKSPACE=${repoRoot}`, `GITHUB_OUTPUT=${output}`, ''].join('\n'));
    const r = spawnSync(bin, ['run', path.join(repoRoot, 'packages/action'), 'src/index.ts', env], { cwd: repoRoot, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? work, CI: 'true' } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("'Entrypoint'");
    expect(r.stdout).not.toMatch(/::error::interop-design/u);
    // The outputs, through the runner's output file or the older set-output command.
    const outputs = readFileSync(output, 'utf8') + r.stdout;
    expect(outputs).toMatch(/projects(<<\S+\n|::)\["examples\/commcare-salesforce","examples\/dhis2-godata","examples\/kobo-mssql"\]/u);
    expect(outputs).toMatch(/errors(<<\S+\n|::)0/u);
  });
});
