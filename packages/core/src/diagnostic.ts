import { createHash } from 'node:crypto';

export type Severity = 'error' | 'warning' | 'info';

/** 1-based line and column (columns count UTF-16 code units, as editors do). */
export interface Position {
  line: number;
  column: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface RelatedLocation {
  file: string;
  range: Range;
  message: string;
}

/** One finding: the contract between packages (and the JSON output format). */
export interface Diagnostic {
  ruleId: string;
  /**
   * Which of the rule's messages this is (the key of `meta.messages` the rule reported with), set
   * by the lint engine and by checks that have named messages; absent otherwise. Tests compare it.
   */
  messageId?: string;
  severity: Severity;
  /** Says what is wrong and what to do; never quotes sample values. */
  message: string;
  /** Posix path relative to the repository root. */
  file: string;
  range: Range;
  /** RFC 6901 JSON Pointer of the node the finding is about. */
  path?: string;
  /**
   * Stable across line moves: a hash of ruleId, file, path and message arguments. For sample
   * findings: the rule id, the mapping file and the field's JSON pointer, and the sample file's
   * name only (in a sample file: an ordinal), never anything read from the sample.
   */
  fingerprint: string;
  /** Other places that explain the finding; for sample value findings, the first affected record and how many records are affected (never the value). */
  related?: RelatedLocation[];
}

export const severityRank: Readonly<Record<Severity, number>> = { error: 3, warning: 2, info: 1 };

/** The values of `--fail-on` (CLI) and `fail-on` (Action). */
export const failLevels = ['error', 'warning', 'info', 'never'] as const;
export type FailOn = (typeof failLevels)[number];

/** Whether a finding of `severity` fails the run at `failOn`: the one place that decides it. */
export function failsAt(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'never' && severityRank[severity] >= severityRank[failOn];
}

/**
 * The fingerprint of a sample finding: the rule id, the mapping file and the JSON pointer of the
 * field (when a mapping is concerned), the sample file's name, and an ordinal among the file's
 * findings of that rule. Never anything read from the sample: fingerprints sit in public review
 * comment markers, and an unsalted hash of a key or value can be reversed by trying candidates.
 */
export function sampleFingerprint(ruleId: string, sampleFile: string, mapping?: { file: string; pointer: string }, ordinal = 0): string {
  return fingerprint(ruleId, mapping?.file ?? sampleFile, mapping?.pointer, ['sample', sampleFile, ordinal]);
}

/** Stable identity of a finding: the same defect keeps its fingerprint when lines move. */
export function fingerprint(ruleId: string, file: string, path: string | undefined, args: readonly unknown[] = []): string {
  return createHash('sha256')
    .update(JSON.stringify([ruleId, file, path ?? '', args]))
    .digest('hex')
    .slice(0, 20);
}

export const startOfFile: Range = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };

/** Orders findings by file, then position, then rule id: the order every formatter prints. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.column - b.range.start.column ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  );
}

/** The most severe first, then by place: the order for capped lists (annotations, review comments). */
export function compareBySeverity(a: Diagnostic, b: Diagnostic): number {
  return severityRank[b.severity] - severityRank[a.severity] || compareDiagnostics(a, b);
}

/** Counts findings per severity. */
export function countBySeverity(diagnostics: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}
