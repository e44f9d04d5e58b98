import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Diagnostic, Project } from '@interop-design/core';
import { fingerprint, loadProjects, nodeFs, projectOf } from '@interop-design/core';
import { preloadLint, readiness } from '@interop-design/lint';
import { formatters, plural } from '@interop-design/report';
import type { ImportResult } from '@interop-design/sheets';
import { stringify } from 'yaml';
import { ExitCode, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { findRepoRoot, toRootRelative } from '../io.js';
import { cliVersion, loadForCommand } from './lint.js';

export interface ExportSheetOptions {
  out: string;
  format: string;
}

/** `interop-design export sheet [paths..] --out <file.xlsx>`: the mapping template workbook (or one CSV per mapping). */
export async function exportSheetCommand(io: CliIo, paths: readonly string[], options: ExportSheetOptions): Promise<number> {
  if (options.format !== 'xlsx' && options.format !== 'csv') throw new UsageError(`unknown format "${options.format}": use xlsx or csv`);
  const { starts, result } = loadForCommand(io, paths);
  if (result.projects.length > 1) throw new UsageError(`the paths hold ${result.projects.length} design projects (${result.projects.map((p) => p.dir || '.').join(', ')}): export one project at a time`);
  const project = result.projects[0] as Project;
  const manifest = project.manifest.valid ? project.manifest.data : undefined;
  if (!manifest) throw new UsageError(`${project.manifest.file} does not pass its schema: run \`interop-design lint\` first`);
  const inScope = (file: string): boolean => starts.some((s) => s.rel === '' || s.rel === project.dir || file === s.rel || file.startsWith(`${s.rel}/`) || project.dir.startsWith(`${s.rel}/`));
  const docs = project.mappings.filter((d) => inScope(d.file));
  const invalid = docs.filter((d) => !d.valid || !d.data);
  const mappings = docs.flatMap((d) => (d.valid && d.data ? [d.data] : []));
  const valueMaps = project.valueMaps.flatMap((d) => (d.valid && d.data ? [d.data] : []));
  // Loaded on use: the workbook library is big, and other commands never need it.
  const { exportCsv, exportWorkbook } = await import('@interop-design/sheets');
  // Readiness runs the mappings' tests: their transforms' libraries load first.
  await preloadLint(project);
  const ready = new Map(readiness(project).mappings.map((m) => [m.id, { ready: m.ready, open: m.items.filter((i) => !i.ok).map((i) => i.label) }]));
  const input = { manifest, mappings, valueMaps, readiness: ready };
  const out = path.resolve(io.cwd, options.out);
  const written: string[] = [];
  if (options.format === 'csv') {
    mkdirSync(out, { recursive: true });
    for (const file of exportCsv(input)) {
      writeFileSync(path.join(out, file.name), file.text);
      written.push(path.join(out, file.name));
    }
  } else {
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, await exportWorkbook(input));
    written.push(out);
  }
  for (const d of invalid) io.stderr(`interop-design: ${d.file} does not pass its schema and was left out: run \`interop-design lint\`\n`);
  io.stdout(`${plural(mappings.length, 'mapping')} exported to ${written.map((w) => path.relative(io.cwd, w) || w).join(', ')}\n`);
  return invalid.length ? ExitCode.findings : ExitCode.ok;
}

export interface ImportSheetOptions {
  sheet?: string;
  out?: string;
  source?: string;
  destination?: string;
  id?: string;
}

function rootRelative(root: string, cwd: string, input: string): string {
  const rel = toRootRelative(root, cwd, input);
  if (rel === undefined) throw new UsageError(`${input} is outside the repository (${root})`);
  return rel;
}

