import type { Diagnostic } from '@interop-design/core';

export interface RuleDescriptor {
  id: string;
  description: string;
  docs: string;
}

export interface FormatContext {
  /** Rule metadata for formats that carry it (SARIF). */
  rules?: readonly RuleDescriptor[];
  /** The tool's version, for SARIF. */
  version?: string;
  /** Use ANSI colours (terminals only). */
  color?: boolean;
  /** Files checked, for summaries that say "N files". */
  fileCount?: number;
  /**
   * Sample coverage (check-samples): the JSON format's `coverage` member, SARIF's
   * `runs[0].properties.coverage`, a table after the findings in stylish and Markdown. JUnit and
   * GitHub annotations carry findings only. Absent: no coverage is written in any format.
   */
  coverage?: readonly CoverageRow[];
}

/**
 * One row of sample coverage: a mapping and the source samples it names (README: check-samples
 * output). Counts only, never a sample value or key.
 */
export interface CoverageRow {
  /** The mapping's id. */
  mapping: string;
  /** Its source sample files, relative to the project folder, joined by `, `. */
  file: string;
  /** Records read from them. */
  records: number;
  /** Mapped source paths found in at least one record, of all mapped source paths. */
  paths: { resolved: number; total: number };
  /** Distinct leaf keys in the records that a mapped path covers, of all of them. */
  sampleKeys: { mapped: number; total: number };
  /** The design project's folder, relative to the repository root (`''` at the root). */
  project?: string;
}

/** A coverage row in the stable key order every machine-readable format writes. */
export function coverageJson(r: CoverageRow): CoverageRow {
  return { mapping: r.mapping, file: r.file, records: r.records, paths: { resolved: r.paths.resolved, total: r.paths.total }, sampleKeys: { mapped: r.sampleKeys.mapped, total: r.sampleKeys.total }, ...(r.project === undefined ? {} : { project: r.project }) };
}

/** Renders findings as text; one formatter per file in src/formatters. */
export type Formatter = (diagnostics: readonly Diagnostic[], context?: FormatContext) => string;
