export { createRule, docsBaseUrl, interpolate } from './create-rule.js';
export { lintProject } from './engine.js';
export type { LintOptions, LintResult } from './engine.js';
export { resolveConfig } from './config.js';
export { readiness, mappingGaps } from './readiness.js';
export type { ChecklistItem, FlowReadiness, MappingReadiness } from './readiness.js';
export { rules } from './rules/index.js';
export type { RuleId } from './rules/index.js';
export { parseStory } from './rules/story-format.js';
export { rulesetNames } from './types.js';
export type { Rule, RuleContext, RuleMeta, RulesetName, ReportDescriptor } from './types.js';

/** Findings that come from the engine and loader rather than from a rule in the registry. */
export const builtInChecks = [
  'schema',
  'yaml-syntax',
  'yaml-duplicate-key',
  'yaml-unsupported-tag',
  'yaml-alias-limit',
  'yaml-depth-limit',
  'yaml-multiple-documents',
  'yaml-version',
  'file-encoding',
  'file-too-large',
  'file-symlink',
  'duplicate-file',
  'duplicate-id',
  'reference-system',
  'reference-story',
  'reference-flow',
  'reference-mapping',
  'reference-valuemap',
  'reference-lane',
  'reference-step',
  'reference-file',
  'path-escapes-repository',
  'field-path-syntax',
  'sample-syntax',
  'sample-depth-limit',
  'sample-duplicate-key',
  'sample-unsafe-integer',
  'sample-unknown-format',
  'config-unknown-rule',
  'config-unused-pattern',
  'unused-suppression',
  'suppression-reason',
] as const;
