import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { minimalProject, run, testdir } from '@interop-design/test-utils';
import { isCi } from '../src/io.js';

const repo = path.resolve(import.meta.dirname, '../../..');

interface JsonOutput {
  summary: { errors: number; warnings: number; infos: number; files: number };
  diagnostics: { ruleId: string; severity: string; file: string; range: { start: { line: number; column: number } }; path?: string; fingerprint: string }[];
}

/** A copy of one example in a throwaway repository, with edits applied as [file, from, to]. */
function brokenExample(edits: [string, string, string][]): string {
  const root = testdir({});
  const dir = path.join(root, 'commcare-salesforce');
  cpSync(path.join(repo, 'examples/commcare-salesforce'), dir, { recursive: true });
  for (const [file, from, to] of edits) {
    const full = path.join(dir, file);
    const text = readFileSync(full, 'utf8');
    if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
    writeFileSync(full, text.replace(from, to));
  }
  return root;
}

const PATIENT = 'mappings/commcare-salesforce-patient.mapping.yaml';
const VISIT = 'mappings/commcare-salesforce-visit.mapping.yaml';

describe('interop-design lint', () => {
  it('passes the examples with exit 0', async () => {
    const r = await run(repo, 'lint', 'examples', '--fail-on', 'warning');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    // Fields awaiting discussion are listed for reviewers as info; nothing else.
    expect(r.stdout).toMatch(/ℹ \d+ problems \(0 errors, 0 warnings, \d+ info\)/u);
  });

  it('reports a wrong type, an unknown system and a syntax error at file:line:col with exit 1', async () => {
    const root = brokenExample([
      [PATIENT, 'version: 1.3.0', 'version: 1.3'],
      [PATIENT, '  system: commcare\n', '  system: comcare\n'],
      [VISIT, 'flows: [nightly-visits]', 'flows: [nightly-visits'],
    ]);
    const stylish = await run(root, 'lint');
    expect(stylish.code).toBe(1);
    const lines = stylish.stdout.split('\n');
    const block = (file: string) => lines.slice(lines.indexOf(`commcare-salesforce/${file}`) + 1).join('\n');
    // The schema error hides nothing else in its file: the unknown system is reported, and what it breaks.
    expect(block(PATIENT)).toMatch(/^ {2}4:10 +error +expected a string, found a number +schema\n {2}6:9 +error +.+ +mapping-flow-lanes\n {2}8:11 +error +unknown system "comcare".* +reference-system/mu);
    expect(block(VISIT)).toMatch(/^ {2}\d+:\d+ +error +.+ +yaml-syntax/mu);
    expect(stylish.stdout).toMatch(/✖ 6 problems \(4 errors, 0 warnings, 2 info\)/u);

    const json = await run(root, 'lint', '--format', 'json');
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as JsonOutput;
    expect(out.summary).toMatchObject({ errors: 4, warnings: 0 });
    expect(out.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.ruleId, d.file, d.range.start.line, d.range.start.column, d.path])).toEqual([
      ['schema', `commcare-salesforce/${PATIENT}`, 4, 10, '/version'],
      ['mapping-flow-lanes', `commcare-salesforce/${PATIENT}`, 6, 9, '/flows/0'],
      ['reference-system', `commcare-salesforce/${PATIENT}`, 8, 11, '/source/system'],
      // The unclosed [ on line 6 is noticed where the next key starts.
      ['yaml-syntax', `commcare-salesforce/${VISIT}`, 7, 1, undefined],
    ]);
    expect(out.diagnostics.find((d) => d.ruleId === 'yaml-syntax')).toMatchObject({ message: expect.stringMatching(/end with a \]/u) as unknown });
  });

  it('keeps fingerprints when lines move', async () => {
    const before = brokenExample([[PATIENT, '  system: commcare\n', '  system: comcare\n']]);
    const after = brokenExample([
      [PATIENT, '  system: commcare\n', '  system: comcare\n'],
      [PATIENT, 'status: in-review\n', 'status: in-review\n# a comment\n\n'],
    ]);
    const a = JSON.parse((await run(before, 'lint', '-f', 'json')).stdout) as JsonOutput;
    const b = JSON.parse((await run(after, 'lint', '-f', 'json')).stdout) as JsonOutput;
    expect(b.diagnostics[0]?.range.start.line).toBe((a.diagnostics[0]?.range.start.line ?? 0) + 2);
    expect(b.diagnostics[0]?.fingerprint).toBe(a.diagnostics[0]?.fingerprint);
  });

  it('limits the report to the files or folders given', async () => {
    const root = brokenExample([
      [PATIENT, '  system: commcare\n', '  system: comcare\n'],
      [VISIT, 'version: 0.4.0', 'version: 4'],
    ]);
    const r = await run(path.join(root, 'commcare-salesforce'), 'lint', VISIT, '-f', 'json');
    expect(new Set((JSON.parse(r.stdout) as JsonOutput).diagnostics.map((d) => d.file))).toEqual(new Set([`commcare-salesforce/${VISIT}`]));
  });

  it('honours --fail-on', async () => {
    const root = testdir({ 'p/interop-design.yaml': 'name: x\nsystems: { a: { type: kobo } }\n', 'p/sampleData/notes': 'free text' });
    expect((await run(root, 'lint')).code).toBe(0);
    expect((await run(root, 'lint', '--fail-on', 'warning')).code).toBe(1);
    const broken = brokenExample([[PATIENT, 'version: 1.3.0', 'version: 1.3']]);
    expect((await run(broken, 'lint', '--fail-on', 'never')).code).toBe(0);
  });

  it('exits 2 with a clear message on usage errors', async () => {
    const missing = await run(repo, 'lint', 'examples/nope');
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toBe('interop-design: no such file or folder: examples/nope\n');

    const noProject = await run(repo, 'lint', 'packages/core/src');
    expect(noProject.code).toBe(2);
    expect(noProject.stderr).toMatch(/no design project \(interop-design\.yaml\)/u);

    for (const argv of [['lint', '--format', 'xml'], ['lint', '--fail-on', 'sometimes'], ['lint', '--bogus'], ['frobnicate']]) {
      const r = await run(repo, ...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr, argv.join(' ')).toMatch(/error:/u);
    }
  });

  it('works outside git: names relative to the working directory, or to the project outside it; diff needs git', async () => {
    const outside = testdir(minimalProject('my-design/'));
    rmSync(path.join(outside, '.git'), { recursive: true });
    const files = async (cwd: string, ...argv: string[]) => {
      const r = await run(cwd, 'lint', ...argv, '--format', 'json');
      expect(r.stderr).toBe('');
      return [...new Set((JSON.parse(r.stdout) as JsonOutput).diagnostics.map((d) => d.file))].sort();
    };
    const here = await files(outside, 'my-design');
    expect(here).toContain('my-design/mappings/kobo-row.mapping.yaml');
    expect(await files(path.join(outside, 'my-design'))).toEqual(here.map((f) => f.slice('my-design/'.length)));
    // From inside another repository (this clone), a design outside it is named from its project folder.
    expect(await files(repo, path.join(outside, 'my-design'))).toEqual(here.map((f) => f.slice('my-design/'.length)));
    expect(await files(repo, path.join(outside, 'my-design/mappings'))).toEqual(['mappings/kobo-row.mapping.yaml']);
    const diff = await run(outside, 'diff', '--base', 'HEAD~1');
    expect([diff.code, diff.stderr]).toEqual([2, 'interop-design: diff compares two git commits: run it inside a git repository\n']);
    const mixed = await run(repo, 'lint', 'examples', path.join(outside, 'my-design'));
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/different repositories or folders/u);
  });
});

