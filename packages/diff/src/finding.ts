import type { Diagnostic, Project } from '@interop-design/core';
import { fingerprint } from '@interop-design/core';
import type { MappingDiff } from './diff.js';
import type { Verdict } from './verdict.js';
import { failingVerdicts } from './verdict.js';

const verdictMessage: Partial<Record<Verdict, string>> = {
  'not-bumped': 'the mapping changed but its version did not: bump it to at least a {required} release and add a changelog entry',
  'bump-too-small': 'the version bump is too small for these changes: they need a {required} release',
  'version-went-down': 'the version went down from {base}: versions only go up',
  'no-changelog-entry': 'version {head} has no changelog entry: add one saying what changed',
  'invalid-version': 'the version is not MAJOR.MINOR.PATCH, so the change cannot be judged',
};

/**
 * A failing version verdict as a `mapping-version` error at the mapping's `version` in the head
 * project; `undefined` for a verdict that does not fail or a mapping the head does not hold.
 */
export function verdictDiagnostic(project: Project, m: MappingDiff): Diagnostic | undefined {
  const template = failingVerdicts.has(m.verdict) ? verdictMessage[m.verdict] : undefined;
  const doc = project.mappings.find((d) => d.file === m.headFile);
  if (!template || !doc) return undefined;
  const message = template.replace('{required}', m.required).replace('{base}', m.baseVersion ?? '?').replace('{head}', m.headVersion ?? '?') + ` (${m.counts.breaking} breaking, ${m.counts.additive} additive, ${m.counts.editorial} editorial changes)`;
  return { ruleId: 'mapping-version', severity: 'error', message, file: doc.file, range: doc.source.locate('/version', 'value'), path: '/version', fingerprint: fingerprint('mapping-version', doc.file, '/version', [m.verdict, m.required]) };
}
