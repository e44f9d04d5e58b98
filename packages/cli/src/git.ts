import { execFileSync } from 'node:child_process';
import type { DesignFs, DirEntry, EntryType } from '@interop-design/core';
import { UsageError } from './errors.js';

interface TreeEntry {
  type: EntryType;
  sha: string;
  size: number;
}

function git(root: string, args: readonly string[], maxBuffer = 64 * 1024 * 1024): Buffer {
  return execFileSync('git', ['-C', root, ...args], { maxBuffer, stdio: ['ignore', 'pipe', 'pipe'] });
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
