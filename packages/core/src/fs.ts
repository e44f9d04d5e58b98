import { closeSync, lstatSync, openSync, readSync, readdirSync, readFileSync } from 'node:fs';
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
  /** The file in chunks of at most `chunkSize` bytes, for streaming large samples; the buffer may be reused between chunks. */
  readChunks?(file: string, chunkSize: number): Iterable<Uint8Array>;
  /** The folder on disk this reads, when it is a working tree (work may then move to another thread). */
  readonly root?: string;
}

/** Chunks of a file: `fs.readChunks` when the file system streams, else the whole file at once. */
export function fileChunks(fs: DesignFs, file: string, chunkSize = 1024 * 1024): Iterable<Uint8Array> {
  return fs.readChunks ? fs.readChunks(file, chunkSize) : [fs.readFile(file)];
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
    root,
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
    *readChunks(file, chunkSize) {
      const fd = openSync(abs(file), 'r');
      try {
        const buffer = Buffer.allocUnsafe(chunkSize);
        for (;;) {
          const n = readSync(fd, buffer, 0, chunkSize, null);
          if (n === 0) return;
          yield buffer.subarray(0, n);
        }
      } finally {
        closeSync(fd);
      }
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
