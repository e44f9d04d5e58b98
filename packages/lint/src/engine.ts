import type { DesignDocument, Diagnostic, Project } from '@interop-design/core';
import { compareDiagnostics, fingerprint, limits } from '@interop-design/core';
import { catalogueOf } from '@interop-design/metadata';
import type { Flow, LintConfig, Mapping, StoriesFile, ValueMapFile } from '@interop-design/schema';
import { resolveConfig } from './config.js';
import { interpolate } from './create-rule.js';
import { rules } from './rules/index.js';
import { applySuppressions } from './suppress.js';
import type { ReportDescriptor, Rule, RulesetName, ValidDocuments } from './types.js';

export interface LintOptions {
  /** Overrides the manifest's `lint.extends`. */
  ruleset?: RulesetName;
  /** Replaces the manifest's `lint` section (the action passes the base commit's). */
  config?: LintConfig;
}

export interface LintResult {
  ruleset: RulesetName;
  /** Loader, configuration and rule findings, sorted, suppressions applied. */
  diagnostics: Diagnostic[];
}

function validDocuments(project: Project): ValidDocuments {
  const ok = <T>(docs: DesignDocument<T>[]): DesignDocument<T>[] => docs.filter((d) => d.valid && d.data !== undefined);
  return {
    stories: ok<StoriesFile>(project.stories),
    requirements: project.requirements?.valid ? (project.requirements) : undefined,
    flows: ok<Flow>(project.flows),
    mappings: ok<Mapping>(project.mappings),
    valueMaps: ok<ValueMapFile>(project.valueMaps),
  };
}

/** Keeps the first findings of each rule in each file and says how many more there were. */
function capPerFile(diagnostics: Diagnostic[]): Diagnostic[] {
  const counts = new Map<string, number>();
  const out: Diagnostic[] = [];
  const extra = new Map<string, { d: Diagnostic; n: number }>();
  for (const d of diagnostics) {
    const key = `${d.file}\u0000${d.ruleId}`;
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    if (n <= limits.maxFindingsPerRulePerFile) out.push(d);
    else extra.set(key, { d, n: n - limits.maxFindingsPerRulePerFile });
  }
  for (const { d, n } of extra.values()) {
    out.push({ ruleId: d.ruleId, severity: d.severity, message: `and ${n} more ${d.ruleId} finding${n === 1 ? '' : 's'} in this file, not listed`, file: d.file, range: d.range, fingerprint: fingerprint(d.ruleId, d.file, 'more', [n]) });
  }
  return out;
}

/**
 * Lints one loaded project: the loader's findings, the configuration's, and those of every rule
 * the ruleset and configuration switch on, at the severity configured for each file.
 */
export function lintProject(project: Project, options: LintOptions = {}): LintResult {
  const config = resolveConfig(project, options.ruleset, options.config);
  const valid = validDocuments(project);
  // The metadata catalogue is built once per project (rules share it); its findings are about the metadata files.
  const found: Diagnostic[] = [...project.diagnostics, ...config.diagnostics, ...catalogueOf(project).diagnostics];
  for (const [id, rule] of Object.entries(rules) as [string, Rule][]) {
    if (!config.enabled.has(id)) continue;
    rule.check({
      project,
      valid,
      ruleset: config.ruleset,
      report(r: ReportDescriptor<string>) {
        const severity = config.severityFor(id, r.doc.file);
        if (severity === 'off') return;
        found.push({
          ruleId: id,
          severity,
          message: interpolate(rule.meta.messages[r.messageId] ?? r.messageId, r.data),
          file: r.doc.file,
          range: r.doc.source.locate(r.pointer, r.target),
          path: r.pointer,
          ...(r.related?.length ? { related: r.related } : {}),
          fingerprint: fingerprint(id, r.doc.file, r.pointer, [r.messageId, r.data ?? {}]),
        });
      },
    });
  }
  const docs: DesignDocument[] = [project.manifest, ...project.stories, ...(project.requirements ? [project.requirements] : []), ...project.flows, ...project.mappings, ...project.valueMaps];
  const suppressed = applySuppressions(docs, found, new Set(Object.keys(rules)));
  // Every finding has its range now: free the position data of each file.
  for (const doc of docs) doc.source.releasePositions();
  return { ruleset: config.ruleset, diagnostics: capPerFile(suppressed.sort(compareDiagnostics)) };
}
