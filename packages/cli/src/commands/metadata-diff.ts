import { loadProjects, nodeFs } from '@interop-design/core';
import type { DesignFs, Project } from '@interop-design/core';
import { diffCatalogues, loadCatalogue, metadataNotCompared } from '@interop-design/metadata';
import { printable, renderMetadataDiffMarkdown, renderMetadataDiffText } from '@interop-design/report';
import type { ProjectMetadataDiff } from '@interop-design/report';
import { ExitCode, UsageError } from '../errors.js';
import { gitFs } from '../git.js';
import type { CliIo } from '../io.js';
import { gitRootOf, toRootRelative } from '../io.js';

export interface MetadataDiffOptions {
  base: string;
  head?: string;
  format: string;
}

/**
 * `interop-design metadata diff --base <ref> [--head <ref>] [paths..]`: fields, types, picklist
 * values and option codes added or removed between two commits, and the mappings each breaks.
 * Exit 1 when a change breaks a mapping.
 */
export async function metadataDiffCommand(io: CliIo, paths: readonly string[], options: MetadataDiffOptions): Promise<number> {
  if (!['text', 'markdown', 'json'].includes(options.format)) throw new UsageError(`unknown format "${options.format}": use text, markdown or json`);
  const root = gitRootOf(io.cwd);
  if (root === undefined) throw new UsageError('metadata diff compares two git commits: run it inside a git repository');
  const starts = (paths.length ? paths : ['.']).map((p) => {
    const rel = toRootRelative(root, io.cwd, p);
    if (rel === undefined) throw new UsageError(`${p} is outside the repository (${root})`);
    return rel;
  });
  const baseFs = gitFs(root, options.base);
  const headFs: DesignFs = options.head ? gitFs(root, options.head) : nodeFs(root);
  const load = (fs: DesignFs, positions: boolean): Project[] => {
    const existing = starts.filter((s) => s === '' || fs.stat(s));
    return existing.length ? loadProjects(fs, existing, { scanSamples: false, kinds: ['mapping', 'valuemap', 'metadata'], positions }).projects : [];
  };
  const base = new Map(load(baseFs, false).map((p) => [p.dir, p]));
  const head = new Map(load(headFs, true).map((p) => [p.dir, p]));
  if (base.size === 0 && head.size === 0) throw new UsageError(`no design project (interop-design.yaml) under ${paths.join(', ') || '.'} at either commit`);

  const projects: ProjectMetadataDiff[] = [];
  const notCompared: { project: string; system: string; commit: 'base' | 'head'; file: string; ruleId: string }[] = [];
  for (const dir of [...head.keys()].sort()) {
    const b = base.get(dir);
    const h = head.get(dir);
    // A project new at the head commit has no metadata to compare with.
    if (!b || !h) continue;
    const [bc, hc] = [await loadCatalogue(b), await loadCatalogue(h)];
    projects.push({ dir, changes: diffCatalogues(bc, hc, h) });
    notCompared.push(...metadataNotCompared(bc, hc).map((n) => ({ project: dir, ...n })));
  }
  for (const n of notCompared) io.stderr(`interop-design: ${printable(n.project || '.')}: the ${printable(n.system)} metadata is not compared: ${printable(n.file)} was not read at the ${n.commit} commit (${n.ruleId})\n`);
  const breaking = projects.some((p) => p.changes.some((c) => c.breaks.length > 0));
  if (options.format === 'json') {
    io.stdout(JSON.stringify({ version: 1, base: baseFs.commit, head: options.head ? (headFs as { commit?: string }).commit : 'working tree', projects, notCompared }, null, 2) + '\n');
  } else if (options.format === 'markdown') {
    io.stdout(renderMetadataDiffMarkdown(projects));
  } else {
    io.stdout(renderMetadataDiffText(projects));
  }
  return breaking ? ExitCode.findings : ExitCode.ok;
}
