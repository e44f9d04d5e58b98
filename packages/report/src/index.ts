import { github } from './formatters/github.js';
import { json } from './formatters/json.js';
import { junit } from './formatters/junit.js';
import { markdown } from './formatters/markdown.js';
import { sarif } from './formatters/sarif.js';
import { stylish } from './formatters/stylish.js';
import type { Formatter } from './types.js';

export { Budget, blobUrl, code, coverageHeader, coverageRow, findingRow, findingsHeader, pct, plural, severityIcon, severityLabel } from './markdown/helpers.js';
export { commentBudget, renderReport, summaryBudget } from './markdown/pull-request.js';
export type { ReportAnalysis, ReportInput, ReportOptions, ReportProject } from './markdown/pull-request.js';
export { renderDiffMarkdown } from './markdown/versions.js';
export { renderMetadataDiffMarkdown, renderMetadataDiffText } from './markdown/metadata.js';
export type { MetadataDiffOptions, ProjectMetadataDiff } from './markdown/metadata.js';
export { renderJobChanges } from './markdown/jobs.js';
export type { JobDiff, JobsMarkdownOptions } from './markdown/jobs.js';
export type { VersionsMarkdownOptions } from './markdown/versions.js';
export { mermaidText, renderFlowMermaid, triggerLabel } from './mermaid.js';
export type { CoverageRow, FormatContext, Formatter, RuleDescriptor } from './types.js';
export { escapeCommandData, escapeCommandProperty, escapeMarkdown, escapeXml, fenceFor, inertJson, invisibleChars, printable } from './escape.js';
export { github, json, junit, markdown, sarif, stylish };

/** Formatters by name, as `--format` takes them. */
export const formatters = { stylish, json, sarif, junit, github, markdown } as const satisfies Record<string, Formatter>;
export type FormatName = keyof typeof formatters;

export function isFormatName(name: string): name is FormatName {
  return Object.prototype.hasOwnProperty.call(formatters, name);
}
