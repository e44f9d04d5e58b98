import { main } from 'interop-design';
import type { CliIo } from 'interop-design';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the `interop-design` command in-process in `cwd`, without colours, collecting what it
 * writes. `options` overrides the rest of the I/O (e.g. `{ ci: true }`).
 */
export async function runCli(cwd: string, argv: readonly string[], options: Partial<Omit<CliIo, 'cwd' | 'stdout' | 'stderr'>> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main([...argv], { cwd, color: false, ...options, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** `runCli` with the arguments spread: `run(cwd, 'lint', '--format', 'json')`. */
export function run(cwd: string, ...argv: string[]): Promise<CliRun> {
  return runCli(cwd, argv);
}
