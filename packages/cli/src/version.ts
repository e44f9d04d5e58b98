/**
 * What the program needs before a command runs, kept apart from the commands so that starting
 * the CLI loads only the command that runs (test/cli.test.ts checks `formatNames` against the
 * formatters of packages/report).
 */
export const cliVersion = '0.1.0';

/** `--format` of the commands that write findings: the formatters of packages/report, by name. */
export const formatNames = ['stylish', 'json', 'sarif', 'junit', 'github', 'markdown'] as const;
