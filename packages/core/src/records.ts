import { decodeUtf8 } from './encoding.js';
import { tryParseFieldPath, selectValues } from './field-path.js';
import type { DesignFs } from './fs.js';
import { joinInside } from './fs.js';
import { scanJson } from './json-scan.js';
import { limits } from './limits.js';

export type RecordsResult =
  | { ok: true; records: unknown[] }
  | { ok: false; reason: 'missing' | 'escapes' | 'symlink' | 'too-large' | 'unreadable' | 'bad-path' };

/**
 * The records a `samples[]` entry selects: the whole file is one record (an NDJSON file: each
 * line), or `records` picks them. Reads files up to the lint sample cap in memory; files that are
 * not well formed give no records (their syntax is reported by the loader).
 */
export function readSampleRecords(fs: DesignFs, projectDir: string, file: string, recordsPath?: string): RecordsResult {
  const resolved = file.startsWith('/') ? undefined : joinInside(projectDir, file);
  if (resolved === undefined) return { ok: false, reason: 'escapes' };
  const stat = fs.stat(resolved);
  if (!stat) return { ok: false, reason: 'missing' };
  if (stat.type === 'symlink') return { ok: false, reason: 'symlink' };
  if (stat.size > limits.maxLintSampleBytes) return { ok: false, reason: 'too-large' };
  const decoded = decodeUtf8(fs.readFile(resolved));
  if (!decoded.ok) return { ok: false, reason: 'unreadable' };
  const text = decoded.text;
  const path = recordsPath === undefined ? undefined : tryParseFieldPath(recordsPath);
  if (path instanceof Error) return { ok: false, reason: 'bad-path' };
  const docs: unknown[] = [];
  if (/\.(?:ndjson|jsonl)$/iu.test(resolved)) {
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      if (!scanJson(line, { maxDepth: limits.maxJsonDepth }).wellFormed) continue;
      docs.push(JSON.parse(line));
    }
  } else {
    if (!scanJson(text, { maxDepth: limits.maxJsonDepth }).wellFormed) return { ok: false, reason: 'unreadable' };
    docs.push(JSON.parse(text));
  }
  return { ok: true, records: path ? docs.flatMap((d) => selectValues(d, path)) : docs };
}
