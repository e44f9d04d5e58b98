import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export type EntryType = 'file' | 'dir' | 'symlink' | 'other';

export interface DirEntry {
  name: string;
  type: EntryType;
}

/**
 * What the loader reads: a tree of files addressed by posix paths relative to the repository
 * root (`''` is the root). The working tree and git objects both implement it.
 */
export interface DesignFs {
  /** Entries of a directory; symlinks are reported as such and never followed. */
  readDir(dir: string): DirEntry[];
  /** The type and size of an entry without following a symlink; `undefined` when it does not exist. */
  stat(file: string): { type: EntryType; size: number } | undefined;
  readFile(file: string): Uint8Array;
}

function entryType(stats: { isSymbolicLink(): boolean; isDirectory(): boolean; isFile(): boolean }): EntryType {
  if (stats.isSymbolicLink()) return 'symlink';
  if (stats.isDirectory()) return 'dir';
  if (stats.isFile()) return 'file';
  return 'other';
}

/** The working tree below `root`. */
export function nodeFs(root: string): DesignFs {
  const abs = (rel: string): string => path.join(root, ...rel.split('/').filter(Boolean));
  return {
    readDir(dir) {
      return readdirSync(abs(dir), { withFileTypes: true })
        .map((d) => ({ name: d.name, type: entryType(d) }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    stat(file) {
      try {
        const s = lstatSync(abs(file));
        return { type: entryType(s), size: s.size };
      } catch {
        return undefined;
      }
    },
    readFile(file) {
      return readFileSync(abs(file));
    },
  };
}

/** Joins posix path parts and normalises `.` and `..`; returns `undefined` when the result leaves the root. */
export function joinInside(...parts: string[]): string | undefined {
  const out: string[] = [];
  for (const part of parts.join('/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}
