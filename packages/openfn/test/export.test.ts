import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseJs } from 'acorn';
import type { Comment } from 'acorn';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import OpenfnProject from '@openfn/project';
import { loadProjects, nodeFs } from '@interop-design/core';
import type { Project } from '@interop-design/core';
import { changedJobs, compileJob, exportProject, isUnchanged, reconcile, todoCondition } from '../src/index.js';
import type { ExportResult } from '../src/index.js';
import { testdir } from '@interop-design/test-utils';

const repo = path.resolve(import.meta.dirname, '../../..');
const fixture = 'packages/openfn/test/__fixtures__/kobo-dhis2';

function load(rel: string): Project {
  const r = loadProjects(nodeFs(repo), [rel]);
  const p = r.projects[0];
  if (!p) throw new Error(`no project at ${rel}`);
  return p;
}

interface SpecFile {
  name: string;
  workflows: Record<string, { name: string; jobs: Record<string, { name: string; adaptor: string; body: string }>; triggers: Record<string, { type: string; cron_expression?: string }>; edges: Record<string, { source_trigger?: string; source_job?: string; target_job: string; condition_type: string; condition_label?: string; condition_expression?: string }> }>;
}

async function loadWithOpenfn(result: ExportResult) {
  const dir = testdir({});
  const file = path.join(dir, 'project.yaml');
  writeFileSync(file, result.yaml);
  return OpenfnProject.from('path', file);
}

describe('export openfn: project.yaml', () => {
  const examples = ['examples/commcare-salesforce', 'examples/dhis2-godata', 'examples/kobo-mssql', fixture];

  it.each(examples)('%s loads with @openfn/project with every workflow, job and edge intact', async (rel) => {
    const project = load(rel);
    const result = exportProject(project);
    const spec = parse(result.yaml) as SpecFile;
    const loaded = await loadWithOpenfn(result);
    const flows = project.flows.filter((d) => d.valid);
    expect(loaded.workflows).toHaveLength(flows.length);
    expect(Object.keys(spec.workflows)).toHaveLength(flows.length);
    for (const [key, wf] of Object.entries(spec.workflows)) {
      const w = loaded.workflows.find((x) => x.name === wf.name);
      expect(w, key).toBeDefined();
      if (!w) continue;
      type Step = { id: string; expression?: string; adaptor?: string; next?: Record<string, { condition?: string; label?: string }> };
      const steps = new Map((w.steps as unknown as Step[]).map((s) => [s.id, s]));
      for (const [jobKey, job] of Object.entries(wf.jobs)) {
        const step = steps.get(jobKey);
        expect(step?.expression, `${key}/${jobKey}`).toBe(job.body);
        expect(step?.adaptor).toBe(job.adaptor);
        expect(job.adaptor).toMatch(/^@openfn\/language-[a-z0-9-]+@\d+\.\d+\.\d+$/u);
      }
      for (const t of Object.keys(wf.triggers)) expect(steps.has(t)).toBe(true);
      for (const edge of Object.values(wf.edges)) {
        const from = steps.get(edge.source_trigger ?? edge.source_job ?? '');
        const next = from?.next?.[edge.target_job];
        expect(next, `${edge.source_job ?? edge.source_trigger ?? ''}->${edge.target_job}`).toBeDefined();
        expect(next?.condition).toBe(edge.condition_type === 'js_expression' ? edge.condition_expression : edge.condition_type);
      }
      const edgeCount = [...steps.values()].reduce((n, s) => n + Object.keys(s.next ?? {}).length, 0);
      expect(edgeCount).toBe(Object.keys(wf.edges).length);
    }
  });

  it('maps triggers: event -> webhook, schedule -> cron with its expression, manual -> none', () => {
    const spec = parse(exportProject(load('examples/commcare-salesforce')).yaml) as SpecFile;
    expect(spec.workflows['case-registered']?.triggers).toEqual({ webhook: { type: 'webhook', enabled: true } });
    expect(spec.workflows['nightly-visits']?.triggers).toEqual({ cron: { type: 'cron', cron_expression: '0 23 * * *', enabled: true } });
    const godata = exportProject(load('examples/dhis2-godata'));
    expect((parse(godata.yaml) as SpecFile).workflows['contacts-on-demand']?.triggers).toEqual({});
    expect(godata.flowNotes).toContainEqual({ workflow: 'contacts-on-demand', message: expect.stringContaining('started by hand') as unknown });
  });

  it('makes one job per automated OpenFn-lane step and edges from next, through other systems\' steps', () => {
    const spec = parse(exportProject(load('examples/commcare-salesforce')).yaml) as SpecFile;
    const nightly = spec.workflows['nightly-visits'];
    expect(Object.keys(nightly?.jobs ?? {})).toEqual(['fetch', 'create-visits', 'alert']);
    // fetch -> list (CommCare answers) -> create-visits on success, alert on failure
    expect(nightly?.edges).toEqual({
      'cron->fetch': { source_trigger: 'cron', target_job: 'fetch', condition_type: 'always', enabled: true },
      'fetch->create-visits': { source_job: 'fetch', target_job: 'create-visits', condition_type: 'on_job_success', enabled: true },
      'fetch->alert': { source_job: 'fetch', target_job: 'alert', condition_type: 'on_job_failure', enabled: true },
      'create-visits->alert': { source_job: 'create-visits', target_job: 'alert', condition_type: 'on_job_failure', enabled: true },
    });
    // The trigger reaches the first OpenFn step through the person and CommCare steps.
    expect(spec.workflows['case-registered']?.edges['webhook->upsert']).toMatchObject({ condition_type: 'always' });
  });

  it('turns a {condition: label} edge into a js_expression edge with the label and a TODO condition', () => {
    const spec = parse(exportProject(load(fixture)).yaml) as SpecFile;
    expect(spec.workflows.registration?.edges['register->review']).toEqual({
      source_job: 'register',
      target_job: 'review',
      condition_type: 'js_expression',
      condition_label: 'duplicate */ suspected',
      condition_expression: todoCondition,
      enabled: true,
    });
  });

  it('writes a skeleton with a TODO for an OpenFn step without a mapping', () => {
    const result = exportProject(load(fixture));
    const review = result.jobs.find((j) => j.job === 'review');
    expect(review?.generated.adaptor).toBe('@openfn/language-common@3.3.4');
    expect(review?.body).toMatch(/\/\/ TODO: write this job/u);
    expect(result.notes).toContainEqual({ workflow: 'registration', job: 'review', note: expect.objectContaining({ kind: 'no-mapping' }) as unknown });
  });

  it('names the destination adaptor and its write from the system type and operation', () => {
    const byJob = (rel: string, job: string) => exportProject(load(rel)).jobs.find((j) => j.job === job);
    expect(byJob('examples/commcare-salesforce', 'create-visits')?.body).toMatch(/^upsert\("Visit__c", "CommCare_Form_ID__c", state => state\.records\);$/mu);
    expect(byJob('examples/kobo-mssql', 'upsert-household')?.body).toMatch(/^upsertMany\("dbo\.household_survey", "kobo_id", state => state\.records\);$/mu);
    expect(byJob('examples/kobo-mssql', 'upsert-household')?.generated.adaptor).toBe('@openfn/language-mssql@7.1.3');
    expect(byJob('examples/dhis2-godata', 'create-contacts')?.body).toMatch(/^each\(state => state\.records, upsertContact\(OUTBREAK_ID, "documents\[0\]\.number", state => state\.data\)\);$/mu);
    expect(byJob(fixture, 'register')?.body).toMatch(/^tracker\.import\("CREATE_AND_UPDATE", state => \(\{ trackedEntities: state\.records \}\), \{ atomicMode: 'OBJECT' \}\);$/mu);
  });
});

