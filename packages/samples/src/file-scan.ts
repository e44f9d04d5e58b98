import { isAscii } from 'node:buffer';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { Diagnostic } from '@interop-design/core';
import { findCredentials, findPersonalData } from './scan.js';

type Range = Diagnostic['range'];

/** What the credential and personal-data scan found in one file: kinds, places and counts, never values. */
export interface FileScan {
  credentials: { range: Range; kind: string; offset: number }[];
  personal: { kind: string; count: number; first: Range }[];
}

/** Line and column of each offset (ascending) in `text`, lines counted from `firstLine`. */
function linesOf(text: string, offsets: readonly number[], firstLine: number): Range[] {
  let line = firstLine;
  let lineStart = 0;
  let at = 0;
  return offsets.map((offset) => {
    for (let nl = text.indexOf('\n', at); nl !== -1 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
      line++;
      lineStart = nl + 1;
      at = nl + 1;
    }
    const position = { line, column: offset - lineStart + 1 };
    return { start: position, end: position };
  });
}

/** Whether every character of `text` is one byte in Latin-1 (then it encodes back to the same bytes). */
function latin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}

/**
 * Decodes a file's chunks in order as one UTF-8 stream would (`undefined`: the end of the file),
 * as `new TextDecoder()` does: invalid bytes become U+FFFD and a byte-order mark is dropped at the
 * start of the file only; returns `prefix` followed by the chunk's text. A chunk of ASCII bytes
 * with no character left open before it is read as Latin-1, byte for character, several times
 * faster than the decoder, and into one flat string with the prefix: the searches run faster on a
 * flat string than on a concatenation, which V8 would otherwise copy once per pattern.
 */
export function decodeChunks(): (prefix: string, chunk: Uint8Array | undefined) => string {
  // The mark is dropped here, not by the decoder: the decoder sees only some chunks, and would drop one in the middle.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let open = false;
  let first = true;
  // Whether the text returned last is all Latin-1 (`false`: not known), and that text.
  const state = { latin1: false, last: '' };
  const decode = (prefix: string, chunk: Uint8Array | undefined): string => {
    const lastLatin1 = state.latin1;
    state.latin1 = false;
    if (chunk !== undefined && !open && isAscii(chunk)) {
      const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      if (chunk.byteLength > 0) first = false;
      // A prefix cut from the text returned last, when that was all Latin-1, needs no check of its characters.
      if (prefix !== '' && !((lastLatin1 && state.last.endsWith(prefix)) || latin1(prefix))) return prefix + bytes.toString('latin1');
      const text = prefix === '' ? bytes.toString('latin1') : Buffer.concat([Buffer.from(prefix, 'latin1'), bytes]).toString('latin1');
      state.latin1 = true;
      state.last = text;
      return text;
    }
    let text: string;
    if (chunk === undefined) text = open ? decoder.decode() : '';
    else {
      text = decoder.decode(chunk, { stream: true });
      // A character may be left open only after a byte that is not ASCII.
      open = !isAscii(chunk);
    }
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return prefix + text;
  };
  return decode;
}

/**
 * A window keeps this many characters for the next one, so that no match starting in it is cut
 * (and none is counted twice: a window counts only the matches starting before its last
 * `scanOverlap` characters). The longest match is a secret key's pair: a key of up to 60 characters
 * and a value of up to 4,096 characters or escapes (two characters each); a name looks 300
 * characters past itself for a phone number.
 */
export const scanOverlap = 8 * 1024 + 256;

