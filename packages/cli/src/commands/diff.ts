import { loadProjects, nodeFs } from '@interop-design/core';
import type { DesignFs, Project } from '@interop-design/core';
import { diffProjects, failingVerdicts } from '@interop-design/diff';
import type { MappingDiff } from '@interop-design/diff';
import { renderDiffMarkdown } from '@interop-design/report';
import { ExitCode, UsageError } from '../errors.js';
import { gitFs } from '../git.js';
import type { CliIo } from '../io.js';
import { gitRootOf, toRootRelative, underAny } from '../io.js';

export interface DiffOptions {
  base: string;
  head?: string;
  format: string;
}

/** `interop-design diff --base <ref> [--head <ref>] [paths..]`: mapping changes and version verdicts. */
export function diffCommand(io: CliIo, paths: readonly string[], options: DiffOptions): number {
  if (options.format !== 'markdown' && options.format !== 'json') throw new UsageError(`unknown format "${options.format}": use markdown or json`);
  const root = gitRootOf(io.cwd);
  if (root === undefined) throw new UsageError('diff compares two git commits: run it inside a git repository');
  const starts = (paths.length ? paths : ['.']).map((p) => {
    const rel = toRootRelative(root, io.cwd, p);
    if (rel === undefined) throw new UsageError(`${p} is outside the repository (${root})`);
    return rel;
  });
  const baseFs = gitFs(root, options.base);
  const headFs: DesignFs = options.head ? gitFs(root, options.head) : nodeFs(root);
  const parseCache = new Map<string, unknown>();
  const load = (fs: DesignFs): Project[] => {
    const existing = starts.filter((s) => s === '' || fs.stat(s));
    return existing.length ? loadProjects(fs, existing, { scanSamples: false, kinds: ['mapping', 'valuemap'], positions: false, parseCache }).projects : [];
  };
  const base = new Map(load(baseFs).map((p) => [p.dir, p]));
  const head = new Map(load(headFs).map((p) => [p.dir, p]));
  if (base.size === 0 && head.size === 0) throw new UsageError(`no design project (interop-design.yaml) under ${paths.join(', ') || '.'} at either commit`);
  // Only the mappings whose file (at either commit), or a value map they use, lies under the paths given.
  const diffs = [...new Set([...base.keys(), ...head.keys()])].sort().map((dir) => {
    const [b, h] = [base.get(dir), head.get(dir)];
    const valueMaps = new Set([...(b?.valueMaps ?? []), ...(h?.valueMaps ?? [])].filter((v) => v.valid && underAny(v.file, starts)).map((v) => v.data?.id));
    const inScope = (m: MappingDiff): boolean => underAny(m.baseFile, starts) || underAny(m.headFile, starts) || m.changes.some((c) => c.valueMap !== undefined && valueMaps.has(c.valueMap));
    const d = diffProjects(b, h);
    return { ...d, mappings: d.mappings.filter(inScope) };
  });
  const failing = diffs.flatMap((d) => d.mappings).filter((m) => failingVerdicts.has(m.verdict));
  if (options.format === 'json') {
    io.stdout(JSON.stringify({ version: 1, base: baseFs.commit, head: options.head ? (headFs as { commit?: string }).commit : 'working tree', projects: diffs, failing: failing.map((m) => m.id) }, null, 2) + '\n');
  } else {
    io.stdout(renderDiffMarkdown(diffs));
  }
  return failing.length ? ExitCode.findings : ExitCode.ok;
}
