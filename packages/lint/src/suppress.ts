import type { DesignDocument, Diagnostic } from '@interop-design/core';
import { fingerprint } from '@interop-design/core';

const directive = /(?:^|\s)#\s*interop-design-disable-next-line\b(.*)$/u;

interface Directive {
  file: string;
  line: number;
  column: number;
  ruleIds: string[];
  reason: string;
  used: Set<string>;
}

/** Checks that are never suppressed: a file that cannot be read cannot be judged. */
const unsuppressible = /^(?:yaml-|file-)/u;

/**
 * Applies `# interop-design-disable-next-line <rule-id>[, <rule-id>] -- <reason>` comments: the
 * named findings on the next line are dropped. Unused directives, unknown rule ids and directives
 * without a reason are findings themselves.
 */
export function applySuppressions(docs: readonly DesignDocument[], diagnostics: readonly Diagnostic[], knownIds: ReadonlySet<string>): Diagnostic[] {
  const directives: Directive[] = [];
  for (const doc of docs) {
    const text = doc.source.text;
    if (!text.includes('interop-design-disable')) continue;
    text.split('\n').forEach((lineText, i) => {
      const m = directive.exec(lineText);
      if (!m) return;
      const [list = '', reason = ''] = (m[1] ?? '').split(/\s--\s?/u, 2);
      directives.push({
        file: doc.file,
        line: i + 1,
        column: (m.index + (m[0].startsWith('#') ? 0 : 1)) + 1,
        ruleIds: list.split(',').map((s) => s.trim()).filter(Boolean),
        reason: reason.trim(),
        used: new Set(),
      });
    });
  }
  if (directives.length === 0) return [...diagnostics];
  const kept = diagnostics.filter((d) => {
    if (unsuppressible.test(d.ruleId)) return true;
    const hit = directives.find((x) => x.file === d.file && x.line + 1 === d.range.start.line && x.ruleIds.includes(d.ruleId));
    if (!hit) return true;
    hit.used.add(d.ruleId);
    return false;
  });
  const at = (x: Directive) => ({ start: { line: x.line, column: x.column }, end: { line: x.line, column: x.column } });
  for (const x of directives) {
    const make = (ruleId: string, message: string, args: unknown[]): Diagnostic => ({ ruleId, severity: 'warning', message, file: x.file, range: at(x), fingerprint: fingerprint(ruleId, x.file, undefined, args) });
    if (x.ruleIds.length === 0) kept.push(make('unused-suppression', 'this directive names no rule: write `# interop-design-disable-next-line <rule-id> -- <reason>`', [x.line]));
    for (const id of x.ruleIds) {
      if (!knownIds.has(id)) kept.push(make('unused-suppression', `"${id}" is not a rule id, so this directive suppresses nothing`, [id, x.line]));
      else if (!x.used.has(id)) kept.push(make('unused-suppression', `no ${id} finding on the next line: remove this directive`, [id, x.line]));
    }
    if (x.ruleIds.length && !x.reason) kept.push(make('suppression-reason', 'say why this finding is suppressed: `# interop-design-disable-next-line <rule-id> -- <reason>`', [x.line]));
  }
  return kept;
}
