import picomatch from 'picomatch';
import type { LintConfig, Manifest, RuleSettings } from '@interop-design/schema';
import { sampleChecks } from './checks.js';
import type { RulesetName } from './checks.js';
import type { Diagnostic, Severity } from './diagnostic.js';
import { fingerprint } from './diagnostic.js';
import { toPointer } from './pointer.js';
import type { Project } from './project-model.js';
import { normaliseSeverity } from './severity.js';

/** What configuration resolution needs of each rule: its severity in each ruleset that includes it. */
export type RuleSeverities = Readonly<Record<string, { meta: { rulesets: Readonly<Partial<Record<RulesetName, Severity>>> } }>>;

export interface ResolvedConfig {
  ruleset: RulesetName;
  /** Rules that run: on in the ruleset, or switched on anywhere in the configuration. */
  enabled: Set<string>;
  /** Severity of a rule's findings in a file (posix, relative to the repository root). */
  severityFor(ruleId: string, file: string): Severity | 'off';
  /** Findings about the configuration itself. */
  diagnostics: Diagnostic[];
}

function settingSeverity(setting: RuleSettings[string]): Severity | 'off' {
  if (setting === undefined) return 'off';
  return normaliseSeverity(Array.isArray(setting) ? setting[0] : setting);
}

/**
 * Reads `lint` from the manifest for a registry of rules (lint passes its own; check-samples,
 * which judges only the sample checks, may pass none); `override` (the --ruleset flag) wins over `extends`. `external`
 * replaces the manifest's `lint` for deciding what runs (the action passes the base commit's, so
 * a pull request cannot switch off the checks that judge it); the manifest's own section is
 * still checked for unknown rule ids and globs that match nothing.
 */
export function resolveConfigFor(rules: RuleSeverities, project: Project, override?: RulesetName, external?: LintConfig): ResolvedConfig {
  const manifest = project.manifest;
  // A schema error elsewhere in the manifest does not switch its lint section off.
  const own: LintConfig = (manifest.valid ? manifest.data?.lint : (manifest.partial?.data as Manifest | undefined)?.lint) ?? {};
  const lint: LintConfig = external ?? own;
  const ruleset: RulesetName = override ?? lint.extends ?? 'recommended';
  const diagnostics: Diagnostic[] = [];
  const known = new Set([...Object.keys(rules), ...Object.keys(sampleChecks)]);
  const report = (ruleId: string, severity: Severity, message: string, pointer: string, target: 'key' | 'value'): void => {
    diagnostics.push({ ruleId, severity, message, file: manifest.file, range: manifest.source.locate(pointer, target), path: pointer, fingerprint: fingerprint(ruleId, manifest.file, pointer, [message]) });
  };
  const checkIds = (settings: RuleSettings | undefined, at: (string | number)[]): void => {
    for (const id of Object.keys(settings ?? {})) {
      if (known.has(id)) continue;
      const guess = [...known].find((k) => k.includes(id) || id.includes(k));
      report('config-unknown-rule', 'error', `unknown rule "${id}"${guess ? `: did you mean "${guess}"?` : ''}; a misspelt rule id silences nothing`, toPointer([...at, id]), 'key');
    }
  };
  checkIds(own.rules, ['lint', 'rules']);
  own.overrides?.forEach((o, i) => {
    checkIds(o.rules, ['lint', 'overrides', i, 'rules']);
  });

  // Every file of the project, relative to its folder, to check that globs match something.
  const prefix = project.dir ? `${project.dir}/` : '';
  const files = [...project.documents(), ...project.metadata]
    .map((d) => d.file)
    .concat(project.samples.map((s) => s.file))
    .map((f) => (f.startsWith(prefix) ? f.slice(prefix.length) : f));
  const compile = (o: NonNullable<LintConfig['overrides']>[number]) => o.files.map((glob) => picomatch(glob, { dot: true }));
  own.overrides?.forEach((o, i) => {
    const matchers = compile(o);
    o.files.forEach((glob, j) => {
      if (!files.some((f) => matchers[j]?.(f))) report('config-unused-pattern', 'warning', `"${glob}" matches no file of this project: correct the glob or remove it`, toPointer(['lint', 'overrides', i, 'files', j]), 'value');
    });
  });
  const overrides = (lint.overrides ?? []).map((o) => {
    const matchers = compile(o);
    return { match: (f: string) => matchers.some((m) => m(f)), rules: o.rules };
  });
  (own.ignore ?? []).forEach((glob, j) => {
    const m = picomatch(glob, { dot: true });
    if (!project.ignored.some((f) => m(f) || m(`${f}/`))) report('config-unused-pattern', 'warning', `"${glob}" matches no file of this project: correct the glob or remove it`, toPointer(['lint', 'ignore', j]), 'value');
  });

  const enabled = new Set<string>();
  for (const [id, rule] of Object.entries(rules)) if (rule.meta.rulesets[ruleset]) enabled.add(id);
  for (const settings of [lint.rules, ...(lint.overrides ?? []).map((o) => o.rules)]) {
    for (const [id, setting] of Object.entries(settings ?? {})) if (known.has(id) && settingSeverity(setting) !== 'off') enabled.add(id);
  }

  const severityFor = (ruleId: string, file: string): Severity | 'off' => {
    const rule = Object.prototype.hasOwnProperty.call(rules, ruleId) ? rules[ruleId] : undefined;
    const sample = (sampleChecks as Record<string, { severity: Severity } | undefined>)[ruleId];
    // Sample checks keep their severity in every ruleset, except that strict and ready make warnings errors.
    const sampleSeverity = sample && (ruleset !== 'recommended' && sample.severity === 'warning' ? 'error' : sample.severity);
    let severity: Severity | 'off' = (rule?.meta.rulesets)?.[ruleset] ?? sampleSeverity ?? 'off';
    const top = lint.rules?.[ruleId];
    if (top !== undefined) severity = settingSeverity(top);
    const inProject = file.startsWith(prefix) ? file.slice(prefix.length) : file;
    for (const o of overrides) {
      const setting = o.rules[ruleId];
      if (setting !== undefined && o.match(inProject)) severity = settingSeverity(setting);
    }
    return severity;
  };
  return { ruleset, enabled, severityFor, diagnostics };
}