describe('the README', () => {
  it('opens with the output of a real run on the shipped examples', async () => {
    const readme = readFileSync(path.join(repo, 'README.md'), 'utf8');
    const block = /^```\n(\$ interop-design [\s\S]*?)^```$/mu.exec(readme)?.[1] ?? '';
    const runs = block.split(/^(?=\$ )/mu).filter(Boolean);
    expect(runs.length).toBeGreaterThan(0);
    for (const shown of runs) {
      const [command = '', ...output] = shown.split('\n');
      const argv = command.replace(/^\$ interop-design /u, '').split(' ');
      const r = await run(repo, ...argv);
      expect(r.stderr).toBe('');
      // Stylish output opens with a blank line, left out in the README.
      expect(output.join('\n'), `README output of ${command}: regenerate it from a real run`).toBe(r.stdout.replace(/^\n/u, ''));
    }
  });
});

describe('interop-design init', () => {
  it('scaffolds a project that lints clean, and editor settings', async () => {
    const root = testdir({ '.vscode/settings.json': '{"editor.tabSize": 2}' });
    const r = await run(root, 'init', 'designs/new-sync');
    expect(r.code).toBe(0);
    // Clean means no warning either, and sample records its mapping's paths resolve in.
    const lint = await run(root, 'lint', '--fail-on', 'warning', '--format', 'json');
    expect(lint.code).toBe(0);
    expect((JSON.parse(lint.stdout) as JsonOutput).summary).toMatchObject({ errors: 0, warnings: 0 });
    const samples = await run(root, 'check-samples', '--fail-on', 'warning', '--format', 'json');
    expect(JSON.parse(samples.stdout)).toMatchObject({ diagnostics: [], coverage: [{ mapping: 'source-destination-record', records: 2, paths: { resolved: 1, total: 1 } }] });
    const settings = JSON.parse(readFileSync(path.join(root, '.vscode/settings.json'), 'utf8')) as Record<string, unknown>;
    expect(settings['editor.tabSize']).toBe(2);
    expect(settings['yaml.schemas']).toMatchObject({ 'https://interop-design.dev/schemas/v1/mapping.schema.json': expect.arrayContaining(['designs/new-sync/**/*.mapping.yaml']) as unknown });
    expect(readFileSync(path.join(root, 'designs/new-sync/interop-design.yaml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=https:\/\/interop-design\.dev\/schemas\/v1\/manifest\.schema\.json\n/u);

    const again = await run(root, 'init', 'designs/new-sync');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds interop-design\.yaml/u);
  });
});

describe('the built command', () => {
  const bin = path.join(repo, 'packages/cli/dist/bin.js');

  it('runs as a child process with the documented exit codes', () => {
    expect(existsSync(bin), 'run `pnpm build` first').toBe(true);
    const out = execFileSync(process.execPath, [bin, 'lint', 'examples', '--format', 'json'], { cwd: repo, encoding: 'utf8' });
    expect((JSON.parse(out) as JsonOutput).summary).toMatchObject({ errors: 0, warnings: 0 });
    const bad = spawnSync(process.execPath, [bin, 'lint', 'no/such/dir'], { cwd: repo, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/no such file or folder/u);
  });

  it('exits quietly when the reader of its output stops early (| head -1)', () => {
    expect(existsSync(bin), 'run `pnpm build` first').toBe(true);
    // 1,500 steps draw about 110 KB of Mermaid: more than a pipe holds, so writes go on after head exits.
    const steps = Array.from({ length: 1500 }, (_, i) => `  - { id: s${i}, lane: a, actor: system, action: Step ${i} passes the record on to the next step, next: [s${i + 1}] }`);
    const root = testdir({
      'p/interop-design.yaml': 'name: x\nsystems:\n  a: { type: kobo }\n',
      'p/flows/big.flow.yaml': `id: big\ntitle: Big\ntrigger: { type: schedule, schedule: "0 * * * *" }\nlanes:\n  - { id: a, kind: system }\nsteps:\n${steps.join('\n')}\n  - { id: s1500, lane: a, actor: system, action: The end }\n`,
    });
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${bin}" render p --format mermaid | head -1; echo "exit \${PIPESTATUS[0]}"`], { cwd: root, encoding: 'utf8' });
    // The command's own exit code, and not a word on stderr.
    expect(r.stdout).toBe('flowchart LR\nexit 0\n');
    expect(r.stderr).toBe('');
  });

  it('scans a large sample on a worker thread and finds what the in-thread scan finds', async () => {
    // Over 16 MiB, so the built command hands the credential and personal-data scan to a worker.
    const root = testdir({ 'p/interop-design.yaml': 'name: big\nsystems:\n  kobo: { type: kobo }\n' });
    const lines: string[] = [];
    for (let i = 0; lines.length < 60_000; i++) lines.push(JSON.stringify({ _id: i, 'household/district': 'bo', note: 'x'.repeat(280) }));
    lines[40_000] = '{"_id":40000,"password":"hunter2-but-real"}';
    lines[50_000] = '{"_id":50000,"contact":"someone@example.org"}';
    mkdirSync(path.join(root, 'p/sampleData'));
    expect(existsSync(path.join(repo, 'packages/samples/dist/scan-worker.js'))).toBe(true);
    writeFileSync(path.join(root, 'p/sampleData/big.ndjson'), lines.join('\n') + '\n');
    const out = spawnSync(process.execPath, [bin, 'check-samples', 'p', '--format', 'json'], { cwd: root, encoding: 'utf8' });
    const built = (JSON.parse(out.stdout) as JsonOutput).diagnostics.map((d) => [d.ruleId, d.file, d.range.start.line, d.range.start.column]);
    expect(built).toEqual([
      ['sample-credentials', 'p/sampleData/big.ndjson', 40_001, 14],
      ['sample-personal-data', 'p/sampleData/big.ndjson', 50_001, 25],
    ]);
    expect(out.stdout).not.toContain('hunter2');
    // The same from the sources, where the scan runs on this thread.
    const inThread = await run(root, 'check-samples', 'p', '--format', 'json');
    expect((JSON.parse(inThread.stdout) as JsonOutput).diagnostics.map((d) => [d.ruleId, d.file, d.range.start.line, d.range.start.column])).toEqual(built);
  });
});

describe('interop-design lint --ruleset and formats', () => {
  it('lists readiness gaps as errors under --ruleset ready', async () => {
    const r = await run(repo, 'lint', 'examples/commcare-salesforce', '--ruleset', 'ready', '-f', 'json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as JsonOutput;
    expect(new Set(out.diagnostics.map((d) => d.ruleId))).toEqual(new Set(['mapping-field-status']));
    expect(out.diagnostics.every((d) => d.severity === 'error')).toBe(true);
    expect((await run(repo, 'lint', 'examples', '--ruleset', 'sloppy')).code).toBe(2);
  });

  it.each(['sarif', 'junit', 'github', 'markdown'])('writes %s', async (format) => {
    const root = brokenExample([[PATIENT, '  system: commcare\n', '  system: comcare\n']]);
    const r = await run(root, 'lint', '-f', format);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('reference-system');
  });
});

describe('interop-design check-samples', () => {
  it('reports only the findings and coverage of the files or folders given', async () => {
    const cs = 'examples/commcare-salesforce';
    const only = async (...argv: string[]) => {
      const out = JSON.parse((await run(repo, 'check-samples', ...argv, '--format', 'json')).stdout) as JsonOutput & { coverage: { mapping: string }[] };
      return [out.diagnostics.map((d) => [d.ruleId, d.file]), out.coverage.map((c) => c.mapping)];
    };
    expect(await only(`${cs}/mappings/commcare-salesforce-visit.mapping.yaml`)).toEqual([[['sample-destination-unmapped', `${cs}/mappings/commcare-salesforce-visit.mapping.yaml`]], ['commcare-salesforce-visit']]);
    expect(await only(`${cs}/mappings/commcare-salesforce-patient.mapping.yaml`)).toEqual([[['sample-destination-unmapped', `${cs}/mappings/commcare-salesforce-patient.mapping.yaml`]], ['commcare-salesforce-patient']]);
    // A sample folder: the mappings that read samples there.
    expect((await only(`examples/dhis2-godata/sampleData`))[1]).toEqual(['dhis2-godata-case', 'dhis2-godata-contact']);
    const stylish = await run(repo, 'check-samples', `${cs}/flows`);
    expect(stylish.stdout).toContain('No mapping names source samples.');
  });
});

describe('interop-design ready', () => {
  it('prints each checklist and exits 0 when no mapping claims readiness falsely', async () => {
    const r = await run(repo, 'ready', 'examples/kobo-mssql');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('mapping kobo-mssql-household 1.1.0: not ready');
    expect(r.stdout).toContain('    ✖ every field agreed');
    expect(r.stdout).toMatch(/examples\/kobo-mssql\/mappings\/kobo-mssql-household\.mapping\.yaml:45:13 {2}the field writing symptoms needs discussion/u);
    expect(r.stdout).toContain('0 of 2 mappings complete; 0 marked ready but not.');
  });

  it('reports only the mappings and flows under the paths given', async () => {
    const one = await run(repo, 'ready', 'examples/kobo-mssql/mappings/kobo-mssql-household.mapping.yaml', '--format', 'json');
    const out = JSON.parse(one.stdout) as { projects: { dir: string; mappings: { id: string }[]; flows: { id: string }[] }[] };
    expect(out.projects.map((p) => [p.dir, p.mappings.map((m) => m.id), p.flows.map((f) => f.id)])).toEqual([['examples/kobo-mssql', ['kobo-mssql-household'], []]]);
    const text = await run(path.join(repo, 'examples/kobo-mssql'), 'ready', 'flows');
    expect(text.stdout).not.toMatch(/^ {2}mapping /mu);
    expect(text.stdout).toContain('  flow ');
    expect(text.stdout).toContain('0 of 0 mappings complete; 0 marked ready but not.');
  });

  it('exits 1 when a mapping marked ready is not', async () => {
    const root = brokenExample([[PATIENT, 'status: in-review', 'status: ready']]);
    const r = await run(root, 'ready', '--format', 'json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { falseClaims: string[]; projects: { mappings: { id: string; ready: boolean; items: { id: string; ok: boolean }[] }[] }[] };
    expect(out.falseClaims).toEqual(['commcare-salesforce-patient']);
    const patient = out.projects[0]?.mappings.find((m) => m.id === 'commcare-salesforce-patient');
    expect(patient?.items.filter((i) => !i.ok).map((i) => i.id)).toEqual(['fields-agreed']);
  });
});

describe('readiness includes the sample checks', () => {
  // The patient mapping complete in every other way, marked ready, with a date of birth the sample sends in another format.
  const edits: [string, string, string][] = [
    [PATIENT, 'status: in-review', 'status: ready'],
    [PATIENT, 'status: needs-discussion', 'status: agreed'],
    [PATIENT, 'status: new', 'status: agreed'],
    ['sampleData/commcare-patient-case.json', '"dob": "2019-02-01"', '"dob": "01/02/2019"'],
  ];

  it('ready: a sample error blocks readiness', async () => {
    const r = await run(brokenExample(edits), 'ready', '--format', 'json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { falseClaims: string[]; projects: { mappings: { id: string; items: { id: string; ok: boolean; gaps: { file: string; range: { start: { line: number } } }[] }[] }[] }[] };
    expect(out.falseClaims).toEqual(['commcare-salesforce-patient']);
    const patient = out.projects[0]?.mappings.find((m) => m.id === 'commcare-salesforce-patient');
    const failing = patient?.items.filter((i) => !i.ok);
    // The mapping's test reads the same sample record, so it fails too.
    expect(failing?.map((i) => i.id)).toEqual(['tests', 'samples-clean']);
    expect(failing?.find((i) => i.id === 'samples-clean')?.gaps.map((g) => [g.file, g.range.start.line])).toEqual([[`commcare-salesforce/${PATIENT}`, 28]]);
    expect(r.stdout).not.toContain('01/02/2019');
  });

  it('lint --ruleset ready: mapping-ready reports the sample error as a gap', async () => {
    const root = brokenExample(edits);
    const r = await run(root, 'lint', '--ruleset', 'ready', '-f', 'json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as JsonOutput;
    expect(out.diagnostics.filter((d) => d.ruleId === 'mapping-ready').map((d) => d.file)).toEqual([`commcare-salesforce/${PATIENT}`]);
    // Without the sample error the same claim holds.
    const clean = await run(brokenExample(edits.slice(0, 3)), 'lint', '--ruleset', 'ready', '-f', 'json');
    expect((JSON.parse(clean.stdout) as JsonOutput).diagnostics.filter((d) => d.ruleId === 'mapping-ready')).toEqual([]);
  });
});

describe('interop-design render', () => {
  it('draws every flow of a project in Markdown, one Mermaid block each', async () => {
    const r = await run(repo, 'render', 'examples/commcare-salesforce');
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^```mermaid$/gmu)).toHaveLength(2);
    expect(r.stdout).toContain('## Patient case registered or updated in CommCare\n\nexamples/commcare-salesforce/flows/case-registered.flow.yaml');
    expect(r.stdout).toContain('  s2 -. failure .-> s3');
  });

  it('draws the valid flows and exits 1 naming the count of flows it could not draw', async () => {
    const root = brokenExample([['flows/case-registered.flow.yaml', 'trigger:', 'trigga:']]);
    const r = await run(root, 'render', '--format', 'mermaid');
    expect(r.code).toBe(1);
    expect(r.stdout.match(/^flowchart LR$/gmu)).toHaveLength(1);
    expect(r.stderr).toBe('interop-design: 1 flow file failed schema validation and was not drawn: run `interop-design lint`\n');
  });
});

describe('interop-design diff', () => {
  function git(cwd: string, ...args: string[]): string {
    return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid' } });
  }

  /** A git repository whose first commit holds the examples and whose second holds `edit`'s changes. */
  function history(edit: (dir: string) => void): string {
    const root = testdir({});
    rmSync(path.join(root, '.git'), { recursive: true });
    cpSync(path.join(repo, 'examples'), path.join(root, 'examples'), { recursive: true });
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'base');
    edit(root);
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'head');
    return root;
  }

  const cs = 'examples/commcare-salesforce';
  const edit = (root: string, file: string, from: string, to: string) => {
    const full = path.join(root, file);
    writeFileSync(full, readFileSync(full, 'utf8').replace(from, to));
  };

  it('reports a renamed file and a value-map change, with verdicts, in JSON and Markdown', async () => {
    const root = history((dir) => {
      git(dir, 'mv', `${cs}/mappings/commcare-salesforce-patient.mapping.yaml`, `${cs}/mappings/patient.mapping.yaml`);
      edit(dir, `${cs}/valuemaps/gender.valuemap.yaml`, '{ from: other, to: Other }', '{ from: other, to: Unknown }');
    });
    const json = await run(root, 'diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json');
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as { failing: string[]; projects: { mappings: { id: string; verdict: string; required: string; changes: { type: string; field?: string }[]; headFile?: string }[] }[] };
    const patient = out.projects.flatMap((p) => p.mappings).find((m) => m.id === 'commcare-salesforce-patient');
    expect(patient?.headFile).toBe(`${cs}/mappings/patient.mapping.yaml`);
    expect(patient?.changes.map((c) => [c.type, c.field])).toEqual([['mapping-renamed', undefined], ['value-map-entry-retargeted', 'Gender__c']]);
    expect(patient).toMatchObject({ verdict: 'not-bumped', required: 'major' });
    expect(out.failing).toEqual(['commcare-salesforce-patient']);

    const md = await run(root, 'diff', '--base', 'HEAD~1', '--head', 'HEAD');
    expect(md.stdout).toContain('| commcare-salesforce-patient | 1.3.0 | ❌ not bumped (needs major) | 1 | 0 | 1 |');
    expect(md.stdout).toContain('- Gender&#95;&#95;c: value map gender: other now maps to Unknown instead of Other');
  });

  it('reports only the mappings under the paths given, or using a value map given', async () => {
    const root = history((dir) => {
      edit(dir, `${cs}/valuemaps/gender.valuemap.yaml`, '{ from: other, to: Other }', '{ from: other, to: Unknown }');
      edit(dir, `${cs}/mappings/commcare-salesforce-visit.mapping.yaml`, 'changelog:', '  - source: { path: form.village, type: string }\n    destination: { path: Village__c, type: string }\n    status: new\nchangelog:');
    });
    const changed = async (...paths: string[]) => {
      const out = JSON.parse((await run(root, 'diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json', ...paths)).stdout) as { projects: { mappings: { id: string; status: string }[] }[] };
      return out.projects.flatMap((p) => p.mappings).filter((m) => m.status !== 'unchanged').map((m) => m.id);
    };
    expect(await changed(cs)).toEqual(['commcare-salesforce-patient', 'commcare-salesforce-visit']);
    expect(await changed(`${cs}/mappings/commcare-salesforce-visit.mapping.yaml`)).toEqual(['commcare-salesforce-visit']);
    expect(await changed(`${cs}/valuemaps`)).toEqual(['commcare-salesforce-patient']);
    const md = await run(root, 'diff', '--base', 'HEAD~1', '--head', 'HEAD', `${cs}/mappings/commcare-salesforce-visit.mapping.yaml`);
    expect(md.stdout).toContain('| commcare-salesforce-visit |');
    expect(md.stdout).not.toContain('commcare-salesforce-patient');
  });

  it('passes an honest bump, compares the working tree by default, and works in a shallow clone', async () => {
    const root = history((dir) => {
      edit(dir, `${cs}/mappings/commcare-salesforce-visit.mapping.yaml`, 'version: 0.4.0', 'version: 0.5.0');
      edit(dir, `${cs}/mappings/commcare-salesforce-visit.mapping.yaml`, 'changelog:\n', 'changelog:\n  - { version: 0.5.0, changes: Village added }\n');
      edit(dir, `${cs}/mappings/commcare-salesforce-visit.mapping.yaml`, 'changelog:', '  - source: { path: form.village, type: string }\n    destination: { path: Village__c, type: string }\n    status: new\nchangelog:');
    });
    const r = await run(root, 'diff', '--base', 'HEAD~1', '--format', 'json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { projects: { mappings: { id: string; verdict: string; changes: { type: string }[] }[] }[] };
    expect(out.projects.flatMap((p) => p.mappings).filter((m) => m.changes.length).map((m) => [m.id, m.verdict, m.changes.map((c) => c.type)])).toEqual([['commcare-salesforce-visit', 'ok', ['field-added']]]);

    const shallow = path.join(testdir({}), 'shallow');
    execFileSync('git', ['clone', '-q', '--depth=2', `file://${root}`, shallow]);
    expect((await run(shallow, 'diff', '--base', 'HEAD~1')).code).toBe(0);
    const missing = await run(shallow, 'diff', '--base', 'no-such-ref');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/unknown git ref "no-such-ref"/u);
  });
});

describe('CI detection', () => {
  it('O20: --show-values is refused on every CI the tool recognises, not only where CI is set', () => {
    for (const [name, value] of [['CI', 'true'], ['GITHUB_ACTIONS', 'true'], ['TF_BUILD', 'True'], ['JENKINS_URL', 'https://jenkins.example.org/'], ['GITLAB_CI', 'true'], ['BUILDKITE', 'true'], ['CIRCLECI', 'true']] as const) {
      expect(isCi({ [name]: value })).toBe(true);
    }
    expect(isCi({})).toBe(false);
    // `CI=false` is set inside CI runs too (to soften a build's warnings): it still counts as CI.
    expect(isCi({ CI: 'false', HOME: '/home/x' })).toBe(true);
    expect(isCi({ CI: '', HOME: '/home/x' })).toBe(false);
  });

});
