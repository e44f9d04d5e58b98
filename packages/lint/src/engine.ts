import type { DesignDocument, Diagnostic, Project, ValidDocument } from '@interop-design/core';
import { compareDiagnostics, fingerprint, isValidDocument, limits, pushAll } from '@interop-design/core';
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
  /** What check-samples found in the project: under the ready ruleset its errors block readiness. */
  sampleFindings?: readonly Diagnostic[];
}

export interface LintResult {
  ruleset: RulesetName;
  /** Loader, configuration and rule findings, sorted, suppressions applied. */
  diagnostics: Diagnostic[];
}

/**
 * What rules read: schema-valid documents whole, and of a document that fails its schema the
 * part that is valid (only the invalid subtrees are withheld: one schema error never hides the
 * other findings of its file). With `whole`, only the documents that are valid throughout.
 */
export function validDocuments(project: Project, whole = false): ValidDocuments {
  const view = <T>(d: DesignDocument<T> | undefined): ValidDocument<T> | undefined => {
    if (!d) return undefined;
    if (isValidDocument(d)) return d;
    if (whole || !d.partial) return undefined;
    return { ...d, data: d.partial.data as T, valid: true };
  };
  const ok = <T>(docs: DesignDocument<T>[]): ValidDocument<T>[] => docs.flatMap((d) => view(d) ?? []);
  return {
    stories: ok<StoriesFile>(project.stories),
    requirements: view(project.requirements),
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
  const found: Diagnostic[] = [];
  pushAll(found, project.diagnostics);
  pushAll(found, config.diagnostics);
  // The metadata catalogue is built once per project (rules share it); its findings are about the metadata files.
  pushAll(found, catalogueOf(project).diagnostics);
  const partial = validDocuments(project);
  const withheld = new Map<string, string[]>();
  const docs: DesignDocument[] = project.documents();
  for (const d of docs) {
    if (!d.valid && d.partial) withheld.set(d.file, d.partial.withheld);
  }
  const hasPartial = withheld.size > 0;
  // A rule sees a withheld subtree as absent: what it says there is the schema finding's business.
  const inWithheld = (file: string, pointer: string): boolean => (withheld.get(file) ?? []).some((w) => pointer === w || pointer.startsWith(`${w}/`));
  for (const [id, rule] of Object.entries(rules) as [string, Rule][]) {
    if (!config.enabled.has(id)) continue;
    const reported: Diagnostic[] = [];
    const run = (valid: ValidDocuments): void => {
      rule.check({
        project,
        valid,
        ruleset: config.ruleset,
        ...(options.sampleFindings ? { sampleFindings: options.sampleFindings } : {}),
        report(r: ReportDescriptor<string>) {
          const severity = config.severityFor(id, r.doc.file);
          if (severity === 'off' || inWithheld(r.doc.file, r.pointer)) return;
          reported.push({
            ruleId: id,
            messageId: r.messageId,
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
    };
    try {
      run(partial);
    } catch (error) {
      // A rule that cannot read what is left of a partly invalid file: its findings on the
      // wholly valid files still count; the schema findings say what to fix in the other.
      if (!hasPartial) throw error;
      reported.length = 0;
      run(validDocuments(project, true));
    }
    pushAll(found, reported);
  }
  const suppressed = applySuppressions(docs, found, { ran: new Set(Object.keys(rules)), reportDirectives: true });
  return { ruleset: config.ruleset, diagnostics: capPerFile(suppressed.sort(compareDiagnostics)) };
}
