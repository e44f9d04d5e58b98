import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { DesignDocument, ParsedPath, Project } from '@interop-design/core';
import { loadProjects, nodeFs, readSampleRecords, tryParseFieldPath } from '@interop-design/core';
import { compileInProject, preloadLint } from '@interop-design/lint';
import { printable } from '@interop-design/report';
import type { Field, Mapping } from '@interop-design/schema';
import type { FieldResult, RecordResult } from '@interop-design/transform';
import { textFormatSteps } from '@interop-design/transform';
import { Document, isNode } from 'yaml';
import { ExitCode, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { findRepoRoot, rootFor, toRootRelative } from '../io.js';

export interface PreviewOptions {
  sample?: string;
  record?: string;
  format: string;
}

const ciRefusal = 'prints sample values, which may be personal data: it is for local runs, not CI';

/** The mapping a command names: a mapping file, or a mapping id in the projects under the current folder. */
export function findMapping(io: CliIo, target: string): { project: Project; doc: DesignDocument<Mapping>; mapping: Mapping; root: string } {
  // A file is read in its own repository (or project, outside git), from wherever the command runs.
  const looksLikeFile = existsSync(path.resolve(io.cwd, target));
  const root = looksLikeFile ? rootFor(io.cwd, target) : findRepoRoot(io.cwd);
  const fs = nodeFs(root);
  const rel = toRootRelative(root, io.cwd, target);
  const isFile = rel !== undefined && rel !== '' && fs.stat(rel)?.type === 'file';
  const start = isFile ? rel : (toRootRelative(root, io.cwd, '.') ?? '');
  const { projects } = loadProjects(fs, [start]);
  const found = projects.flatMap((project) =>
    project.mappings.filter((doc) => (isFile ? doc.file === rel : doc.data?.id === target)).map((doc) => ({ project, doc })),
  );
  if (found.length === 0) throw new UsageError(isFile ? `${target} is not a mapping of a design project (*.mapping.yaml under a folder with interop-design.yaml)` : `no mapping with id "${target}" under ${io.cwd}: give the mapping file instead`);
  if (found.length > 1) throw new UsageError(`several mappings have id "${target}": ${found.map((f) => f.doc.file).join(', ')}; give the mapping file instead`);
  const [{ project, doc }] = found as [{ project: Project; doc: DesignDocument<Mapping> }];
  if (!doc.valid || !doc.data) throw new UsageError(`${doc.file} does not match the mapping schema: run \`interop-design lint ${target}\` first`);
  return { project, doc, mapping: doc.data, root };
}


/** What produced a field, for the YAML annotations: the transform kind and its spec, never a value. */
export function describeTransform(field: Field | undefined, result: FieldResult, mapping: Mapping): string {
  if (result.kind === 'key') return `key, from ${mapping.destination.key?.source ?? ''}`;
  if (!field) return result.kind;
  const from = field.source?.path ?? (field.source?.paths ? `${field.source.pick === 'first' ? 'first of ' : ''}${field.source.paths.join(', ')}` : undefined);
  const t = field.transform;
  const tail = from ? `, from ${from}` : '';
  switch (result.kind) {
    case 'direct':
      return `direct${tail}`;
    case 'constant':
      return 'constant';
    case 'valueMap':
      return `${typeof t?.valueMap === 'string' ? `value map ${t.valueMap}` : 'inline value map'}${t?.format ? `, format to ${t.format.to}` : ''}${tail}`;
    case 'format': {
      const to = t?.format?.to ?? '';
      // Dates are read from a pattern (ISO 8601 by default); the other steps take any text.
      if (!textFormatSteps.has(to)) return `format ${t?.format?.from ?? field.source?.format ?? 'iso-8601'} -> ${to}${tail}`;
      return `format to ${to}${to === 'e164' && t?.format?.country ? ` (${t.format.country})` : ''}${tail}`;
    }
    case 'lookup':
      return `lookup ${t?.lookup?.system ?? ''} ${t?.lookup?.resource ?? ''} by ${t?.lookup?.by ?? ''}${t?.lookup?.fixture ? ` in ${t.lookup.fixture}` : ''}${tail}`;
    case 'jsonata':
      return `jsonata${t?.description ? `: ${t.description}` : ''}`;
    case 'expression':
      return 'expression';
  }
}

/**
 * The locations inside a built record that a destination path wrote: picks resolved to item
 * indexes, a `[]` with more path after it to each item that holds that path (a value per event), a
 * trailing `[]` to the list itself.
 */
function locate(record: unknown, path: ParsedPath): (string | number)[][] {
  let found: { at: (string | number)[]; value: unknown }[] = [{ at: [], value: record }];
  path.segments.forEach((seg, n) => {
    const next: typeof found = [];
    for (const { at, value } of found) {
      if (value === null || typeof value !== 'object') continue;
      if (seg.kind === 'key') next.push({ at: [...at, seg.key], value: (value as Record<string, unknown>)[seg.key] });
      else if (seg.kind === 'index') next.push({ at: [...at, seg.index], value: (value as unknown[])[seg.index] });
      else if (seg.kind === 'each') {
        if (n === path.segments.length - 1 || !Array.isArray(value)) next.push({ at, value: undefined });
        else value.forEach((item, k) => next.push({ at: [...at, k], value: item }));
      } else {
        if (!Array.isArray(value)) continue;
        const k = value.findIndex((item) => item !== null && typeof item === 'object' && String((item as Record<string, unknown>)[seg.key]) === seg.value);
        if (k >= 0) next.push({ at: [...at, k], value: value[k] });
      }
    }
    found = next;
  });
  return found.map((f) => f.at);
}

/** One destination record as YAML, each written field annotated with the transform that produced it. */
export function annotatedYaml(mapping: Mapping, result: RecordResult, heading: string): string {
  const doc = new Document(result.record);
  doc.commentBefore = ` ${printable(heading)}`;
  const notes: string[] = [];
  for (const r of result.fields) {
    const field = r.index >= 0 ? mapping.fields[r.index] : undefined;
    const what = describeTransform(field, r, mapping);
    if (r.status === 'ok' || r.status === 'unresolved') {
      const parsed = tryParseFieldPath(r.destination);
      const nodes = (parsed instanceof Error ? [] : locate(result.record, parsed)).map((at): unknown => (at.length ? doc.getIn(at, true) : undefined)).filter(isNode);
      const label = printable(`${what}${r.status === 'unresolved' ? ' (unresolved: no fixture record)' : ''}`);
      for (const node of nodes) node.comment = node.comment ? `${node.comment}; ${label}` : ` ${label}`;
      if (nodes.length === 0) notes.push(`${r.destination}: ${label}`);
    } else if (r.status !== 'absent') {
      const why = r.status === 'unevaluated' ? 'expression, not evaluated (prose for the job writer)' : r.status === 'pending' ? 'jsonata, not evaluated' : r.errors.map((e) => `${e.code}: ${e.message}`).join('; ');
      notes.push(`${r.destination}: ${r.status}: ${why}`);
    } else notes.push(`${r.destination}: absent in the source (${what})`);
  }
  if (notes.length) doc.comment = notes.map((n) => ` ${printable(n)}`).join('\n');
  return doc.toString({ lineWidth: 0 });
}

/** `interop-design preview <mapping> [--sample f] [--record n] [--format json|yaml]`: the destination records a mapping builds from its source samples. */
export async function previewCommand(io: CliIo, target: string, options: PreviewOptions): Promise<number> {
  if (io.ci) throw new UsageError(`preview ${ciRefusal}`);
  if (options.format !== 'json' && options.format !== 'yaml') throw new UsageError(`unknown format "${options.format}": use yaml or json`);
  const index = options.record === undefined ? undefined : Number(options.record);
  if (index !== undefined && !(Number.isInteger(index) && index >= 0)) throw new UsageError('--record takes a record number, from 0');
  const { project, mapping, doc, root } = findMapping(io, target);
  await preloadLint(project);
  const inProject = (rel: string): string => (project.dir ? rel.slice(project.dir.length + 1) : rel);

  let sources: { file: string; records?: string }[] = mapping.source.samples ?? [];
  if (options.sample !== undefined) {
    const rel = toRootRelative(root, io.cwd, options.sample);
    if (rel === undefined || (project.dir && !rel.startsWith(`${project.dir}/`))) throw new UsageError(`${options.sample} is not a file of the project ${project.dir || '.'}`);
    const file = inProject(rel);
    const named = sources.find((s) => s.file === file);
    sources = [named ?? { file }];
  }
  if (sources.length === 0) throw new UsageError(`${doc.file} names no source samples: give one with --sample`);

  const compiled = compileInProject(project, mapping);
  for (const p of compiled.problems) io.stderr(`${doc.file}:${doc.source.locate(p.pointer).start.line}: ${p.code}: ${printable(p.message)}\n`);
  const out: { sample: string; record: number; result: RecordResult }[] = [];
  for (const s of sources) {
    const read = readSampleRecords(project.fs, project.dir, s.file, s.records);
    if (!read.ok) throw new UsageError(`${s.file} cannot be read (${read.reason})`);
    // What check-samples reports of the file (a records path that selects the list, a syntax error): no values in these.
    for (const issue of read.issues) io.stderr(`${s.file}: ${printable(issue.message)}\n`);
    for (const [i, record] of read.records.entries()) {
      if (index !== undefined && i !== index) continue;
      out.push({ sample: s.file, record: i, result: await compiled.runAsync(record) });
    }
  }
  if (index !== undefined && out.length === 0) throw new UsageError(`there is no record ${index} in ${sources.map((s) => s.file).join(', ')}`);

  if (options.format === 'json') {
    const json = out.map(({ sample, record, result }) => ({
      sample,
      record,
      destination: result.record,
      fields: result.fields.map((f) => ({ destination: f.destination, transform: f.kind, status: f.status, ...(f.errors.length ? { errors: f.errors } : {}) })),
    }));
    io.stdout(JSON.stringify(json, null, 2) + '\n');
  } else {
    io.stdout(out.map(({ sample, record, result }) => annotatedYaml(mapping, result, `${mapping.id}: ${sample} record ${record}`)).join('---\n'));
  }
  return out.some((o) => o.result.errors.length > 0) || compiled.problems.length > 0 ? ExitCode.findings : ExitCode.ok;
}
