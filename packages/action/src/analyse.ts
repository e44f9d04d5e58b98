import type { DesignFs, Diagnostic, Project } from '@interop-design/core';
import { compareDiagnostics, fileStore, loadProjects, projectFileCount, projectOf } from '@interop-design/core';
import { diffProjects, verdictDiagnostic } from '@interop-design/diff';
import type { ProjectDiff } from '@interop-design/diff';
import { findDirectives, lintProject, preloadLint, readiness } from '@interop-design/lint';
import type { MappingReadiness, RulesetName, SuppressionDirective } from '@interop-design/lint';
import { diffCatalogues, loadCatalogue } from '@interop-design/metadata';
import type { MetadataChange } from '@interop-design/metadata';
import { checkSamples } from '@interop-design/samples';
import type { CoverageRow } from '@interop-design/samples';
import type { Flow, LintConfig } from '@interop-design/schema';
import type { JobChange } from '@interop-design/openfn';
import { jobChangesOf } from './jobs.js';

export interface ProjectResult {
  dir: string;
  name: string;
  diagnostics: Diagnostic[];
  coverage: CoverageRow[];
  diff: ProjectDiff | undefined;
  mappings: MappingReadiness[];
  /** Where the lint configuration came from. */
  config: 'base' | 'head' | 'head-new-project';
  /** The PR changes the manifest's `lint` section. */
  configChanged: boolean;
  changedFlows: { id: string; file: string; flow: Flow }[];
  /** The manifest's systems, to title swim lanes. */
  systems: Record<string, { name?: string } | undefined>;
  fileCount: number;
  /**
   * Fingerprints of the findings the base commit already has, judged by the same configuration:
   * a finding with one of them is existing, not caused by the pull request. `undefined` without a
   * base commit, or when the project is new.
   */
  baseFingerprints: Set<string> | undefined;
  /** Disable directives on lines the pull request adds (or in files it adds), listed in the report. */
  addedSuppressions: SuppressionDirective[];
  /** What changed in the metadata and which mappings it breaks, when the pull request changes a metadata file of the project. */
  metadataDiff?: MetadataChange[];
  /** Generated OpenFn jobs of the mappings ready at the head whose body the pull request changes. */
  jobChanges: JobChange[];
}

export interface Analysis {
  projects: ProjectResult[];
  /** Every finding of every analysed project, sorted. */
  diagnostics: Diagnostic[];
  /** Findings outside any project (a symlinked start path). */
  notes: string[];
}

export interface AnalyseOptions {
  root: string;
  /** Start paths relative to the root (`''` for all). */
  paths: readonly string[];
  ruleset?: RulesetName;
  configFrom: 'base' | 'head';
  /** The tree to analyse: the PR's head commit, or the working tree. Read through one file store per run. */
  head: DesignFs;
  /** The base commit's tree, when known; read through its own file store. */
  base: DesignFs | undefined;
  /** Files the PR changes (new and old names); `undefined` analyses every project under `paths`. */
  changed: ReadonlySet<string> | undefined;
}

function within(dir: string, start: string): boolean {
  return start === '' || dir === start || dir.startsWith(`${start}/`) || start.startsWith(`${dir}/`);
}

function lintSection(project: Project | undefined): LintConfig | undefined {
  return project?.manifest.valid ? (project.manifest.data?.lint ?? {}) : undefined;
}

/** A stable text of a value, keys sorted, to compare two configurations. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

/** The directives of changed files whose line is not in the file at the base commit. */
function directivesAdded(project: Project, base: DesignFs | undefined, changed: ReadonlySet<string> | undefined): SuppressionDirective[] {
  if (!changed) return [];
  const docs = project.documents().filter((d) => changed.has(d.file));
  const out: SuppressionDirective[] = [];
  for (const doc of docs) {
    const found = findDirectives([doc]);
    if (found.length === 0) continue;
    let before: Set<string> | undefined;
    try {
      before = base?.stat(doc.file)?.type === 'file' ? new Set(new TextDecoder().decode(base.readFile(doc.file)).split(/\r?\n/u).map((l) => l.trim())) : undefined;
    } catch {
      before = undefined;
    }
    const lines = doc.source.text.split(/\r?\n/u);
    for (const x of found) if (!before?.has((lines[x.line - 1] ?? '').trim())) out.push(x);
  }
  return out;
}

/** The metadata changes between the commits, when the pull request changes a metadata file of either commit's catalogue. */
async function metadataChanges(base: Project, head: Project, changed: ReadonlySet<string> | undefined): Promise<MetadataChange[] | undefined> {
  const [bc, hc] = [await loadCatalogue(base), await loadCatalogue(head)];
  const files = new Set([...bc.systems.values(), ...hc.systems.values()].flatMap((s) => s.files));
  for (const m of [...base.metadata, ...head.metadata]) files.add(m.file);
  if (changed && ![...changed].some((f) => files.has(f))) return undefined;
  return diffCatalogues(bc, hc, head);
}

/**
 * Lints, checks samples and diffs the design projects a pull request touches, judged by the
 * configuration of the base commit unless told otherwise. Each project's metadata catalogue is
 * read first, workbooks (XLSForm `.xlsx`) included, as the CLI reads it.
 */
