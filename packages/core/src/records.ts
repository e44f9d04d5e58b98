import { tryParseFieldPath } from './field-path.js';
import type { DesignFs } from './fs.js';
import { FileTooLargeError } from './file-store.js';
import { fileChunks, joinInside } from './fs.js';
import { limits } from './limits.js';
import { streamRecords } from './stream-records.js';
import type { StreamIssue } from './stream-records.js';

export type SampleReadFailure = 'missing' | 'escapes' | 'symlink' | 'not-a-file' | 'too-large' | 'unreadable' | 'bad-path';

export type RecordsResult =
  | { ok: true; records: unknown[]; issues: StreamIssue[] }
  | { ok: false; reason: SampleReadFailure };

export type RecordVisitResult =
  | { ok: true; records: number; issues: StreamIssue[] }
  | { ok: false; reason: SampleReadFailure };

/**
 * Streams the records a `samples[]` entry selects into `visit`, with the one record reader that
 * check-samples uses too: a top-level JSON array is a list of records and any other JSON value one
 * record, NDJSON gives each line, and `records` picks them. Only regular files up to `maxBytes`
 * (default: the lint sample cap) are read; a broken record is an issue and the rest are still read.
 */
export function forEachSampleRecord(fs: DesignFs, projectDir: string, file: string, recordsPath: string | undefined, visit: (record: unknown) => void, maxBytes: number = limits.maxLintSampleBytes): RecordVisitResult {
  const resolved = file.startsWith('/') ? undefined : joinInside(projectDir, file);
  if (resolved === undefined) return { ok: false, reason: 'escapes' };
  const stat = fs.stat(resolved);
  if (!stat) return { ok: false, reason: 'missing' };
  if (stat.type === 'symlink') return { ok: false, reason: 'symlink' };
  if (stat.type !== 'file') return { ok: false, reason: 'not-a-file' };
  if (stat.size > maxBytes) return { ok: false, reason: 'too-large' };
  const path = recordsPath === undefined ? undefined : tryParseFieldPath(recordsPath);
  if (path instanceof Error) return { ok: false, reason: 'bad-path' };
  let result;
  try {
    result = streamRecords(fileChunks(fs, resolved, 1024 * 1024, maxBytes), /\.(?:ndjson|jsonl)$/iu.test(resolved) ? 'ndjson' : 'json', path, visit);
  } catch (error) {
    // A file that grew past the cap while it was read stops there.
    return { ok: false, reason: error instanceof FileTooLargeError ? 'too-large' : 'unreadable' };
  }
  if (result.issues.some((i) => i.kind === 'encoding')) return { ok: false, reason: 'unreadable' };
  return { ok: true, records: result.records, issues: result.issues };
}

/** The records a `samples[]` entry selects, in memory (files up to the lint sample cap); see `forEachSampleRecord`. */
export function readSampleRecords(fs: DesignFs, projectDir: string, file: string, recordsPath?: string): RecordsResult {
  const records: unknown[] = [];
  const result = forEachSampleRecord(fs, projectDir, file, recordsPath, (r) => records.push(r));
  return result.ok ? { ok: true, records, issues: result.issues } : result;
}