/** `interop-design import sheet <file> [--out dir] ...`: mapping sheets to `*.mapping.yaml` files; every problem a finding at its cell. */
export async function importSheetCommand(io: CliIo, file: string, options: ImportSheetOptions): Promise<number> {
  const { importSheets, mappingYaml, sheetLimits } = await import('@interop-design/sheets');
  const ext = path.extname(file).toLowerCase();
  const format = ext === '.xlsx' || ext === '.xlsm' ? 'xlsx' : ext === '.csv' || ext === '.tsv' || ext === '.txt' ? 'csv' : undefined;
  if (!format) throw new UsageError(`${file}: import reads .xlsx and .csv files (save other formats as XLSX first)`);
  const full = path.resolve(io.cwd, file);
  if (!existsSync(full)) throw new UsageError(`no such file: ${file}`);
  if (options.id !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(options.id)) throw new UsageError(`--id "${options.id}" is not an id (letters, digits, '.', '_', '-')`);
  const root = findRepoRoot(io.cwd);
  const outDir = path.resolve(io.cwd, options.out ?? '.');
  const outRel = rootRelative(root, io.cwd, outDir);
  const fs = nodeFs(root);
  const projectDir = projectOf(fs, outRel === '' ? 'x' : `${outRel}/x`);
  let project: Project | undefined;
  if (projectDir !== undefined) project = loadProjects(fs, [projectDir], { scanSamples: false, kinds: ['mapping', 'valuemap'], positions: false }).projects[0];
  const manifest = project?.manifest.valid ? project.manifest.data : undefined;
  for (const side of ['source', 'destination'] as const) {
    const id = options[side]?.split(':')[0];
    if (id !== undefined && manifest && !manifest.systems[id]) throw new UsageError(`--${side} ${id}: the manifest declares no such system (systems: ${Object.keys(manifest.systems).join(', ')})`);
  }
  const fileRel = toRootRelative(root, io.cwd, full) ?? path.basename(full);
  const existingDoc = (id: string) => project?.mappings.find((d) => d.valid && d.data?.id === id);
  const size = statSync(full).size;
  let diagnostics: Diagnostic[];
  let imported: ImportResult;
  if (size > sheetLimits.fileBytes) {
    const message = `refused: ${Math.round(size / 1024 / 1024)} MiB (at most ${sheetLimits.fileBytes / 1024 / 1024} MiB)`;
    diagnostics = [{ ruleId: 'sheet-too-large', severity: 'error', message, file: fileRel, range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } }, fingerprint: fingerprint('sheet-too-large', fileRel, undefined, []) }];
    imported = { mappings: [], valueMaps: [], diagnostics };
  } else {
    imported = await importSheets(new Uint8Array(readFileSync(full)), {
      file: fileRel,
      format,
      ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
      ...(options.id !== undefined ? { id: options.id } : {}),
      ...(options.source !== undefined ? { source: options.source } : {}),
      ...(options.destination !== undefined ? { destination: options.destination } : {}),
      ...(manifest ? { manifest } : {}),
      existing: (id) => existingDoc(id)?.data,
      valueMap: (id) => project?.valueMaps.find((d) => d.valid && d.data?.id === id)?.data,
    });
    diagnostics = imported.diagnostics;
  }
  if (options.id !== undefined && imported.mappings.length > 1) throw new UsageError(`--id names one mapping but the workbook holds ${imported.mappings.length} mapping sheets: add --sheet <name>`);
  const lines: string[] = [];
  mkdirSync(outDir, { recursive: true });
  for (const { sheet, mapping } of imported.mappings) {
    // Over the project's mapping with the same id, wherever it lies (a second file would duplicate the id).
    const doc = existingDoc(mapping.id);
    const target = doc ? path.join(root, doc.file) : path.join(outDir, `${mapping.id}.mapping.yaml`);
    const shown = path.relative(io.cwd, target) || target;
    if (doc?.data && isDeepStrictEqual(JSON.parse(JSON.stringify(doc.data)), JSON.parse(JSON.stringify(mapping)))) {
      lines.push(`unchanged ${shown} (sheet ${sheet})`);
      continue;
    }
    writeFileSync(target, mappingYaml(mapping));
    lines.push(`wrote ${shown} (sheet ${sheet}${doc ? ', over the existing mapping' : ''})`);
  }
  // Reusable value maps the mappings name and the project lacks come from the Value maps sheet.
  const named = new Set(imported.mappings.flatMap(({ mapping }) => mapping.fields.flatMap((f) => (typeof f.transform?.valueMap === 'string' ? [f.transform.valueMap] : []))));
  const known = new Set(project?.valueMaps.flatMap((d) => (d.data ? [(d.data).id] : [])) ?? []);
  for (const vm of imported.valueMaps) {
    if (!named.has(vm.id) || known.has(vm.id)) continue;
    const target = path.join(outDir, `${vm.id}.valuemap.yaml`);
    writeFileSync(target, `# yaml-language-server: $schema=https://interop-design.dev/schemas/v1/valuemap.schema.json\n${stringify(vm, { lineWidth: 0 })}`);
    lines.push(`wrote ${path.relative(io.cwd, target) || target} (Value maps sheet)`);
  }
  if (diagnostics.length) io.stdout(formatters.stylish(diagnostics, { color: io.color, fileCount: 1, rules: [], version: cliVersion }));
  if (lines.length) io.stdout(lines.join('\n') + '\n');
  if (!imported.mappings.length) io.stderr('interop-design: nothing imported\n');
  return diagnostics.some((d) => d.severity === 'error') || !imported.mappings.length ? ExitCode.findings : ExitCode.ok;
}