describe('export openfn: job bodies', () => {
  it('is byte-identical on an unchanged design', () => {
    for (const rel of ['examples/commcare-salesforce', fixture]) expect(exportProject(load(rel)).yaml).toBe(exportProject(load(rel)).yaml);
  });

  it('puts the spec\'s expression text only in comments, with comment-breaking text neutralised', () => {
    const result = exportProject(load(fixture));
    const body = result.jobs.find((j) => j.job === 'register')?.body ?? '';
    expect(body).toContain('// phone * / with spaces removed');
    expect(body).not.toContain('phone */');
    // The parsed job holds no trace of the expression outside comments.
    const comments: Comment[] = [];
    const ast = parseJs(body, { ecmaVersion: 'latest', sourceType: 'module', onComment: comments });
    expect(JSON.stringify(ast)).not.toMatch(/phone|spaces/u);
    expect(comments.map((c) => c.value).join('\n')).toMatch(/phone/u);
  });

  it('starts a not-ready mapping\'s job with a DRAFT comment', () => {
    const body = exportProject(load('examples/commcare-salesforce')).jobs.find((j) => j.job === 'create-visits')?.body ?? '';
    expect(body.split('\n')[1]).toMatch(/^\/\/ DRAFT: mapping commcare-salesforce-visit is not ready/u);
    const ready = exportProject(load(fixture));
    expect(ready.gaps).toEqual([]);
    expect(ready.yaml).not.toContain('DRAFT');
  });

  it('lists every readiness gap of a not-ready design', () => {
    const gaps = exportProject(load('examples/kobo-mssql')).gaps;
    expect(gaps.map((g) => g.mapping)).toEqual(expect.arrayContaining(['kobo-mssql-household', 'kobo-mssql-members']));
    expect(gaps[0]).toMatchObject({ file: expect.stringMatching(/^examples\/kobo-mssql\/mappings\//u) as unknown, line: expect.any(Number) as unknown, column: expect.any(Number) as unknown });
  });

  it('marks generated bodies with a hash, and keeps a body changed by hand', () => {
    const result = exportProject(load(fixture));
    const job = result.jobs.find((j) => j.job === 'register');
    expect(job && isUnchanged(job.body)).toBe(true);
    const edited = result.yaml.replace('value = get(source, ["anc/facility"])[0];', 'value = "ABC123def45";');
    expect(edited).not.toBe(result.yaml);
    const again = reconcile(result, edited);
    expect(again.kept).toEqual([{ workflow: 'registration', job: 'register', differs: true }]);
    expect(again.yaml).toContain('value = "ABC123def45";');
    expect(reconcile(result, edited, true)).toEqual({ yaml: result.yaml, kept: [] });
    expect(reconcile(result, result.yaml)).toEqual({ yaml: result.yaml, kept: [] });
  });

  it.each(['examples/commcare-salesforce', 'examples/dhis2-godata', 'examples/kobo-mssql', fixture])('%s: every generated job compiles to a runtime module', (rel) => {
    for (const job of exportProject(load(rel)).jobs) {
      const exportsOf = job.generated.destination?.spec.common ?? ['fn', 'each'];
      const names = [...exportsOf, 'upsert', 'create', 'upsertMany', 'insertMany', 'upsertCase', 'upsertContact', 'tracker'];
      const compiled = compileJob(job.body, { name: 'adaptor', exports: names });
      expect(compiled, job.job).toMatchObject({ ok: true });
      if (compiled.ok) expect(compiled.module).toMatch(/^import \{ [^}]*\bfn\b[^}]* \} from "adaptor";/u);
    }
  });
});

describe('compile step', () => {
  it('imports the adaptor names a job uses and exports its operations in order', () => {
    const r = compileJob("const x = 1;\nfunction helper(s) { return s; }\nfn(state => helper(state));\nupsert('A', 'B', state => state.records);\n", { name: '@openfn/language-salesforce', exports: ['fn', 'upsert', 'each'] });
    expect(r).toEqual({
      ok: true,
      module: 'import { fn, upsert } from "@openfn/language-salesforce";\nconst x = 1;\nfunction helper(s) { return s; }\nexport default [\n  fn(state => helper(state)),\n  upsert(\'A\', \'B\', state => state.records)\n];\n',
    });
  });

  it('refuses what is outside the subset, with the line', () => {
    expect(compileJob("fn(s => s);\nimport x from 'y';\n", { name: 'a', exports: ['fn'] })).toMatchObject({ ok: false, line: 2 });
    expect(compileJob('fn(s => s);\nif (true) { fn(s => s); }\n', { name: 'a', exports: ['fn'] })).toMatchObject({ ok: false, line: 2 });
    expect(compileJob('fn(s => s;\n', { name: 'a', exports: ['fn'] })).toMatchObject({ ok: false, line: 1 });
  });
});

describe('changedJobs (for the Action summary)', () => {
  it('lists the jobs a mapping change touches, with a short diff of the body', () => {
    const root = testdir({});
    const dir = path.join(root, 'kobo-dhis2');
    cpSync(path.join(repo, fixture), dir, { recursive: true });
    const mappingFile = path.join(dir, 'mappings/kobo-dhis2-registration.mapping.yaml');
    const base = exportProject(loadProjects(nodeFs(root), ['kobo-dhis2']).projects[0] as Project);
    writeFileSync(mappingFile, readFileSync(mappingFile, 'utf8').replace('transform: { constant: nEenWmSyUEp }', 'transform: { constant: MCPQUTHX1Ze }'));
    const head = exportProject(loadProjects(nodeFs(root), ['kobo-dhis2']).projects[0] as Project);
    const changes = changedJobs(base, head);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ workflow: 'registration', job: 'register', mapping: 'kobo-dhis2-registration', kind: 'changed' });
    expect(changes[0]?.diff.filter((l) => /^[+-]/u.test(l))).toEqual(['-    value = "nEenWmSyUEp";', '+    value = "MCPQUTHX1Ze";']);
    expect(changedJobs(base, base)).toEqual([]);
    expect(changedJobs(undefined, base).map((c) => c.kind)).toEqual(['added', 'added', 'added']);
    // A long diff is cut at maxLines: the last line and `omitted` say how many lines were left out.
    const long = changedJobs(undefined, base, { maxLines: 5 })[0];
    expect(long?.diff).toHaveLength(6);
    expect(long?.diff.at(-1)).toBe(`… ${String(long?.omitted)} more lines`);
    expect(long?.omitted).toBe((changedJobs(undefined, base, { maxLines: 10_000 })[0]?.diff.length ?? 0) - 5);
    expect(changes[0]?.omitted).toBeUndefined();
  });
});
