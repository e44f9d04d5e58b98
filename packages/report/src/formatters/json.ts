import { compareDiagnostics, countBySeverity } from '@interop-design/core';
import { inertJson } from '../escape.js';
import type { Formatter } from '../types.js';
import { coverageJson } from '../types.js';

/** Machine-readable output: every finding with its 1-based range, plus counts (and `coverage` when given). Stable key order. */
export const json: Formatter = (diagnostics, context = {}) => {
  const counts = countBySeverity(diagnostics);
  return (
    inertJson(
      JSON.stringify(
      {
        version: 1,
        summary: { errors: counts.error, warnings: counts.warning, infos: counts.info, ...(context.fileCount === undefined ? {} : { files: context.fileCount }) },
        diagnostics: [...diagnostics].sort(compareDiagnostics).map((d) => ({
          ruleId: d.ruleId,
          severity: d.severity,
          message: d.message,
          file: d.file,
          range: d.range,
          ...(d.path === undefined ? {} : { path: d.path }),
          fingerprint: d.fingerprint,
          ...(d.related ? { related: d.related } : {}),
        })),
        ...(context.coverage ? { coverage: context.coverage.map(coverageJson) } : {}),
      },
      null,
      2,
    )) + '\n'
  );
};
