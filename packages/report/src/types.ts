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
  /** More top-level members for the JSON format, after `diagnostics` (check-samples adds `coverage`). */
  extra?: Readonly<Record<string, unknown>>;
}

/** Renders findings as text; one formatter per file in src/formatters. */
export type Formatter = (diagnostics: readonly Diagnostic[], context?: FormatContext) => string;
