import type { Severity } from '@interop-design/core';
import { compareDiagnostics } from '@interop-design/core';
import { escapeCommandData, escapeCommandProperty } from '../escape.js';
import type { Formatter } from '../types.js';

const command: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** GitHub Actions workflow commands (`::error file=...::message`), every value escaped. */
export const github: Formatter = (diagnostics) =>
  [...diagnostics]
    .sort(compareDiagnostics)
    .map((d) => {
      const props = [
        `file=${escapeCommandProperty(d.file)}`,
        `line=${d.range.start.line}`,
        `col=${d.range.start.column}`,
        `endLine=${d.range.end.line}`,
        `endColumn=${d.range.end.column}`,
        `title=${escapeCommandProperty(d.ruleId)}`,
      ];
      // A related location (the sample value, the metadata field) by file, line and column: never its content.
      const related = (d.related ?? []).map((r) => ` (see ${r.file}:${r.range.start.line}:${r.range.start.column}: ${r.message})`).join('');
      return `::${command[d.severity]} ${props.join(',')}::${escapeCommandData(d.message + related)}\n`;
    })
    .join('');
