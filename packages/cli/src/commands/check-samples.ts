import { compareDiagnostics, pushAll } from '@interop-design/core';
import type { Diagnostic } from '@interop-design/core';
import { preloadLint, ruleDescriptors, rulesetNames } from '@interop-design/lint';
import type { RulesetName } from '@interop-design/lint';
import { formatters, isFormatName, printable } from '@interop-design/report';
import { checkSamples } from '@interop-design/samples';
import type { CoverageRow } from '@interop-design/samples';
import { UsageError } from '../errors.js';
import { decideFailOn, parseFailOn } from '../fail-on.js';
import type { CliIo } from '../io.js';
import { underAny } from '../io.js';
import { cliVersion, loadForCommand } from './lint.js';

export interface CheckSamplesCommandOptions {
  format: string;
  failOn: string;
  ruleset?: string;
  showValues?: boolean;
  color?: boolean;
}

/**
 * `interop-design check-samples [paths..]`: sample records against the mappings, and sample
 * coverage; written by the same formatters as `lint`, coverage included (report's `CoverageRow`).
 */
export async function checkSamplesCommand(io: CliIo, paths: readonly string[], options: CheckSamplesCommandOptions): Promise<number> {
  if (!isFormatName(options.format)) throw new UsageError(`unknown format "${options.format}": use one of ${Object.keys(formatters).join(', ')}`);
  if (options.ruleset !== undefined && !(rulesetNames as readonly string[]).includes(options.ruleset)) throw new UsageError(`unknown --ruleset "${options.ruleset}"`);
  const failOn = parseFailOn(options.failOn);
  if (options.showValues && io.ci) throw new UsageError('--show-values prints sample values, which may be personal data: it is for local runs, not CI');
  const { starts, result } = loadForCommand(io, paths);
  for (const p of result.projects) await preloadLint(p);
  let lastProgress = 0;
  const onProgress = io.progress
    ? (file: string, bytes: number, total: number): void => {
        const now = Date.now();
        if (total < 32 * 1024 * 1024 || (now - lastProgress < 200 && bytes < total)) return;
        lastProgress = now;
        const width = 30;
        const done = Math.round((width * bytes) / total);
        io.progress?.(`${'█'.repeat(done)}${'░'.repeat(width - done)} ${Math.round((100 * bytes) / total)}% ${printable(file)}${bytes >= total ? '\n' : ''}`);
      }
    : undefined;
  const diagnostics: Diagnostic[] = [];
  const coverage: (CoverageRow & { project: string })[] = [];
  for (const project of result.projects) {
    const r = checkSamples(project, { ...(options.ruleset ? { ruleset: options.ruleset as RulesetName } : {}), showValues: options.showValues ?? false, ...(onProgress ? { onProgress } : {}) });
    pushAll(diagnostics, r.diagnostics);
    coverage.push(...r.coverage.map((c) => ({ ...c, project: project.dir })));
  }
  // Only what lies under the paths given: a finding at a file there, or pointing at a sample line
  // there; a coverage row of a mapping there or of a sample there.
  const rels = starts.map((s) => s.rel);
  const inScope = (d: Diagnostic): boolean => underAny(d.file, rels) || (d.related ?? []).some((r) => underAny(r.file, rels));
  const shown = diagnostics.filter(inScope).sort(compareDiagnostics);
  const rows = coverage.filter((row) => {
    const project = result.projects.find((p) => p.dir === row.project);
    const mappingFile = project?.mappings.find((m) => m.valid && m.data?.id === row.mapping)?.file;
    const sampleFiles = row.file.split(', ').map((f) => (row.project ? `${row.project}/${f}` : f));
    return underAny(mappingFile, rels) || sampleFiles.some((f) => underAny(f, rels));
  });
  io.stdout(formatters[options.format](shown, { color: options.color ?? io.color, coverage: rows, rules: ruleDescriptors(), version: cliVersion }));
  return decideFailOn(shown, failOn).exitCode;
}
