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

/** The root of the git repository holding `target`: the nearest folder at or above it holding `.git`. */
export function gitRootOf(target: string): string | undefined {
  let dir = path.resolve(target);
  for (;;) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The repository root: the nearest folder at or above `cwd` holding `.git`, else `cwd`. */
export function findRepoRoot(cwd: string): string {
  return gitRootOf(cwd) ?? path.resolve(cwd);
}

const manifestNames = ['interop-design.yaml', 'interop-design.yml', 'interop-design.json'];

/**
 * The folder that file names of `input` are relative to: the root of the git repository holding
 * it; outside git, the working directory when it lies under it, else the design project holding
 * it (or the folder itself when there is none).
 */
export function rootFor(cwd: string, input: string): string {
  const target = path.resolve(cwd, input);
  const git = gitRootOf(target);
  if (git) return git;
  const here = path.resolve(cwd);
  if (toRootRelative(here, here, target) !== undefined) return here;
  for (let dir = target; ; dir = path.dirname(dir)) {
    if (manifestNames.some((name) => existsSync(path.join(dir, name)))) return dir;
    if (path.dirname(dir) === dir) return target;
  }
}

/** A command-line path as a posix path relative to the root, or `undefined` when it lies outside. */
export function toRootRelative(root: string, cwd: string, input: string): string | undefined {
  const rel = path.relative(root, path.resolve(cwd, input));
  // `..designs` is a folder like any other: only `..` itself, as a whole segment, leaves the root.
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

/** Whether the root-relative `file` lies at or under one of the root-relative `starts` (`''` is the root). */
export function underAny(file: string | undefined, starts: readonly string[]): boolean {
  if (file === undefined) return false;
  return starts.some((s) => s === '' || file === s || file.startsWith(`${s}/`));
}
