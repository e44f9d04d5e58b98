/** Exit codes (README: The command). */
export const ExitCode = { ok: 0, findings: 1, usage: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A problem with how the command was called or configured: exit 2 with a clear message. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
