import type { FailOn, Severity } from '@interop-design/core';
import { failLevels, failsAt } from '@interop-design/core';
import { ExitCode, UsageError } from './errors.js';

export { failLevels };
export type { FailOn };

/** The `--fail-on` value, or a usage error naming the allowed ones. */
export function parseFailOn(value: string): FailOn {
  if (!(failLevels as readonly string[]).includes(value)) throw new UsageError(`unknown --fail-on "${value}": use one of ${failLevels.join(', ')}`);
  return value as FailOn;
}

export interface FailOnDecision<T> {
  /** The findings at least as severe as the threshold (none at `never`), in their order. */
  failing: T[];
  /** `ExitCode.findings` (1) when one finding fails, else `ExitCode.ok` (0). */
  exitCode: ExitCode;
}

/**
 * Whether the findings fail the run at `failOn`: the one decision behind `--fail-on` in every CLI
 * command that takes it, and behind the Action's `fail-on` (its failed step and each check run's
 * conclusion). A finding fails when it is at least as severe as the threshold; `never` fails none.
 */
export function decideFailOn<T extends { severity: Severity }>(findings: readonly T[], failOn: FailOn): FailOnDecision<T> {
  const failing = findings.filter((d) => failsAt(d.severity, failOn));
  return { failing, exitCode: failing.length ? ExitCode.findings : ExitCode.ok };
}
