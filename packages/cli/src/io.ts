import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** Where the CLI reads and writes; tests pass their own. */
export interface CliIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a terminal that takes colours. */
  color: boolean;
  /** Running in CI (where sample values must never be printed). */
  ci?: boolean;
  /** Writes a progress line over the last one; only on a terminal. */
  progress?: (line: string) => void;
}

/**
 * The variables by which the CI services the tool knows announce themselves: GitHub Actions,
 * Azure Pipelines (TF_BUILD), Jenkins, GitLab, Buildkite, CircleCI, and the generic `CI` most set.
 */
export const ciVariables = ['CI', 'GITHUB_ACTIONS', 'TF_BUILD', 'JENKINS_URL', 'GITLAB_CI', 'BUILDKITE', 'CIRCLECI'] as const;

/**
 * Whether `env` is a CI run, where sample values must never be printed. Any non-empty value of
 * any of `ciVariables` counts, `CI=false` included: refusing `--show-values` by mistake costs a
 * local user one variable, printing personal data into a CI log cannot be undone.
 */
export function isCi(env: Readonly<Record<string, string | undefined>>): boolean {
  return ciVariables.some((name) => (env[name] ?? '') !== '');
}

/** The repository root: the nearest folder at or above `cwd` holding `.git`, else `cwd`. */
export function findRepoRoot(cwd: string): string {
  let dir = path.resolve(cwd);
  for (;;) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(cwd);
    dir = parent;
  }
}

/** A command-line path as a posix path relative to the root, or `undefined` when it lies outside. */
export function toRootRelative(root: string, cwd: string, input: string): string | undefined {
  const rel = path.relative(root, path.resolve(cwd, input));
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

/** Whether the root-relative `file` lies at or under one of the root-relative `starts` (`''` is the root). */
export function underAny(file: string | undefined, starts: readonly string[]): boolean {
  if (file === undefined) return false;
  return starts.some((s) => s === '' || file === s || file.startsWith(`${s}/`));
}
