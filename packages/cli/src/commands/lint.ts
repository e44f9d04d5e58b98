import type { Diagnostic } from '@interop-design/core';
import { fileStore, loadProjects, nodeFs, projectFileCount, pushAll } from '@interop-design/core';
import { lintProject, preloadLint, resolveConfig, ruleDescriptors, rulesetNames } from '@interop-design/lint';
import { loadCatalogue } from '@interop-design/metadata';
import type { RulesetName } from '@interop-design/lint';
import { formatters, isFormatName } from '@interop-design/report';
import { UsageError } from '../errors.js';
import { decideFailOn, parseFailOn } from '../fail-on.js';
import type { CliIo } from '../io.js';
import { rootFor, toRootRelative } from '../io.js';
import { cliVersion } from '../version.js';

export { cliVersion } from '../version.js';

export interface LintOptions {
  format: string;
  failOn: string;
  ruleset?: string;
  color?: boolean;
}

/** Loads the projects under the paths, or throws a usage error naming the paths that hold none. */
export function loadForCommand(io: CliIo, paths: readonly string[]) {
  // File names are relative to the git repository holding the paths (or, outside git, to the
  // working directory): one root per run, so that names are never ambiguous.
  const inputs = paths.length ? paths : ['.'];
  const roots = [...new Set(inputs.map((p) => rootFor(io.cwd, p)))];
  const [root = io.cwd] = roots;
  if (roots.length > 1) throw new UsageError(`the paths lie in different repositories or folders (${roots.join(', ')}): run once for each`);
  const starts = inputs.map((p) => {
    const rel = toRootRelative(root, io.cwd, p);
    if (rel === undefined) throw new UsageError(`${p} is outside ${root}`);
    return { input: p, rel };
  });
  // One file store for the run: lint, check-samples and the metadata readers share its reads.
  const result = loadProjects(
    fileStore(nodeFs(root)),
    starts.map((s) => s.rel),
  );
  if (result.missing.length) throw new UsageError(`no such file or folder: ${result.missing.map((m) => starts.find((s) => s.rel === m)?.input ?? m).join(', ')}`);
  if (result.empty.length) throw new UsageError(`no design project (interop-design.yaml) at or above ${result.empty.map((m) => starts.find((s) => s.rel === m)?.input ?? m).join(', ')}: run \`interop-design init\` to create one`);
  return { root, starts, result };
}

/** `interop-design lint [paths..]`: schema, reference and (later) rule findings. */
export async function lintCommand(io: CliIo, paths: readonly string[], options: LintOptions): Promise<number> {
  if (!isFormatName(options.format)) throw new UsageError(`unknown format "${options.format}": use one of ${Object.keys(formatters).join(', ')}`);
  if (options.ruleset !== undefined && !(rulesetNames as readonly string[]).includes(options.ruleset)) throw new UsageError(`unknown --ruleset "${options.ruleset}": use one of ${rulesetNames.join(', ')}`);
  const failOn = parseFailOn(options.failOn);
  const ruleset = options.ruleset as RulesetName | undefined;
  const { starts, result } = loadForCommand(io, paths);
  // Metadata workbooks (XLSForm .xlsx) are read asynchronously; the catalogue is then shared by every
  // rule. The libraries only some projects need (JSONata, phone numbers, cron) load before the rules.
  for (const p of result.projects) {
    await loadCatalogue(p);
    await preloadLint(p);
  }
  const inScope = (d: Diagnostic): boolean => starts.some((s) => s.rel === '' || d.file === s.rel || d.file.startsWith(`${s.rel}/`));
  const diagnostics = [...result.diagnostics];
  for (const p of result.projects) {
    // Readiness includes the sample checks: under the ready ruleset their errors block it (the
    // sample checker loads only then).
    const sampleFindings = resolveConfig(p, ruleset).ruleset === 'ready' ? (await import('@interop-design/samples')).checkSamples(p, ruleset ? { ruleset } : {}).diagnostics : undefined;
    pushAll(diagnostics, lintProject(p, { ...(ruleset ? { ruleset } : {}), ...(sampleFindings ? { sampleFindings } : {}) }).diagnostics);
  }
  const inScopeDiagnostics = diagnostics.filter(inScope);
  const fileCount = result.projects.reduce((n, p) => n + projectFileCount(p), 0);
  io.stdout(formatters[options.format](inScopeDiagnostics, { color: options.color ?? io.color, fileCount, rules: ruleDescriptors(), version: cliVersion }));
  return decideFailOn(inScopeDiagnostics, failOn).exitCode;
}
