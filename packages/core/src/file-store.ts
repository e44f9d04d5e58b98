import { Buffer } from 'node:buffer';
import type { DesignFs, DirEntry, EntryType } from './fs.js';

/** A read that went past the cap it was given (a file that grew while it was read). */
export class FileTooLargeError extends Error {
  constructor(
    readonly file: string,
    readonly maxBytes: number,
  ) {
    super(`${file} grew past ${maxBytes} bytes while it was read`);
    this.name = 'FileTooLargeError';
  }
}

/** Whether an error thrown by a read is an unreadable file or folder (permissions, I/O), with its code. */
export function readErrorCode(error: unknown): string | undefined {
  if (error instanceof FileTooLargeError) return undefined;
  if (error !== null && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}

export interface FileStoreOptions {
  /** Most bytes kept in memory for the run (default 64 MiB); files read after that are read again when asked for again. */
  budgetBytes?: number;
  /** Largest file kept (default 16 MiB): bigger ones (large samples) are streamed each time. */
  maxCachedFileBytes?: number;
}

/**
 * The per-run file store: every stat, folder listing and file read of a run goes through one, so
 * that each file is read from disk once. Bytes are kept up to a budget; larger files are streamed,
 * their stat kept. A failed read is kept too: it is reported once, not retried.
 */
export interface FileStore extends DesignFs {
  readonly isFileStore: true;
  /** What the store reads through. */
  readonly inner: DesignFs;
  /**
   * The decoded text of a file whose bytes the store keeps, which the caller keeps for the run (a
   * parsed design file's source): the store keeps the text instead of the bytes, so the file is held
   * once, not twice, and a later read gets the bytes encoded from it, the same bytes (only when they
   * are: valid UTF-8 without a BOM, which the decoder drops), without reading the disk again.
   */
  keepText(file: string, text: string): void;
}

export function isFileStore(fs: DesignFs): fs is FileStore {
  return (fs as Partial<FileStore>).isFileStore === true;
}

const encoder = new TextEncoder();

type Kept<T> = { ok: true; value: T } | { ok: false; error: unknown };

function keep<T>(read: () => T): Kept<T> {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    return { ok: false, error };
  }
}

function give<T>(kept: Kept<T>): T {
  if (kept.ok) return kept.value;
  throw kept.error;
}

/** A store over `fs` for one run; a store given a store returns it. */
export function fileStore(fs: DesignFs, options: FileStoreOptions = {}): FileStore {
  if (isFileStore(fs)) return fs;
  const budget = options.budgetBytes ?? 64 * 1024 * 1024;
  const maxCached = options.maxCachedFileBytes ?? 16 * 1024 * 1024;
  let held = 0;
  const dirs = new Map<string, Kept<DirEntry[]>>();
  const stats = new Map<string, { type: EntryType; size: number } | undefined>();
  const bytes = new Map<string, Kept<Uint8Array>>();
  const texts = new Map<string, string>();

  const stat = (file: string): { type: EntryType; size: number } | undefined => {
    if (stats.has(file)) return stats.get(file);
    const s = fs.stat(file);
    stats.set(file, s);
    return s;
  };

  /** Reads the whole file, never more than `maxBytes`. */
  const readBounded = (file: string, maxBytes: number): Uint8Array => {
    if (!fs.readChunks) {
      const all = fs.readFile(file, maxBytes);
      if (all.length > maxBytes) throw new FileTooLargeError(file, maxBytes);
      return all;
    }
    const parts: Uint8Array[] = [];
    let total = 0;
    // Chunks the size of the file (one more byte shows that it grew), at most 1 MiB: a small
    // file then takes a buffer of its size, not 1 MiB of memory each.
    const chunkSize = Math.min(1024 * 1024, Math.max(4096, (stat(file)?.size ?? 0) + 1));
    for (const chunk of fs.readChunks(file, chunkSize)) {
      total += chunk.length;
      if (total > maxBytes) throw new FileTooLargeError(file, maxBytes);
      // A copy: the chunk's buffer may be reused (and a Buffer's slice() is a view).
      parts.push(new Uint8Array(chunk));
    }
    if (parts.length === 1 && parts[0]) return parts[0];
    const out = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  };

  const cacheable = (file: string): boolean => {
    const size = stat(file)?.size ?? 0;
    return size <= maxCached && held + size <= budget;
  };

  const readFile = (file: string, maxBytes = Number.MAX_SAFE_INTEGER): Uint8Array => {
    const text = texts.get(file);
    if (text !== undefined) {
      const value = encoder.encode(text);
      if (value.length > maxBytes) throw new FileTooLargeError(file, maxBytes);
      return value;
    }
    const kept = bytes.get(file);
    if (kept) {
      const value = give(kept);
      if (value.length > maxBytes) throw new FileTooLargeError(file, maxBytes);
      return value;
    }
    if (!cacheable(file)) return readBounded(file, maxBytes);
    // Kept bytes are read up to the largest cache size, so that a later, larger cap sees the same bytes.
    const read = keep(() => readBounded(file, Math.max(maxBytes, maxCached)));
    if (read.ok) held += read.value.length;
    bytes.set(file, read);
    const value = give(read);
    if (value.length > maxBytes) throw new FileTooLargeError(file, maxBytes);
    return value;
  };

  return {
    isFileStore: true,
    inner: fs,
    ...(fs.root !== undefined ? { root: fs.root } : {}),
    readDir(dir) {
      let kept = dirs.get(dir);
      if (!kept) {
        kept = keep(() => fs.readDir(dir));
        dirs.set(dir, kept);
      }
      return give(kept);
    },
    stat,
    readFile,
    keepText(file, text) {
      const kept = bytes.get(file);
      // Valid UTF-8 decodes to text that encodes back to the same bytes; a dropped BOM changes the length.
      if (!kept?.ok || kept.value.length !== Buffer.byteLength(text, 'utf8')) return;
      bytes.delete(file);
      texts.set(file, text);
    },
    *readChunks(file, chunkSize, maxBytes = Number.MAX_SAFE_INTEGER) {
      if (texts.has(file) || bytes.has(file) || cacheable(file)) {
        const all = readFile(file, maxBytes);
        for (let at = 0; at < all.length; at += chunkSize) yield all.subarray(at, at + chunkSize);
        return;
      }
      // A large file: streamed from disk, never past the cap.
      let total = 0;
      for (const chunk of fs.readChunks ? fs.readChunks(file, chunkSize) : [fs.readFile(file, maxBytes)]) {
        total += chunk.length;
        if (total > maxBytes) throw new FileTooLargeError(file, maxBytes);
        yield chunk;
      }
    },
  };
}