export async function analyse(options: AnalyseOptions): Promise<Analysis> {
  // One file store per commit for the run: the several loads below (the project search, the
  // base's configuration, the head, the whole base) and every check share its reads, so that each
  // file of each commit is read once.
  const head = fileStore(options.head);
  const base = options.base && fileStore(options.base);
  const starts = options.paths.length ? options.paths : [''];
  let dirs: string[];
  const notes: string[] = [];
  if (options.changed) {
    const touched = new Set<string>();
    for (const file of options.changed) {
      for (const dir of [projectOf(head, file), base && projectOf(base, file)]) if (dir !== undefined && starts.some((s) => within(dir, s))) touched.add(dir);
    }
    dirs = [...touched].sort();
  } else {
    const found = loadProjects(head, starts, { scanSamples: false, kinds: [], positions: false });
    dirs = found.projects.map((p) => p.dir);
    notes.push(...found.missing.map((m) => `no such path: ${m}`));
  }

  const parseCache = new Map<string, unknown>();
  const projects: ProjectResult[] = [];
  for (const dir of dirs) {
    const headHas = projectOf(head, dir ? `${dir}/x` : 'x') === dir;
    const baseProject = base && projectOf(base, dir ? `${dir}/x` : 'x') === dir ? loadProjects(base, [dir], { scanSamples: false, kinds: ['mapping', 'valuemap'], positions: false, parseCache }).projects[0] : undefined;
    const headProject = headHas ? loadProjects(head, [dir], { parseCache, ...(options.configFrom === 'base' && lintSection(baseProject) ? { ignore: lintSection(baseProject)?.ignore ?? [] } : {}) }).projects[0] : undefined;
    const baseLint = lintSection(baseProject);
    const useBase = options.configFrom === 'base' && baseLint !== undefined;
    const configChanged = baseLint !== undefined && headProject !== undefined && canonical(baseLint) !== canonical(lintSection(headProject) ?? {});
    const common = { ...(options.ruleset ? { ruleset: options.ruleset } : {}), ...(useBase ? { config: baseLint } : {}) };
    const diagnostics: Diagnostic[] = [];
    let coverage: CoverageRow[] = [];
    let mappings: MappingReadiness[] = [];
    const diff = base ? diffProjects(baseProject, headProject) : undefined;
    if (headProject) {
      await loadCatalogue(headProject);
      await preloadLint(headProject);
      // Which samples are synthetic is configuration too: read from the base commit like the rest.
      const samples = checkSamples(headProject, { ...common, ...(useBase ? { synthetic: baseProject?.manifest.data?.samples?.synthetic ?? [] } : {}) });
      diagnostics.push(...samples.diagnostics);
      coverage = samples.coverage;
      mappings = readiness(headProject, samples.diagnostics).mappings;
      for (const m of diff?.mappings ?? []) {
        const d = verdictDiagnostic(headProject, m);
        if (d) diagnostics.push(d);
      }
      diagnostics.push(...lintProject(headProject, { ...common, sampleFindings: samples.diagnostics }).diagnostics);
    }
    // The same checks on the base commit, to tell the findings the pull request causes from those it inherits.
    let baseFingerprints: Set<string> | undefined;
    let metadataDiff: MetadataChange[] | undefined;
    let baseFull: Project | undefined;
    if (base && baseProject && headProject) {
      baseFull = loadProjects(base, [dir], { parseCache, positions: false, ...(options.configFrom === 'base' && baseLint ? { ignore: baseLint.ignore ?? [] } : {}) }).projects[0];
      if (baseFull) await loadCatalogue(baseFull);
      if (baseFull) await preloadLint(baseFull);
      if (baseFull) baseFingerprints = new Set([...checkSamples(baseFull, common).diagnostics, ...lintProject(baseFull, common).diagnostics].map((d) => d.fingerprint));
      if (baseFull) metadataDiff = await metadataChanges(baseFull, headProject, options.changed);
    }
    const addedSuppressions = headProject ? directivesAdded(headProject, base, options.changed) : [];
    // The jobs `export openfn` generates for mappings ready at the head (its own gate: status ready, no gap), base against head.
    let jobChanges: JobChange[] = [];
    if (base && headProject) {
      try {
        jobChanges = jobChangesOf(baseFull, headProject, new Set(mappings.filter((m) => m.ready && m.status === 'ready').map((m) => m.id)));
      } catch (error) {
        notes.push(`the generated OpenFn jobs of ${dir || '.'} could not be compared: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const changedFlows = (headProject?.flows ?? []).flatMap((doc) => (doc.valid && doc.data && (!options.changed || options.changed.has(doc.file)) ? [{ id: doc.data.id, file: doc.file, flow: doc.data }] : []));
    projects.push({
      dir,
      name: headProject?.name ?? baseProject?.name ?? (dir || '.'),
      diagnostics: diagnostics.sort(compareDiagnostics),
      coverage,
      diff,
      mappings,
      config: useBase ? 'base' : baseLint === undefined && base ? 'head-new-project' : 'head',
      configChanged,
      changedFlows,
      systems: (headProject?.manifest.valid ? headProject.manifest.data?.systems : undefined) ?? {},
      fileCount: headProject ? projectFileCount(headProject) : 0,
      addedSuppressions,
      baseFingerprints,
      ...(metadataDiff ? { metadataDiff } : {}),
      jobChanges,
    });
  }
  return { projects, diagnostics: projects.flatMap((p) => p.diagnostics).sort(compareDiagnostics), notes };
}

