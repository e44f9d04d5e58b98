import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, readdirSync } from 'node:fs';
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
  /** The file's bytes; with `maxBytes`, an implementation may stop reading past it (the caller then refuses the file). */
  readFile(file: string, maxBytes?: number): Uint8Array;
  /**
   * The file in chunks of at most `chunkSize` bytes, for streaming large samples; the buffer may
   * be reused between chunks. With `maxBytes`, a file store throws `FileTooLargeError` past it.
   */
  readChunks?(file: string, chunkSize: number, maxBytes?: number): Iterable<Uint8Array>;
  /** The folder on disk this reads, when it is a working tree (work may then move to another thread). */
  readonly root?: string;
}

/** Chunks of a file: `fs.readChunks` when the file system streams, else the whole file at once. */
export function fileChunks(fs: DesignFs, file: string, chunkSize = 1024 * 1024, maxBytes?: number): Iterable<Uint8Array> {
  return fs.readChunks ? fs.readChunks(file, chunkSize, maxBytes) : [fs.readFile(file, maxBytes)];
}

function entryType(stats: { isSymbolicLink(): boolean; isDirectory(): boolean; isFile(): boolean }): EntryType {
  if (stats.isSymbolicLink()) return 'symlink';
  if (stats.isDirectory()) return 'dir';
  if (stats.isFile()) return 'file';
  return 'other';
}

/** An error with a code, like the ones node:fs throws. */
function codedError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/**
 * Opens a regular file for reading, and nothing else: a symlink is not followed (`O_NOFOLLOW`),
 * and a FIFO, socket or device is refused before a byte is read (`O_NONBLOCK` keeps the open of
 * a FIFO from waiting for a writer).
 */
function openRegular(file: string): number {
  // Windows has neither flag (its constants lack them): there a FIFO cannot sit in a working tree.
  const flags = constants as Partial<typeof constants>;
  const fd = openSync(file, constants.O_RDONLY | (flags.O_NOFOLLOW ?? 0) | (flags.O_NONBLOCK ?? 0));
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    throw codedError('ENOTREG', `${file} is not a regular file`);
  }
  return fd;
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
    readFile(file, maxBytes) {
      // Never more than `maxBytes` (and one byte past it, so that the caller sees the file grew).
      const fd = openRegular(abs(file));
      try {
        const parts: Buffer[] = [];
        let total = 0;
        const limit = maxBytes === undefined ? Number.MAX_SAFE_INTEGER : maxBytes + 1;
        for (;;) {
          const buffer = Buffer.allocUnsafe(Math.min(1024 * 1024, limit - total));
          const n = readSync(fd, buffer, 0, buffer.length, null);
          if (n === 0) break;
          parts.push(buffer.subarray(0, n));
          total += n;
          if (total >= limit) break;
        }
        return parts.length === 1 && parts[0] ? parts[0] : Buffer.concat(parts, total);
      } finally {
        closeSync(fd);
      }
    },
    *readChunks(file, chunkSize) {
      const fd = openRegular(abs(file));
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
