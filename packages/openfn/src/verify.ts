import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import type { Project } from '@interop-design/core';
import { readSampleRecords, selectValuesByItem, tryParseFieldPath } from '@interop-design/core';
import type { Mapping } from '@interop-design/schema';
import type { AdaptorSpec } from './adaptors.js';
import { commonAdaptor } from './adaptors.js';
import { compileJob } from './compile.js';
import type { ExportResult, ExportedJob } from './export.js';
import { stubExports, stubModule } from './stubs.js';

/** One destination record as the mapping interpreter builds it (the shape of @interop-design/transform's RecordResult). */
export interface InterpretedRecord {
  record: Record<string, unknown>;
  fields: { destination: string; status: string }[];
  errors: unknown[];
}

/** The mapping interpreter the jobs are compared with: compiles a mapping of a project once, then runs records. */
export type Interpreter = (project: Project, mapping: Mapping) => { run(record: unknown): Promise<InterpretedRecord> | InterpretedRecord };

export type MismatchProblem = 'differs' | 'missing' | 'unexpected' | 'job-failed' | 'job-did-not-fail' | 'record-count';

/** A difference between the job and the interpreter for one record. Never carries a value. */
export interface Mismatch {
  /** The sample file (relative to the project) and the record's index among those its `records` selects. */
  sample: string;
  record: number;
  /** Destination path (empty for the record as a whole). */
  field: string;
  problem: MismatchProblem;
}

export interface JobVerdict {
  workflow: string;
  job: string;
  mapping: string;
  /** Source records the job ran on. */
  records: number;
  /** Field values compared and found equal. */
  equal: number;
  /** Records that both the job and the interpreter reject (a value the spec cannot transform). */
  rejectedAlike: number;
  /** Fields left for the job writer (not compared), with the reason. */
  skipped: { field: string; reason: string }[];
  mismatches: Mismatch[];
  /** Set when the job could not be turned into a module or run at all. */
  failure?: string;
}

export interface VerifyOptions {
  interpreter: Interpreter;
  /** Milliseconds the child process may run (default 120 000). */
  timeoutMs?: number;
}

const require = createRequire(import.meta.url);
const runnerPath = fileURLToPath(new URL('../runner/run-jobs.mjs', import.meta.url));

function commonEntry(): string {
  const pkgFile = require.resolve('@openfn/language-common/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports: { '.': { import: string } } };
  return join(dirname(pkgFile), pkg.exports['.'].import);
}

interface RunRequestJob {
  id: string;
  module: string;
  adaptor: string;
  adaptorPath: string;
  inputs: unknown[];
}

interface RunResult {
  id: string;
  runs: { captured: { operation: string; records: unknown[] }[]; records?: unknown; error?: string }[];
}

/** Runs compiled jobs in a child process (`node --experimental-vm-modules`, TZ=UTC), as @openfn/runtime requires. */
function runChild(jobs: RunRequestJob[], timeoutMs: number): Promise<RunResult[]> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--experimental-vm-modules', '--no-warnings', runnerPath], {
      env: { ...process.env, TZ: 'UTC', NODE_OPTIONS: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) {
        reject(new Error(`the job runner exited with ${code ?? 'a signal'}: ${Buffer.concat(err).toString('utf8').slice(0, 2000)}`));
        return;
      }
      try {
        resolvePromise((JSON.parse(Buffer.concat(out).toString('utf8')) as { results: RunResult[] }).results);
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
    child.stdin.end(JSON.stringify({ jobs }));
  });
}

/** Round-trips through JSON, as the child's answer does, so both sides compare alike. */
function plain(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value)) as unknown;
}

const skippedStatuses: Record<string, string> = {
  unevaluated: 'an expression: prose for the job writer',
  pending: 'JSONata: not evaluated',
  unresolved: 'a lookup without a fixture',
};

/** The field named by a helper's error message (`interop-design: field X: ...`), if any. */
function failedField(message: string): string {
  const m = /interop-design: field (.*?): /u.exec(message);
  return m?.[1] ?? '';
}

/**
 * Runs every generated mapping job with @openfn/runtime on its mapping's source samples, and
 * compares the records its write receives with the interpreter's, field by field. Only job
 * bodies generated by the export are run (never a body edited by hand), each with capture stubs
 * in place of the destination adaptor's writes.
 */
