import type { Severity } from '@interop-design/core';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { decideFailOn, parseFailOn } from '../src/fail-on.js';
import type { FailOn } from '../src/fail-on.js';

const e: Severity = 'error';
const w: Severity = 'warning';
const i: Severity = 'info';

/** [threshold, the severities of the findings, the severities that fail, the exit code]. */
const table: [FailOn, Severity[], Severity[], 0 | 1][] = [
  ['error', [], [], 0],
  ['error', [i], [], 0],
  ['error', [w], [], 0],
  ['error', [e], [e], 1],
  ['error', [i, w, e, w], [e], 1],
  ['warning', [], [], 0],
  ['warning', [i], [], 0],
  ['warning', [w], [w], 1],
  ['warning', [e], [e], 1],
  ['warning', [i, w, e, w], [w, e, w], 1],
  ['info', [], [], 0],
  ['info', [i], [i], 1],
  ['info', [w], [w], 1],
  ['info', [e], [e], 1],
  ['info', [i, w, e, w], [i, w, e, w], 1],
  ['never', [], [], 0],
  ['never', [i], [], 0],
  ['never', [w], [], 0],
  ['never', [e], [], 0],
  ['never', [i, w, e, w], [], 0],
];

describe('decideFailOn: the one decision of --fail-on (CLI) and fail-on (Action)', () => {
  it.each(table)('at %s, findings %j: %j fail, exit %i', (threshold, severities, failing, exitCode) => {
    const findings = severities.map((severity, n) => ({ severity, n }));
    const decision = decideFailOn(findings, threshold);
    expect(decision.failing.map((f) => f.severity)).toEqual(failing);
    // The failing findings themselves, in their order: the Action marks them and counts them.
    expect(decision.failing.every((f) => findings.includes(f))).toBe(true);
    expect(decision.exitCode).toBe(exitCode);
  });
});

describe('parseFailOn', () => {
  it('takes the four levels and refuses anything else with a usage error naming them', () => {
    expect(['error', 'warning', 'info', 'never'].map(parseFailOn)).toEqual(['error', 'warning', 'info', 'never']);
    expect(() => parseFailOn('fatal')).toThrow(UsageError);
    expect(() => parseFailOn('Error')).toThrow('unknown --fail-on "Error": use one of error, warning, info, never');
  });
});
