import type { Diagnostic, Severity } from '@interop-design/core';
import { interpolate, lintProject, rules } from '@interop-design/lint';
import type { Rule, RuleId, RulesetName } from '@interop-design/lint';
import type { LintConfig } from '@interop-design/schema';
import { describe, expect, it } from 'vitest';
import { loadOne } from './project.js';
import type { TreeEntry } from './project.js';

/** One finding of a rule as a test states it, modelled on typescript-eslint's `TestCaseError`. */
export interface TestCaseError {
  messageId: string;
  /** Values of the message's `{{name}}` placeholders: the rendered message is compared whole. */
  data?: Readonly<Record<string, string | number>>;
  /** Posix path relative to the project's repository. */
  file: string;
  line: number;
  column: number;
  /** Where the range ends: the line and column just past its last character. */
  endLine: number;
  endColumn: number;
  /** JSON Pointer of the node the finding is about. */
  path: string;
}

export interface ValidTestCase {
  /** Shown in the test's title. */
  name?: string;
  /** The design project, as files written to a throwaway repository. */
  files: Record<string, TreeEntry>;
  /** The ruleset the run uses; the rule itself is switched on at its severity there (or `error`). */
  ruleset?: RulesetName;
}

export interface InvalidTestCase extends ValidTestCase {
  /** Every finding the rule reports, in the engine's order (file, then position). */
  errors: TestCaseError[];
}

export interface RuleTests {
  valid: ValidTestCase[];
  invalid: InvalidTestCase[];
}

/** A finding of `lintRule`: what the engine reported. */
export interface RuleFinding {
  /** The message id the rule reported with (the engine's `Diagnostic.messageId`); `?` on a finding without one. */
  messageId: string;
  message: string;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  path: string | undefined;
}

const ruleOf = (id: RuleId): Rule => rules[id];

/**
 * Lints a project through the real engine (`lintProject`) with one rule switched on and every
 * other rule off. Returns that rule's findings, and the loader's and configuration's errors, which
 * a test case must not have (a schema error would hide the document from the rule).
 */
export function lintRule(id: RuleId, files: Record<string, TreeEntry>, ruleset: RulesetName = 'strict'): { findings: RuleFinding[]; otherErrors: Diagnostic[] } {
  const rule = ruleOf(id);
  const settings: Record<string, Severity | 'off'> = {};
  for (const other of Object.keys(rules)) settings[other] = 'off';
  settings[id] = rule.meta.rulesets[ruleset] ?? 'error';
  const config: LintConfig = { extends: ruleset, rules: settings };
  const { diagnostics } = lintProject(loadOne(files), { ruleset, config });
  const findings = diagnostics
    .filter((d) => d.ruleId === id)
    .map((d) => ({
      messageId: d.messageId ?? '?',
      message: d.message,
      severity: d.severity,
      file: d.file,
      line: d.range.start.line,
      column: d.range.start.column,
      endLine: d.range.end.line,
      endColumn: d.range.end.column,
      path: d.path,
    }));
  return { findings, otherErrors: diagnostics.filter((d) => d.ruleId !== id && d.severity === 'error') };
}

/** The finding a test case expects, in the shape of `RuleFinding` (less the severity). */
function expectedFinding(rule: Rule, error: TestCaseError): Omit<RuleFinding, 'severity'> {
  const template = (rule.meta.messages as Record<string, string | undefined>)[error.messageId];
  if (template === undefined) throw new Error(`${rule.meta.id} has no message id "${error.messageId}"`);
  const message = interpolate(template, error.data);
  const unfilled = /\{\{\s*(\w+)\s*\}\}/u.exec(message);
  if (unfilled) throw new Error(`${rule.meta.id}/${error.messageId}: give data.${unfilled[1] ?? ''}, so that the rendered message is asserted`);
  const { messageId, file, line, column, endLine, endColumn, path } = error;
  return { messageId, message, file, line, column, endLine, endColumn, path };
}

/** Asserts that a valid case loads without errors and has no finding of rule `id`. */
export function assertValid(id: RuleId, c: ValidTestCase, ruleset: RulesetName = 'strict'): void {
  const { findings, otherErrors } = lintRule(id, c.files, c.ruleset ?? ruleset);
  expect(otherErrors, 'the case loads without errors').toEqual([]);
  expect(findings, `${id} finds nothing`).toEqual([]);
}

/** Asserts that an invalid case loads without errors and has exactly the listed findings of rule `id`. */
export function assertInvalid(id: RuleId, c: InvalidTestCase, ruleset: RulesetName = 'strict'): void {
  if (c.errors.length === 0) throw new Error('an invalid case lists at least one error');
  const rule = ruleOf(id);
  const want = c.errors.map((e) => expectedFinding(rule, e));
  const { findings, otherErrors } = lintRule(id, c.files, c.ruleset ?? ruleset);
  expect(otherErrors, 'the case loads without errors').toEqual([]);
  // The message ids first, exactly as reported: a wrong id fails even where two templates render alike.
  expect(findings.map((f) => f.messageId), `the message ids of ${id}`).toEqual(want.map((w) => w.messageId));
  expect(findings.map(({ severity: _severity, ...rest }) => rest), `the findings of ${id}`).toEqual(want);
}

/** Asserts that the invalid cases together use every message id of rule `id`. */
export function assertEveryMessageId(id: RuleId, invalid: readonly InvalidTestCase[]): void {
  const used = new Set(invalid.flatMap((c) => c.errors.map((e) => e.messageId)));
  expect(Object.keys(ruleOf(id).meta.messages).filter((m) => !used.has(m)), `message ids of ${id} no invalid case uses`).toEqual([]);
}

/**
 * Runs table tests for one rule, as typescript-eslint's RuleTester does: each valid case has no
 * finding of the rule; each invalid case has exactly the listed findings (message id, rendered
 * message, file, start and end position, JSON path). Neither may have loader or configuration
 * errors, and together the invalid cases must use every message id of the rule.
 */
export class RuleTester {
  readonly #ruleset: RulesetName;

  constructor(options: { ruleset?: RulesetName } = {}) {
    this.#ruleset = options.ruleset ?? 'strict';
  }

  run(id: RuleId, tests: RuleTests): void {
    const ruleset = this.#ruleset;
    const title = (kind: string, i: number, c: ValidTestCase) => `${kind} ${i}${c.name ? `: ${c.name}` : ''}`;
    describe(id, () => {
      tests.valid.forEach((c, i) => {
        it(title('valid', i, c), () => {
          assertValid(id, c, ruleset);
        });
      });
      tests.invalid.forEach((c, i) => {
        it(title('invalid', i, c), () => {
          assertInvalid(id, c, ruleset);
        });
      });
      it('the invalid cases use every message id', () => {
        assertEveryMessageId(id, tests.invalid);
      });
    });
  }
}