/** Credentials and personal data in one file's bytes, read in windows so any size fits in memory. */
export function scanChunks(chunks: Iterable<Uint8Array>): FileScan {
  const credentials: FileScan['credentials'] = [];
  const personal = new Map<string, { count: number; first: Range }>();
  const text = decodeChunks();
  let carry = '';
  let carryLine = 1;
  let absolute = 0;
  const window = (text: string, limit: number): void => {
    const creds = findCredentials(text, limit);
    linesOf(text, creds.map((c) => c.offset), carryLine).forEach((range, i) => credentials.push({ range, kind: creds[i]?.kind ?? '', offset: absolute + (creds[i]?.offset ?? 0) }));
    for (const p of findPersonalData(text, limit)) {
      const prior = personal.get(p.kind);
      personal.set(p.kind, { count: (prior?.count ?? 0) + p.count, first: prior?.first ?? (linesOf(text, [p.firstOffset], carryLine)[0] ?? { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } }) });
    }
    for (let nl = text.indexOf('\n'); nl !== -1 && nl < limit; nl = text.indexOf('\n', nl + 1)) carryLine++;
    absolute += limit;
    carry = text.slice(limit);
  };
  for (const chunk of chunks) {
    const next = text(carry, chunk);
    window(next, Math.max(0, next.length - scanOverlap));
  }
  const rest = text(carry, undefined);
  window(rest, rest.length);
  return { credentials, personal: [...personal].map(([kind, p]) => ({ kind, ...p })) };
}

/**
 * The size of the chunks a sample is read in, for the records and for the scan: 64 KiB, not 1 MiB.
 * Each chunk of ASCII becomes one string; V8 allocates a string under about 128 KiB in its young
 * generation, whose memory it reuses, but a larger one in fresh memory of its own (mapped, faulted
 * in and unmapped again), which made reading 1 MiB chunks five to eight times slower than reading
 * 64 KiB ones (0.45 s against 0.06 s of CPU per 200 MB, measured on this bench's NDJSON).
 */
export const sampleChunkBytes = 64 * 1024;

/** Files at least this large are scanned on a second thread while the records are checked. */
export const backgroundScanMinBytes = 16 * 1024 * 1024;

interface WorkerReply {
  file: string;
  scan?: FileScan;
  error?: string;
}

/**
 * The scan of some files of a working tree, running on a worker thread. `take` waits for a file's
 * result synchronously (the checks stay synchronous), and answers `undefined` when the worker
 * could not scan it, so the caller scans it on this thread instead.
 */
export class BackgroundScan {
  private readonly results = new Map<string, FileScan | undefined>();
  private readonly signal: Int32Array;

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    signal: SharedArrayBuffer,
    private readonly pending: Set<string>,
    private readonly deadline: number,
  ) {
    this.signal = new Int32Array(signal);
  }

  /** Starts the worker, or returns `undefined` where there is none to start (a bundle, a test of the sources). */
  static start(root: string, files: readonly { file: string; size: number }[]): BackgroundScan | undefined {
    const script = new URL('./scan-worker.js', import.meta.url);
    if (files.length === 0 || script.protocol !== 'file:' || !existsSync(fileURLToPath(script))) return undefined;
    const signal = new SharedArrayBuffer(4);
    const { port1, port2 } = new MessageChannel();
    let worker: Worker;
    try {
      worker = new Worker(script, { workerData: { root, files: files.map((f) => f.file), port: port2, signal }, transferList: [port2] });
    } catch {
      return undefined;
    }
    worker.unref();
    // Generous: a scan reads well over 20 MB/s.
    const deadline = Date.now() + 60_000 + files.reduce((n, f) => n + f.size, 0) / 1024 / 1024 * 200;
    return new BackgroundScan(worker, port1, signal, new Set(files.map((f) => f.file)), deadline);
  }

  /** The scan of `file`, waiting for it; `undefined` when this worker was not given it or failed. */
  take(file: string): FileScan | undefined {
    if (!this.pending.has(file) && !this.results.has(file)) return undefined;
    while (!this.results.has(file)) {
      const seen = Atomics.load(this.signal, 0);
      for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
        const reply = m.message as WorkerReply;
        this.pending.delete(reply.file);
        this.results.set(reply.file, reply.scan);
      }
      if (this.results.has(file)) break;
      if (Date.now() > this.deadline) {
        this.close();
        return undefined;
      }
      Atomics.wait(this.signal, 0, seen, 1000);
    }
    return this.results.get(file);
  }

  close(): void {
    this.pending.clear();
    this.port.close();
    void this.worker.terminate();
  }
}
