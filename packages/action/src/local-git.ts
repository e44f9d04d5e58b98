import { execFileSync } from 'node:child_process';

/** Local git, read-only except for fetching a missing commit. Arguments are never from the PR. */
function git(root: string, args: readonly string[], maxBuffer = 256 * 1024 * 1024): string {
  return execFileSync('git', ['-C', root, ...args], { maxBuffer, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
}

export function hasCommit(root: string, sha: string): boolean {
  try {
    git(root, ['cat-file', '-e', `${sha}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

/** Makes sure a commit is present, fetching it from `origin` when the checkout was shallow. */
export function ensureCommit(root: string, sha: string): boolean {
  if (hasCommit(root, sha)) return true;
  try {
    git(root, ['fetch', '--no-tags', '--quiet', '--depth=1', 'origin', sha]);
  } catch {
    return false;
  }
  return hasCommit(root, sha);
}

/** The commit checked out in the workspace, if any. */
export function workspaceHead(root: string): string | undefined {
  try {
    return git(root, ['rev-parse', '--verify', '--quiet', 'HEAD']).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Whether the working tree differs from HEAD in tracked files. */
export function workspaceDirty(root: string): boolean {
  try {
    return git(root, ['status', '--porcelain', '--untracked-files=no']).trim() !== '';
  } catch {
    return true;
  }
}

/** Where the PR branched off, as GitHub's three-dot diff uses; the base itself when unknown. */
export function mergeBase(root: string, base: string, head: string): string {
  try {
    return git(root, ['merge-base', base, head]).trim() || base;
  } catch {
    return base;
  }
}

/** The unified diff of two commits with GitHub's three lines of context, renames found as GitHub finds them. */
export function diffText(root: string, from: string, to: string): string {
  return git(root, ['diff', '--no-color', '--no-ext-diff', '--unified=3', '--find-renames', from, to, '--']);
}

/** `git diff --name-status -z` of two commits, split on NUL: exact names, however unusual. */
export function diffNameStatus(root: string, from: string, to: string): string[] {
  return git(root, ['diff', '--name-status', '-z', '--find-renames', from, to, '--']).split('\0');
}
