import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '@interop-design/core';
import { loadProjects, loadYaml, nodeFs, parseFieldPath, FieldPathError, scanJson } from '@interop-design/core';
import { formatPattern, matchesType } from '@interop-design/samples';
import { formatters, escapeMarkdown } from '@interop-design/report';
import { minimalProject, run, testdir } from '@interop-design/test-utils';
import { ciVariables, isCi } from '../src/index.js';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid' } });
}

/** A git repository holding `files`, committed once. */
function committed(files: Record<string, string>): string {
  const root = testdir(files);
  rmSync(path.join(root, '.git'), { recursive: true });
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'base');
  return root;
}

const bin = path.resolve(import.meta.dirname, '../dist/bin.js');

/** Keys and values of the kind people and exports really write, and hostile ones. */
const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('@octocat', '#1', '<img src=//x>', '<!--', '</details>', '```', '|', '\n::error file=x::pwn', '\u202e', '\u200b', '%0A', '](x)', '078-05-1120'));

describe('hardening: property tests', () => {
  it('the YAML loader never throws and always returns findings with 1-based positions', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.array(fc.constantFrom('- ', '[', '{', '&a ', '*a', ': ', '\n', '  ', '!!x ', '%YAML 1.1\n', '---\n', '"', "'", '#', 'k', '<<: ')).map((a) => a.join(''))), (t) => {
        const r = loadYaml('x.yaml', t);
        for (const d of r.diagnostics) {
          expect(d.range.start.line).toBeGreaterThanOrEqual(1);
          expect(d.range.start.column).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('the path parser either parses or throws FieldPathError with an offset inside the path', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(fc.constantFrom('a', '.', '[', ']', '"', '=', '0', ' ', '/', '\\', 'é')).map((a) => a.join(''))), (t) => {
        try {
          parseFieldPath(t);
        } catch (e) {
          expect(e).toBeInstanceOf(FieldPathError);
          expect((e as FieldPathError).offset).toBeGreaterThanOrEqual(0);
          expect((e as FieldPathError).offset).toBeLessThanOrEqual(Math.max(t.length, 2048));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('the JSON scanner agrees with JSON.parse on well-formedness', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string(), fc.json().map((j) => j.slice(0, -1))), (t) => {
        let parses = true;
        try {
          JSON.parse(t);
        } catch {
          parses = false;
        }
        expect(scanJson(t).wellFormed).toBe(parses);
      }),
      { numRuns: 3000 },
    );
  });

  it('every formatter keeps untrusted text inert and within its line', () => {
    const diagnostic = fc.record({ ruleId: fc.constantFrom('schema', 'reference-system'), severity: fc.constantFrom('error', 'warning', 'info'), message: text, file: text, line: fc.integer({ min: 1, max: 1e6 }), column: fc.integer({ min: 1, max: 1e4 }) });
    fc.assert(
      fc.property(fc.array(diagnostic, { maxLength: 20 }), (list) => {
        const ds: Diagnostic[] = list.map((d) => ({ ruleId: d.ruleId, severity: d.severity, message: d.message, file: d.file, range: { start: { line: d.line, column: d.column }, end: { line: d.line, column: d.column } }, fingerprint: 'f' }));
        for (const [name, format] of Object.entries(formatters)) {
          const out = format(ds, {});
          if (name === 'github') for (const line of out.split('\n').filter(Boolean)) expect(line).toMatch(/^::(error|warning|notice) file=/u);
          if (name === 'json' || name === 'sarif') expect(() => JSON.parse(out) as unknown).not.toThrow();
          if (name === 'markdown') {
            const rows = out.split('\n').filter((l) => l.startsWith('| '));
            expect(rows).toHaveLength(ds.length ? ds.length + 2 : 0);
            expect(out).not.toMatch(/<(?!\/?details)|@\w|\u202e/u);
          }
          // eslint-disable-next-line no-control-regex -- the test looks for raw control characters
          if (name === 'stylish') expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u202e]/u);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('escapeMarkdown output never holds a raw mention, tag, pipe or line break', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(escapeMarkdown(t)).not.toMatch(/[<>|\n\r`]|@(?!&#8203;)|#(?!&#8203;|\d+;|x[0-9a-f]+;)/u);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('hardening: cases', () => {
  it('P10: a syntax error deep in a 50 MB JSON sample is found at its line and column', () => {
    const rows = Array.from({ length: 680_000 }, (_, i) => `  {"_id": ${i}, "household/hh_size": "${i % 9}", "comment": "visited on day ${i % 28}"}`);
    rows[600_000] = '  {"_id": 600000, "household/hh_size": "4" "comment": "x"}';
    const big = `[\n${rows.join(',\n')}\n]\n`;
    expect(big.length).toBeGreaterThan(50_000_000);
    const root = testdir({ ...minimalProject('p/'), 'p/sampleData/big.json': big });
    const [project] = loadProjects(nodeFs(root)).projects;
    const syntax = project?.diagnostics.filter((d) => d.ruleId === 'sample-syntax');
    expect(syntax?.map((d) => [d.file, d.range.start.line, d.range.start.column])).toEqual([['p/sampleData/big.json', 600_002, 44]]);
  });

  it('O7: a declared date format is matched literally, never as a pattern of the author', () => {
    expect(formatPattern('(a+)+$').test('(a+)+$')).toBe(true);
    expect(matchesType('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', 'date', '(a+)+$')).toBe(false);
    expect(matchesType('19/11/2026', 'date', 'dd/MM/yyyy')).toBe(true);
  });

  it('O40: --show-values is refused on every CI the tool recognises, not only where CI is set', () => {
    const local = Object.fromEntries(Object.entries(process.env).filter(([k]) => !(ciVariables as readonly string[]).includes(k)));
    expect(isCi(local)).toBe(false);
    expect(isCi({ ...local, CI: '' })).toBe(false);
    const root = testdir({ ...minimalProject('p/'), 'p/sampleData/a.json': '{"id": 1}' });
    const allowed = spawnSync(process.execPath, [bin, 'check-samples', 'p', '--show-values'], { cwd: root, encoding: 'utf8', env: local });
    expect(allowed.stderr).toBe('');
    for (const [name, value] of [['CI', 'true'], ['CI', 'false'], ['GITHUB_ACTIONS', 'true'], ['TF_BUILD', 'True'], ['JENKINS_URL', 'https://jenkins.example.org/'], ['GITLAB_CI', 'true'], ['BUILDKITE', 'true'], ['CIRCLECI', 'true']] as const) {
      expect(isCi({ ...local, [name]: value }), name).toBe(true);
    }
    // The built command asks isCi: one service that does not set CI is refused there too.
    const r = spawnSync(process.execPath, [bin, 'check-samples', 'p', '--show-values'], { cwd: root, encoding: 'utf8', env: { ...local, TF_BUILD: 'True' } });
    expect([r.status, r.stderr]).toEqual([2, 'interop-design: --show-values prints sample values, which may be personal data: it is for local runs, not CI\n']);
    expect([...ciVariables].sort()).toEqual(['BUILDKITE', 'CI', 'CIRCLECI', 'GITHUB_ACTIONS', 'GITLAB_CI', 'JENKINS_URL', 'TF_BUILD']);
  });

  it('O41: pnpm test:hardening selects every case id, P, O, G, M, X and B with any number of digits', () => {
    const scripts = (JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const pattern = /-t "([^"]+)"/u.exec(scripts['test:hardening'] ?? '')?.[1]?.replaceAll('\\"', '"');
    expect(pattern).toBeDefined();
    // vitest matches -t against the full name: the describe titles and the test title.
    const selects = (name: string): boolean => new RegExp(pattern ?? '$^', 'u').test(name);
    for (const id of ['P1', 'P15', 'P40', 'O9', 'O40', 'O123', 'G12', 'G15', 'M1', 'M40', 'X2', 'X40', 'B1', 'B40']) expect(selects(`packages/x > cases ${id}: a case`), id).toBe(true);
    for (const name of ['lint reports schema errors', 'the message says P40 matters', 'Q1: not a case']) expect(selects(name), name).toBe(false);
  });

  it('P40: diff does not call a mapping removed when the head file is too large to read, and reports removing one the base could not read', async () => {
    const root = committed(minimalProject('p/'));
    const mapping = path.join(root, 'p/mappings/kobo-row.mapping.yaml');
    // 11 MiB of comments: over the 10 MiB design-file cap, so the head's file is not read.
    appendFileSync(mapping, `# ${'x'.repeat(1023)}\n`.repeat(11 * 1024));
    git(root, 'commit', '-qam', 'big');
    const grown = JSON.parse((await run(root, 'diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json')).stdout) as { projects: { mappings: { id: string; status: string }[] }[]; failing: string[] };
    expect(grown.projects.flatMap((p) => p.mappings).map((m) => [m.id, m.status])).toEqual([]);
    expect(grown.failing).toEqual([]);
    // The file the base could not read is deleted: a removal, named by its file.
    git(root, 'rm', '-q', 'p/mappings/kobo-row.mapping.yaml');
    git(root, 'commit', '-qm', 'gone');
    const gone = await run(root, 'diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json');
    expect(gone.stderr).toBe('');
    const out = JSON.parse(gone.stdout) as { projects: { mappings: { id: string; status: string; verdict: string }[] }[]; failing: string[] };
    expect(out.projects.flatMap((p) => p.mappings).map((m) => [m.id, m.status, m.verdict])).toEqual([['p/mappings/kobo-row.mapping.yaml', 'removed', 'removed']]);
  });

  it('P41: a folder named ..designs is inside the repository', async () => {
    const root = testdir(minimalProject('..designs/'));
    const r = await run(root, 'lint', '..designs', '--format', 'json');
    expect(r.stderr).toBe('');
    expect((JSON.parse(r.stdout) as { summary: { files: number } }).summary.files).toBeGreaterThan(0);
    expect((await run(path.join(root, '..designs'), 'ready', '.')).code).toBe(0);
    // `..` itself still leaves it (diff compares commits of one repository).
    expect((await run(root, 'diff', '--base', 'HEAD', '..')).stderr).toMatch(/\.\. is outside the repository/u);
    expect((await run(root, 'diff', '--base', 'HEAD', '..designs')).stderr).not.toMatch(/outside the repository/u);
  });

  it('P42: init never writes through a symbolic link, on the way or in place of a file', async () => {
    const outside = testdir({ 'victim.txt': 'keep me\n' });
    const victim = path.join(outside, 'victim.txt');
    // A link in place of the manifest, with --force.
    const a = testdir({ 'p/interop-design.yaml': { symlink: victim } });
    const r1 = await run(a, 'init', 'p', '--force');
    expect([r1.code, r1.stderr]).toEqual([2, 'interop-design: p/interop-design.yaml is a symbolic link: init does not write through links. Remove it, or choose another folder\n']);
    // A linked folder on the way.
    const b = testdir({ 'p/flows': { symlink: outside } });
    const r2 = await run(b, 'init', 'p');
    expect([r2.code, r2.stderr]).toEqual([2, 'interop-design: p/flows is a symbolic link: init does not write through links. Remove it, or choose another folder\n']);
    expect(existsSync(path.join(outside, 'record-saved.flow.yaml'))).toBe(false);
    expect(existsSync(path.join(b, 'p/interop-design.yaml'))).toBe(false);
    // Editor settings behind a link are left alone, and the project is still created.
    const c = testdir({ '.vscode': { symlink: outside } });
    writeFileSync(path.join(outside, 'settings.json'), '{"keep": true}\n');
    const r3 = await run(c, 'init', 'p');
    expect(r3.code).toBe(0);
    expect(r3.stdout).toMatch(/is a symbolic link, which init does not write through/u);
    expect(readFileSync(path.join(outside, 'settings.json'), 'utf8')).toBe('{"keep": true}\n');
    expect(readFileSync(victim, 'utf8')).toBe('keep me\n');
  });
});
