import { execFileSync } from 'node:child_process';
import type { DesignFs, DirEntry, EntryType } from '@interop-design/core';
import { UsageError } from './errors.js';

interface TreeEntry {
  type: EntryType;
  sha: string;
  size: number;
}

// The one place the tool runs git: the CLI's `diff` and the Action read commits through this
// module, and no package below them (core, lint, samples, diff, report, ...) runs git at all
// (test/git-layer.test.ts checks it). Arguments are fixed or commit ids, never text from a pull request.

/** `git -C root ...args`, read-only except for `ensureCommit`'s fetch; stdout as bytes. */
function git(root: string, args: readonly string[], maxBuffer = 64 * 1024 * 1024): Buffer {
  return execFileSync('git', ['-C', root, ...args], { maxBuffer, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The same, stdout as UTF-8 text (listings and diffs up to 256 MiB). */
function gitText(root: string, args: readonly string[]): string {
  return git(root, args, 256 * 1024 * 1024).toString('utf8');
}

/** The commit a ref names, or a usage error saying the ref is unknown (in a shallow clone: fetch it). */
export function resolveCommit(root: string, ref: string): string {
  if (ref.startsWith('-')) throw new UsageError(`not a git ref: ${ref}`);
  try {
    return git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).toString('utf8').trim();
  } catch {
    throw new UsageError(`unknown git ref "${ref}": in a shallow clone, fetch it first (git fetch --depth=1 origin ${ref})`);
  }
}

/**
 * The tree of a commit as a `DesignFs`, read from git objects: no checkout, works in a shallow
 * clone that has the commit. Symlinks are reported as such and never followed.
 */
export function gitFs(root: string, ref: string): DesignFs & { commit: string } {
  const commit = resolveCommit(root, ref);
  const files = new Map<string, TreeEntry>();
  const dirs = new Map<string, Map<string, EntryType>>([['', new Map()]]);
  const listing = git(root, ['ls-tree', '-r', '-l', '-z', '--full-tree', commit], 1024 * 1024 * 1024).toString('utf8');
  for (const record of listing.split('\0')) {
    if (!record) continue;
    const tab = record.indexOf('\t');
    const [mode = '', , sha = '', size = '0'] = record.slice(0, tab).split(/\s+/u);
    const path = record.slice(tab + 1);
    const type: EntryType = mode === '120000' ? 'symlink' : mode === '160000' ? 'other' : 'file';
    files.set(path, { type, sha, size: Number(size) || 0 });
    const parts = path.split('/');
    for (let i = 0; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      let children = dirs.get(dir);
      if (!children) {
        children = new Map();
        dirs.set(dir, children);
      }
      children.set(parts[i] ?? '', i === parts.length - 1 ? type : 'dir');
    }
  }
  return {
    commit,
    readDir(dir) {
      const children = dirs.get(dir);
      if (!children) throw new Error(`no folder ${dir} at ${ref}`);
      return [...children].map(([name, type]): DirEntry => ({ name, type })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    stat(file) {
      const f = files.get(file);
      if (f) return { type: f.type, size: f.size };
      return dirs.has(file) ? { type: 'dir', size: 0 } : undefined;
    },
    readFile(file) {
      const f = files.get(file);
      if (f?.type !== 'file') throw new Error(`no file ${file} at ${ref}`);
      return git(root, ['cat-file', 'blob', f.sha], Math.max(64 * 1024 * 1024, f.size + 1024));
    },
  };
}

/** Whether the local repository has the commit. */
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
    return gitText(root, ['rev-parse', '--verify', '--quiet', 'HEAD']).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Whether the working tree differs from HEAD in tracked files. */
export function workspaceDirty(root: string): boolean {
  try {
    return gitText(root, ['status', '--porcelain', '--untracked-files=no']).trim() !== '';
  } catch {
    return true;
  }
}

/** Where a pull request branched off, as GitHub's three-dot diff uses; the base itself when unknown. */
export function mergeBase(root: string, base: string, head: string): string {
  try {
    return gitText(root, ['merge-base', base, head]).trim() || base;
  } catch {
    return base;
  }
}

/** The unified diff of two commits with GitHub's three lines of context, renames found as GitHub finds them. */
export function diffText(root: string, from: string, to: string): string {
  return gitText(root, ['diff', '--no-color', '--no-ext-diff', '--unified=3', '--find-renames', from, to, '--']);
}

/** `git diff --name-status -z` of two commits, split on NUL: exact names, however unusual. */
export function diffNameStatus(root: string, from: string, to: string): string[] {
  return gitText(root, ['diff', '--name-status', '-z', '--find-renames', from, to, '--']).split('\0');
}
