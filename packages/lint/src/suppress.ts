import type { DesignDocument, Diagnostic } from '@interop-design/core';
import { fingerprint } from '@interop-design/core';
import { builtInChecks, sampleChecks } from './builtins.js';
import { rules } from './rules/index.js';

const directive = /(?:^|\s)#\s*interop-design-disable-next-line\b(.*)$/u;

/** One `# interop-design-disable-next-line <id>[, <id>] -- <reason>` comment. */
export interface SuppressionDirective {
  file: string;
  /** 1-based line of the comment; it covers the next line. */
  line: number;
  column: number;
  ruleIds: string[];
  reason: string;
}

/**
 * Ids a directive may silence: the rules, and the sample checks that judge values against a
 * mapping. Built-in checks (schema, syntax, references, file and path safety) and the sample
 * checks that guard the data itself (syntax, credentials, personal data ...) are never silenced:
 * otherwise a pull request could hide the very findings that judge it.
 */
export const suppressibleIds: ReadonlySet<string> = new Set([
  ...Object.keys(rules),
  ...Object.entries(sampleChecks).flatMap(([id, c]) => (c.suppressible ? [id] : [])),
]);

/** Every id a directive may name without being told the id does not exist. */
const knownIds: ReadonlySet<string> = new Set([...Object.keys(rules), ...Object.keys(builtInChecks), ...Object.keys(sampleChecks)]);

/** The disable directives in the given design files, in file and line order. */
export function findDirectives(docs: readonly DesignDocument[]): SuppressionDirective[] {
  const out: SuppressionDirective[] = [];
  for (const doc of docs) {
    const text = doc.source.text;
    if (!text.includes('interop-design-disable')) continue;
    text.split('\n').forEach((lineText, i) => {
      const m = directive.exec(lineText);
      if (!m) return;
      const [list = '', reason = ''] = (m[1] ?? '').split(/\s--\s?/u, 2);
      out.push({
        file: doc.file,
        line: i + 1,
        column: m.index + (m[0].startsWith('#') ? 0 : 1) + 1,
        ruleIds: list.split(',').map((s) => s.trim()).filter(Boolean),
        reason: reason.trim(),
      });
    });
  }
  return out;
}

export interface SuppressionPass {
  /**
   * The ids whose findings this pass produced (lint: the rules; check-samples: the sample checks).
   * A directive naming a suppressible id that did not run here is left to the pass that runs it.
   */
  ran: ReadonlySet<string>;
  /** Report directives that name no id, unknown or never-suppressible ids, or give no reason (once: lint's pass). */
  reportDirectives: boolean;
}

/**
 * Applies the disable directives of `docs` to `diagnostics`: a finding of a suppressible id on
 * the line after a directive naming it is dropped. Directives that suppress nothing, name unknown
 * ids, name a check that is never suppressed (its finding stays) or give no reason are findings.
 */
export function applySuppressions(docs: readonly DesignDocument[], diagnostics: readonly Diagnostic[], pass: SuppressionPass): Diagnostic[] {
  const directives = findDirectives(docs);
  if (directives.length === 0) return [...diagnostics];
  const byLine = new Map<string, SuppressionDirective & { used: Set<string> }>();
  for (const x of directives) byLine.set(`${x.file}\u0000${x.line + 1}`, { ...x, used: new Set() });
  const kept = diagnostics.filter((d) => {
    if (!suppressibleIds.has(d.ruleId)) return true;
    const hit = byLine.get(`${d.file}\u0000${d.range.start.line}`);
    if (!hit?.ruleIds.includes(d.ruleId)) return true;
    hit.used.add(d.ruleId);
    return false;
  });
  for (const x of byLine.values()) {
    const at = { start: { line: x.line, column: x.column }, end: { line: x.line, column: x.column } };
    const make = (ruleId: string, severity: Diagnostic['severity'], message: string, args: unknown[]): Diagnostic => ({ ruleId, severity, message, file: x.file, range: at, fingerprint: fingerprint(ruleId, x.file, undefined, args) });
    if (pass.reportDirectives && x.ruleIds.length === 0) kept.push(make('unused-suppression', 'warning', 'this directive names no rule: write `# interop-design-disable-next-line <rule-id> -- <reason>`', [x.line]));
    for (const id of x.ruleIds) {
      if (!knownIds.has(id)) {
        if (pass.reportDirectives) kept.push(make('unused-suppression', 'warning', `"${id}" is not a rule id, so this directive suppresses nothing`, [id, x.line]));
      } else if (!suppressibleIds.has(id)) {
        if (pass.reportDirectives) kept.push(make('suppression-not-allowed', 'error', `"${id}" is a built-in check and is never suppressed: fix what it reports instead, and remove this directive`, [id, x.line]));
      } else if (pass.ran.has(id) && !x.used.has(id)) {
        kept.push(make('unused-suppression', 'warning', `no ${id} finding on the next line: remove this directive`, [id, x.line]));
      }
    }
    if (pass.reportDirectives && x.ruleIds.length && !x.reason) kept.push(make('suppression-reason', 'warning', 'say why this finding is suppressed: `# interop-design-disable-next-line <rule-id> -- <reason>`', [x.line]));
  }
  return kept;
}
