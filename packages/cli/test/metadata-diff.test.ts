import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { testdir } from '@interop-design/test-utils';

const repo = path.resolve(import.meta.dirname, '../../..');
const cs = 'examples/commcare-salesforce';
const describeFile = `${cs}/metadata/salesforce-Patient__c.describe.json`;

async function run(cwd: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { cwd, color: false, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid' } });
}

/** A git repository whose first commit holds the commcare-salesforce example and whose second holds `edit`'s changes. */
function history(edit: (dir: string) => void): string {
  const root = testdir({});
  rmSync(path.join(root, '.git'), { recursive: true });
  cpSync(path.join(repo, cs), path.join(root, cs), { recursive: true });
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'base');
  edit(root);
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '--allow-empty', '-m', 'head');
  return root;
}

interface Describe { fields: { name: string; type: string; picklistValues: { value: string }[] }[] }

/** Edits the Patient__c describe as Salesforce would export it after an admin's change. */
function editDescribe(root: string, change: (d: Describe) => void): void {
  const file = path.join(root, describeFile);
  const d = JSON.parse(readFileSync(file, 'utf8')) as Describe;
  change(d);
  writeFileSync(file, JSON.stringify(d, null, 2) + '\n');
}

interface JsonOut {
  base: string;
  projects: { dir: string; changes: { kind: string; system: string; resource?: string; field?: string; value?: string; from?: string; to?: string; at: { file: string; line: number }; breaks: { mapping: string; side: string; field: string; reason: string; file: string; line: number; column: number }[] }[] }[];
}

describe('interop-design metadata diff', () => {
  it('a removed picklist value and a changed type: JSON and text name the mappings they break at file:line:col, exit 1', async () => {
    const root = history((dir) => {
      editDescribe(dir, (d) => {
        for (const f of d.fields) {
          if (f.name === 'Gender__c') f.picklistValues = f.picklistValues.filter((p) => p.value !== 'Other');
          if (f.name === 'Village__c') f.type = 'double';
        }
      });
    });
    const json = await run(root, 'metadata', 'diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json');
    expect(json.stderr).toBe('');
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as JsonOut;
    expect(out.base).toBe(git(root, 'rev-parse', 'HEAD~1').trim());
    expect(out.projects.map((p) => p.dir)).toEqual([cs]);
    const changes = out.projects[0]?.changes ?? [];
    expect(changes.map((c) => [c.kind, c.system, c.resource, c.field, c.value ?? `${c.from ?? ''}->${c.to ?? ''}`])).toEqual([
      ['choice-removed', 'salesforce', 'Patient__c', 'Gender__c', 'Other'],
      ['type-changed', 'salesforce', 'Patient__c', 'Village__c', 'string->double'],
    ]);
    expect(changes[0]?.at.file).toBe(describeFile);
    // The value map's target and the mapping's declared destination choice both write "Other".
    expect(changes[0]?.breaks.map((b) => [b.mapping, b.side, b.field, b.reason, `${b.file}:${b.line}:${b.column}`])).toEqual([
      ['commcare-salesforce-patient', 'destination', 'Gender__c', 'writes-removed-value', `${cs}/valuemaps/gender.valuemap.yaml:9:24`],
      ['commcare-salesforce-patient', 'destination', 'Gender__c', 'writes-removed-value', `${cs}/mappings/commcare-salesforce-patient.mapping.yaml:32:75`],
    ]);
    expect(changes[1]?.breaks.map((b) => [b.mapping, b.field, b.reason, `${b.file}:${b.line}`])).toEqual([
      ['commcare-salesforce-patient', 'Village__c', 'type-no-longer-fits', `${cs}/mappings/commcare-salesforce-patient.mapping.yaml:37`],
    ]);

    const text = await run(root, 'metadata', 'diff', '--base', 'HEAD~1', '--head', 'HEAD');
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('salesforce: "Other" removed from "Patient__c.Gender__c"');
    expect(text.stdout).toContain(`breaks "commcare-salesforce-patient" destination "Gender__c" writes the removed value, at ${cs}/valuemaps/gender.valuemap.yaml:9:24`);
    expect(text.stdout).toContain('2 metadata changes, breaking 1 mapping');

    const md = await run(root, 'metadata', 'diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'markdown');
    expect(md.stdout).toContain('#### Removed picklist values and option codes');
    expect(md.stdout).toContain('<code>Other</code> removed from <code>Patient&#95;&#95;c.Gender&#95;&#95;c</code>');
  });

  it('a value added and the working tree compared by default: nothing breaks, exit 0; a path holding no project is a usage error', async () => {
    const root = history(() => undefined);
    editDescribe(root, (d) => {
      d.fields.find((f) => f.name === 'Gender__c')?.picklistValues.push({ value: 'Prefer not to say' });
    });
    const r = await run(root, 'metadata', 'diff', '--base', 'HEAD', '--format', 'json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as JsonOut;
    expect(out.projects[0]?.changes.map((c) => [c.kind, c.field, c.value, c.breaks.length])).toEqual([['choice-added', 'Gender__c', 'Prefer not to say', 0]]);
    const inside = await run(root, 'metadata', 'diff', '--base', 'HEAD', `${cs}/mappings`);
    expect(inside.stdout).toContain('"Prefer not to say" added to "Patient__c.Gender__c"');
    const elsewhere = await run(root, 'metadata', 'diff', '--base', 'HEAD', 'examples/other');
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain('no design project');
  });

  it('a describe that no longer parses is not compared (no false removals), said on stderr; usage errors exit 2', async () => {
    const root = history((dir) => {
      writeFileSync(path.join(dir, describeFile), '{ "name": "Patient__c", "fields": [ ');
    });
    const r = await run(root, 'metadata', 'diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as JsonOut).projects[0]?.changes).toEqual([]);
    expect(r.stderr).toContain(`the salesforce metadata is not compared: ${describeFile} was not read at the head commit (metadata-syntax)`);
    expect((await run(root, 'metadata', 'diff', '--base', 'no-such-ref')).code).toBe(2);
    expect((await run(root, 'metadata', 'diff', '--base', 'HEAD', '--format', 'sarif')).code).toBe(2);
    expect((await run(root, 'metadata', 'diff')).code).toBe(2);
  });
});
