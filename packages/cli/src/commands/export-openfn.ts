import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Project } from '@interop-design/core';
import { exportProject, reconcile, verifyJobs } from '@interop-design/openfn';
import type { ExportResult, Interpreter, JobVerdict } from '@interop-design/openfn';
import { preloadLint } from '@interop-design/lint';
import { plural, printable } from '@interop-design/report';
import { ExitCode, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { loadForCommand } from './lint.js';

export interface ExportOpenfnOptions {
  out?: string;
  draft?: boolean;
  verify?: boolean;
  force?: boolean;
}

/** One output folder per design project: the project folder's name, or its whole path when two share a name. */
function folders(projects: readonly Project[]): string[] {
  const safe = (text: string): string => text.replace(/[^A-Za-z0-9._-]+/gu, '-');
  // A project at the root of the paths is named by its manifest (`name: cc-dhis2`), as safe folder text.
  const named = (p: Project): string => safe(p.manifest.data?.name ?? '').replace(/^-+|-+$/gu, '') || 'project';
  const base = (p: Project): string => (p.dir === '' ? named(p) : (p.dir.split('/').pop() ?? 'project'));
  const counts = new Map<string, number>();
  for (const p of projects) counts.set(base(p), (counts.get(base(p)) ?? 0) + 1);
  return projects.map((p) => ((counts.get(base(p)) ?? 0) > 1 ? safe(p.dir) : base(p)).replace(/^\.+/u, '_'));
}

function describeVerdict(v: JobVerdict): string[] {
  const lines = [`  ${v.mismatches.length || v.failure ? '✖' : '✔'} ${printable(v.workflow)}/${printable(v.job)} (mapping ${printable(v.mapping)}): ${plural(v.records, 'record')}, ${plural(v.equal, 'field value')} equal${v.rejectedAlike ? `, ${plural(v.rejectedAlike, 'record')} rejected by both` : ''}`];
  if (v.failure) lines.push(`      ${printable(v.failure)}`);
  for (const m of v.mismatches) lines.push(`      ${printable(m.sample)} record ${m.record}: ${m.field ? `${printable(m.field)} ` : ''}${m.problem}`);
  for (const s of v.skipped) lines.push(`      not compared: ${printable(s.field)}, ${printable(s.reason)}`);
  return lines;
}

/**
 * `interop-design export openfn [paths..] --out <dir>`: one OpenFn project.yaml per design
 * project. Refuses (exit 1, nothing written) while a mapping is not ready, unless `--draft`.
 * `--verify` runs the generated jobs under @openfn/runtime and compares their records with
 * `interpreter` (the jobs are generated from the spec: no JavaScript from the design is run).
 */
export async function exportOpenfnCommand(io: CliIo, paths: readonly string[], options: ExportOpenfnOptions, interpreter: Interpreter | undefined): Promise<number> {
  if (options.out === undefined || options.out === '') throw new UsageError('export openfn needs --out <dir>');
  if (options.verify && !interpreter) throw new UsageError('--verify needs the mapping interpreter (@interop-design/transform), which this build lacks');
  const { result } = loadForCommand(io, paths);
  // Export checks readiness, which runs the mappings' tests: their transforms' libraries load first.
  for (const project of result.projects) await preloadLint(project);
  const exports: { project: Project; result: ExportResult }[] = result.projects.map((project) => ({ project, result: exportProject(project) }));
  const out: string[] = [];
  const gaps = exports.flatMap((e) => e.result.gaps);
  if (gaps.length && !options.draft) {
    out.push('Not exported: every mapping must be ready before jobs are generated (or pass --draft).');
    for (const g of gaps) out.push(`  ${printable(g.file)}:${g.line}:${g.column}  ${printable(g.mapping)}: ${printable(g.message)}`);
    io.stdout(out.join('\n') + '\n');
    return ExitCode.findings;
  }
  const outDir = path.resolve(io.cwd, options.out);
  const names = folders(exports.map((e) => e.project));
  let failed = false;
  for (const [i, { project, result: r }] of exports.entries()) {
    const dir = path.join(outDir, names[i] ?? 'project');
    const file = path.join(dir, 'project.yaml');
    const existing = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    const merged = reconcile(r, existing, options.force ?? false);
    mkdirSync(dir, { recursive: true });
    if (merged.yaml !== existing) writeFileSync(file, merged.yaml);
    const rel = path.relative(io.cwd, file) || file;
    out.push(`${printable(project.dir || '.')} -> ${printable(rel)}${merged.yaml === existing ? ' (unchanged)' : ''}: ${r.workflows.length} workflow(s), ${r.jobs.length} job(s)${options.draft && r.gaps.length ? ' [DRAFT: some mappings are not ready]' : ''}`);
    for (const k of merged.kept) out.push(`  ! ${printable(k.workflow)}/${printable(k.job)} was changed by hand since the last export: kept, not overwritten (--force regenerates it)`);
    for (const n of r.flowNotes) out.push(`  - ${printable(n.workflow)}: ${printable(n.message)}`);
    for (const n of r.notes) out.push(`  - ${printable(n.workflow)}/${printable(n.job)}${n.note.field ? ` ${printable(n.note.field)}` : ''}: TODO (${n.note.kind}) ${printable(n.note.message)}`);
    for (const id of r.unused) out.push(`  - mapping ${printable(id)} is applied by no flow step: no job`);
    if (options.verify && interpreter) {
      const verdicts = await verifyJobs(project, r, { interpreter });
      out.push(`  verify (@openfn/runtime, generated jobs on the mappings' source samples):`);
      for (const v of verdicts) out.push(...describeVerdict(v));
      if (verdicts.some((v) => v.mismatches.length > 0 || v.failure !== undefined)) failed = true;
    }
  }
  io.stdout(out.join('\n') + '\n');
  return failed ? ExitCode.findings : ExitCode.ok;
}
