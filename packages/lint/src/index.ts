export { createRule, docsBaseUrl, interpolate } from './create-rule.js';
export { lintProject } from './engine.js';
export { preloadLint } from './preload.js';
export type { LintOptions, LintResult } from './engine.js';
export { resolveConfig } from './config.js';
export { readiness, mappingGaps } from './readiness.js';
export { compileInProject, givenRecord, judge, projectValueMaps, runTests, runTestsSync, valueAt } from './mapping-run.js';
export type { GivenRecord, TestDifference, TestOutcome } from './mapping-run.js';
export type { ChecklistItem, FlowReadiness, MappingReadiness } from './readiness.js';
export { rules } from './rules/index.js';
export type { RuleId } from './rules/index.js';
export { parseStory } from './rules/story-format.js';
export { rulesetDescriptions, rulesetNames } from './types.js';
export { rulesReadme } from './docs.js';
export type { Rule, RuleContext, RuleMeta, RulesetName, ReportDescriptor } from './types.js';

export { builtInChecks, sampleChecks } from './builtins.js';
export { applySuppressions, findDirectives, suppressibleIds } from './suppress.js';
export type { SuppressionDirective, SuppressionPass } from './suppress.js';
export type { SampleCheckId } from './builtins.js';

import { builtInChecks, sampleChecks } from './builtins.js';
import { docsBaseUrl } from './create-rule.js';
import { rules } from './rules/index.js';

/** Metadata of every rule and built-in check, for formatters (SARIF rule descriptors) and docs. */
export function ruleDescriptors(): { id: string; description: string; docs: string }[] {
  return [
    ...Object.values(rules).map((r) => ({ id: r.meta.id, description: r.meta.description, docs: r.meta.docs })),
    ...Object.entries(builtInChecks).map(([id, description]) => ({ id, description, docs: `${docsBaseUrl}built-in#${id}` })),
    ...Object.entries(sampleChecks).map(([id, c]) => ({ id, description: c.description, docs: `${docsBaseUrl}samples#${id}` })),
  ];
}
