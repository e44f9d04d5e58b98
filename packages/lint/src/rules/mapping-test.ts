import type { DesignDocument, Project } from '@interop-design/core';
import type { Mapping } from '@interop-design/schema';
import { createRule } from '../create-rule.js';
import { compileUncached, runTestsSync } from '../mapping-run.js';
import type { TestOutcome } from '../mapping-run.js';
import type { ReportDescriptor } from '../types.js';
import { validMappings } from '../util.js';

type M = 'failed' | 'unreadable' | 'cannotRun' | 'noPassingTest';

/**
 * Failing tests (at the test), transforms that cannot run (at the transform) and, for readiness,
 * a mapping without a passing test. JSONata fields are not evaluated here (lint is synchronous):
 * the paths they write are left to `interop-design test`.
 */
interface Judged {
  problems: ReportDescriptor<M>[];
  outcomes: TestOutcome[];
}

/** What compiling and testing a mapping found, per mapping object; the compiled mapping itself is not kept. */
const judged = new WeakMap<Mapping, Judged>();

function judgeMapping(project: Project, mapping: Mapping, doc: DesignDocument): Judged {
  const cached = judged.get(mapping);
  if (cached) return cached;
  const compiled = compileUncached(project, mapping);
  const problems: ReportDescriptor<M>[] = [];
  for (const problem of compiled.problems) {
    if (problem.code === 'path-invalid' || problem.code === 'value-map-missing') continue; // field-path-syntax and reference-valuemap report these
    problems.push({ messageId: 'cannotRun', data: { reason: problem.message }, doc, pointer: problem.pointer });
  }
  const result = { problems, outcomes: runTestsSync(project, mapping, compiled) };
  judged.set(mapping, result);
  return result;
}

export function gaps(project: Project, mapping: Mapping, doc: DesignDocument, requirePassing = true): ReportDescriptor<M>[] {
  const { problems, outcomes } = judgeMapping(project, mapping, doc);
  const out: ReportDescriptor<M>[] = problems.map((p) => ({ ...p, doc }));
  for (const o of outcomes) {
    if (o.error !== undefined) out.push({ messageId: 'unreadable', data: { name: o.name, reason: o.error }, doc, pointer: `${o.pointer}/given` });
    else if (!o.passed) out.push({ messageId: 'failed', data: { name: o.name, count: o.differences.length, paths: o.differences.map((d) => `${d.path} (${d.reason})`).join(', ') }, doc, pointer: o.pointer });
  }
  if (requirePassing && !outcomes.some((o) => o.passed)) out.push({ messageId: 'noPassingTest', doc, pointer: mapping.tests?.length ? '/tests' : '/fields' });
  return out;
}

export default createRule<M>({
  id: 'mapping-test',
  description: 'The mapping\'s tests pass: the record it builds from each test\'s source record has the expected destination values (JSONata fields are judged by `interop-design test`).',
  rulesets: { recommended: 'error', strict: 'error', ready: 'error' },
  messages: {
    failed: 'test "{{name}}" fails: {{count}} destination path(s) differ: {{paths}}. Run `interop-design test` locally to see the values',
    unreadable: 'test "{{name}}" has no source record: {{reason}}',
    cannotRun: 'this transform cannot run: {{reason}}',
    noPassingTest: 'this mapping has no passing test: add `tests: [{ name, given: { file, record }, expect: { <destination path>: <value> } }]`',
  },
  check({ project, valid, ruleset, report }) {
    for (const { doc, mapping } of validMappings(valid.mappings)) for (const gap of gaps(project, mapping, doc, ruleset === 'ready')) report(gap);
  },
});
