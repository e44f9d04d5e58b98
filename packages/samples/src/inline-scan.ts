import type { DesignDocument, Diagnostic, LocateTarget } from '@interop-design/core';
import { toPointer } from '@interop-design/core';
import type { Mapping } from '@interop-design/schema';
import { findCredentials, findPersonalData } from './scan.js';

/** One finding of the scan in an inline record of a mapping file: where it is and what kind, never the value. */
export interface InlineScanFinding {
  rule: 'credentials' | 'personal';
  kind: string;
  /** How many of this kind the record holds (1 for a credential). */
  count: number;
  /** JSON Pointer, in the mapping, of the inline record (`/tests/0/given/record`, `/tests/0/expect`): its keys are data too (O21). */
  record: string;
  /** Line and column of the key or value found. */
  range: Diagnostic['range'];
}

interface Span {
  start: number;
  end: number;
  pointer: string;
  target: LocateTarget;
}

/**
 * Writes a record as `JSON.stringify(value, null, 2)` would, the text the scan reads in a sample
 * file, noting where each key and each scalar value is and its pointer in the mapping.
 */
function writeRecord(value: unknown, pointer: readonly (string | number)[]): { text: string; spans: Span[] } {
  const parts: string[] = [];
  const spans: Span[] = [];
  let length = 0;
  const put = (s: string): void => {
    parts.push(s);
    length += s.length;
  };
  const walk = (v: unknown, at: readonly (string | number)[], indent: string): void => {
    if (Array.isArray(v)) {
      if (v.length === 0) {
        put('[]');
        return;
      }
      put('[');
      v.forEach((item, i) => {
        put(`${i ? ',' : ''}\n${indent}  `);
        walk(item, [...at, i], `${indent}  `);
      });
      put(`\n${indent}]`);
      return;
    }
    if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      if (entries.length === 0) {
        put('{}');
        return;
      }
      put('{');
      entries.forEach(([k, item], i) => {
        put(`${i ? ',' : ''}\n${indent}  `);
        const start = length;
        put(JSON.stringify(k));
        spans.push({ start, end: length, pointer: toPointer([...at, k]), target: 'key' });
        put(': ');
        walk(item, [...at, k], `${indent}  `);
      });
      put(`\n${indent}}`);
      return;
    }
    const start = length;
    // What JSON cannot hold (YAML never gives it) is written as null; a big integer as its digits.
    put(v === undefined || typeof v === 'function' || typeof v === 'symbol' ? 'null' : typeof v === 'bigint' ? String(v) : JSON.stringify(v));
    spans.push({ start, end: length, pointer: toPointer(at), target: 'value' });
  };
  walk(value, pointer, '');
  return { text: parts.join(''), spans };
}

/** The key or value at an offset of the written record: the span holding it, else the last one before it. */
function spanAt(spans: readonly Span[], offset: number): Span | undefined {
  let found: Span | undefined;
  for (const s of spans) {
    if (s.start > offset) break;
    found = s;
    if (offset < s.end) break;
  }
  return found;
}

/** The inline records of a mapping's tests: each test's `given.record` when written inline, and its `expect`. */
function inlineRecords(mapping: Mapping): { value: unknown; pointer: (string | number)[] }[] {
  const out: { value: unknown; pointer: (string | number)[] }[] = [];
  (mapping.tests ?? []).forEach((test, i) => {
    const given = test.given as { record?: unknown; file?: unknown };
    if (given.file === undefined && given.record !== null && typeof given.record === 'object') out.push({ value: given.record, pointer: ['tests', i, 'given', 'record'] });
    out.push({ value: test.expect, pointer: ['tests', i, 'expect'] });
  });
  return out;
}

/**
 * Credentials and likely personal data in the inline records of a mapping file's tests (hardening
 * X2), by the scan sample files get: each record is written as JSON, scanned, and every finding
 * placed at its key or value in the mapping file. Kinds, places and counts only, never values.
 */
export function scanInlineRecords(doc: DesignDocument<Mapping>, mapping: Mapping): InlineScanFinding[] {
  const findings: InlineScanFinding[] = [];
  for (const { value, pointer } of inlineRecords(mapping)) {
    const { text, spans } = writeRecord(value, pointer);
    const record = toPointer(pointer);
    const place = (offset: number): { record: string; range: Diagnostic['range'] } => {
      const span = spanAt(spans, offset);
      return { record, range: doc.source.locate(span?.pointer ?? record, span?.target ?? 'value') };
    };
    for (const c of findCredentials(text)) findings.push({ rule: 'credentials', kind: c.kind, count: 1, ...place(c.offset) });
    for (const p of findPersonalData(text)) findings.push({ rule: 'personal', kind: p.kind, count: p.count, ...place(p.firstOffset) });
  }
  return findings;
}
