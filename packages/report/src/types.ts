import type { Diagnostic } from '@interop-design/core';

export interface FormatContext {
  /** Use ANSI colours (terminals only). */
  color?: boolean;
  /** Files checked, for summaries that say "N files". */
  fileCount?: number;
}

/** Renders findings as text; one formatter per file in src/formatters. */
export type Formatter = (diagnostics: readonly Diagnostic[], context?: FormatContext) => string;