export async function verifyJobs(project: Project, result: ExportResult, options: VerifyOptions): Promise<JobVerdict[]> {
  const verdicts: JobVerdict[] = [];
  const requests: RunRequestJob[] = [];
  const pending: { verdict: JobVerdict; job: ExportedJob; mapping: Mapping; inputs: { sample: string; index: number; record: unknown }[] }[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'interop-design-openfn-'));
  try {
    const common = commonEntry();
    const commonModule = (await import(pathToFileURL(common).href)) as Record<string, unknown>;
    const commonNames = Object.keys(commonModule);
    const stubDirs = new Map<string, string>();
    const adaptorPathOf = (spec: AdaptorSpec | undefined): { name: string; path: string; exports: string[] } => {
      if (!spec) return { name: commonAdaptor.name, path: dirname(dirname(common)), exports: commonNames };
      let d = stubDirs.get(spec.name);
      if (d === undefined) {
        d = join(dir, spec.name.replace(/[^a-z0-9-]/gu, '_'));
        mkdirSync(d);
        writeFileSync(join(d, 'package.json'), JSON.stringify({ name: spec.name, version: spec.version, type: 'module', main: 'index.js' }));
        writeFileSync(join(d, 'index.js'), stubModule(spec, pathToFileURL(common).href) ?? '');
        stubDirs.set(spec.name, d);
      }
      return { name: spec.name, path: d, exports: stubExports(spec) };
    };
    for (const job of result.jobs) {
      if (job.mapping === undefined) continue;
      const mapping = project.index.mappings.get(job.mapping)?.value;
      if (!mapping) continue;
      const verdict: JobVerdict = { workflow: job.workflow, job: job.job, mapping: job.mapping, records: 0, equal: 0, rejectedAlike: 0, skipped: job.generated.notes.filter((n) => n.field !== '').map((n) => ({ field: n.field, reason: `left for the job writer (${n.kind})` })), mismatches: [] };
      verdicts.push(verdict);
      const adaptor = adaptorPathOf(job.generated.destination?.spec);
      const compiled = compileJob(job.body, { name: adaptor.name, exports: adaptor.exports });
      if (!compiled.ok) {
        verdict.failure = `the job does not compile (line ${compiled.line}): ${compiled.message}`;
        continue;
      }
      const inputs: { sample: string; index: number; record: unknown }[] = [];
      for (const s of mapping.source.samples ?? []) {
        const read = readSampleRecords(project.fs, project.dir, s.file, s.records);
        if (read.ok) read.records.forEach((record, index) => inputs.push({ sample: s.file, index, record }));
      }
      verdict.records = inputs.length;
      const id = `${job.workflow}/${job.job}`;
      requests.push({ id, module: compiled.module, adaptor: adaptor.name, adaptorPath: adaptor.path, inputs: inputs.map((i) => ({ data: i.record })) });
      pending.push({ verdict, job, mapping, inputs });
    }
    if (requests.length === 0) return verdicts;
    const results = new Map((await runChild(requests, options.timeoutMs ?? 120_000)).map((r) => [r.id, r]));
    for (const { verdict, job, mapping, inputs } of pending) {
      const runs = results.get(`${job.workflow}/${job.job}`)?.runs ?? [];
      const interpreter = options.interpreter(project, mapping);
      const left = new Set(verdict.skipped.map((s) => s.field));
      for (const [i, input] of inputs.entries()) {
        const where = { sample: input.sample, record: input.index };
        const expected = await interpreter.run(input.record);
        const run = runs[i];
        const errorFields = expected.fields.filter((f) => f.status === 'error').map((f) => f.destination);
        if (!run) {
          verdict.mismatches.push({ ...where, field: '', problem: 'job-failed' });
          continue;
        }
        if (expected.errors.length > 0) {
          if (run.error === undefined) for (const f of errorFields.length ? errorFields : ['']) verdict.mismatches.push({ ...where, field: f, problem: 'job-did-not-fail' });
          else verdict.rejectedAlike += 1;
          continue;
        }
        if (run.error !== undefined) {
          verdict.mismatches.push({ ...where, field: failedField(run.error), problem: 'job-failed' });
          continue;
        }
        const written = run.captured.length > 0 ? run.captured.flatMap((c) => c.records) : Array.isArray(run.records) ? (run.records as unknown[]) : [];
        if (written.length !== 1) {
          verdict.mismatches.push({ ...where, field: '', problem: 'record-count' });
          continue;
        }
        const actual = written[0];
        const want = plain(expected.record);
        const notCompared = new Set(left);
        for (const f of expected.fields) {
          const reason = skippedStatuses[f.status];
          if (reason !== undefined) {
            notCompared.add(f.destination);
            if (!verdict.skipped.some((s) => s.field === f.destination)) verdict.skipped.push({ field: f.destination, reason });
          }
        }
        for (const f of expected.fields) {
          if (notCompared.has(f.destination)) continue;
          const path = tryParseFieldPath(f.destination);
          if (path instanceof Error) continue;
          const a = selectValuesByItem(want, path);
          const b = selectValuesByItem(actual, path);
          if (isDeepStrictEqual(a, b)) verdict.equal += 1;
          else verdict.mismatches.push({ ...where, field: f.destination, problem: b.length === 0 ? 'missing' : 'differs' });
        }
        // Nothing beyond the spec: every top-level key the job wrote is one the interpreter wrote or left to the job writer.
        const topOf = (p: string): string | undefined => {
          const parsed = tryParseFieldPath(p);
          const first = parsed instanceof Error ? undefined : parsed.segments[0];
          return first?.kind === 'key' ? first.key : undefined;
        };
        const allowed = new Set([...Object.keys(want as object), ...[...notCompared].map(topOf).filter((k): k is string => k !== undefined)]);
        if (actual !== null && typeof actual === 'object') for (const k of Object.keys(actual)) if (!allowed.has(k)) verdict.mismatches.push({ ...where, field: k, problem: 'unexpected' });
      }
    }
    return verdicts;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
