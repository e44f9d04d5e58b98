import type { DesignDocument, Diagnostic, DesignFs, ParsedPath, PathSegment, Project, Severity } from '@interop-design/core';
import { fileChunks, fingerprint, formatFieldPath, joinInside, selectValues, toPointer, tryParseFieldPath } from '@interop-design/core';
import { resolveConfig } from '@interop-design/lint';
import type { RulesetName, SampleCheckId } from '@interop-design/lint';
import type { Field, LintConfig, Mapping, Scalar } from '@interop-design/schema';
import { findCredentials, findPersonalData } from './scan.js';
import { streamRecords } from './stream.js';
import type { StreamIssue } from './stream.js';
import { choiceCodes, isEmpty, matchesType } from './types.js';

export interface CheckSamplesOptions {
  /** Overrides the manifest's `lint.extends`. */
  ruleset?: RulesetName;
  /** Replaces the manifest's `lint` section (the action passes the base commit's). */
  config?: LintConfig;
  /** Add a few offending values to messages. For local runs only: never in CI or a pull request. */
  showValues?: boolean;
  /** Largest sample read, in bytes (default 4 GiB); larger ones are skipped with a finding. */
  maxSampleBytes?: number;
  /** Called while reading large files. */
  onProgress?: (file: string, bytes: number, total: number) => void;
}

export interface CoverageRow {
  mapping: string;
  file: string;
  records: number;
  /** Mapped source paths found in at least one record, of all mapped source paths. */
  paths: { resolved: number; total: number };
  /** Distinct leaf keys in the source records that a mapped path covers, of all of them. */
  sampleKeys: { mapped: number; total: number };
}

export interface CheckSamplesResult {
  diagnostics: Diagnostic[];
  coverage: CoverageRow[];
}

/** Limits of the in-memory bookkeeping; past them checks go on over fewer values and say so. */
export const sampleLimits = {
  maxSampleBytes: 4 * 1024 ** 3,
  maxDistinctBadValues: 1000,
  maxKeysForUniqueness: 1_000_000,
  maxLeafPaths: 5000,
  maxCredentialFindingsPerFile: 20,
} as const;

/** A 53-bit string hash (two 32-bit multiplicative hashes), for key uniqueness without keeping keys. */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A value as text for counting distinct values; never printed unless --show-values. */
function scalarText(v: unknown): string {
  if (typeof v === 'string') return v;
  // JSON.stringify gives undefined for undefined and functions, whatever its declared type says.
  const json: unknown = JSON.stringify(v);
  return typeof json === 'string' ? json : String(v);
}

/** Record paths with filters and indexes widened to `[]`, for coverage. */
function widen(path: ParsedPath): string {
  const segs: PathSegment[] = path.segments.map((s) => (s.kind === 'filter' || s.kind === 'index' ? { kind: 'each', start: s.start, end: s.end } : s));
  return formatFieldPath(segs);
}

const plainKey = /^[^.[\]"'\s]+$/u;
const keyText = new Map<string, string>();

/** A key as a path step, cached: most records repeat the same keys. */
function step(key: string): string {
  let text = keyText.get(key);
  if (text === undefined) {
    text = plainKey.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
    if (keyText.size < 100_000) keyText.set(key, text);
  }
  return text;
}

/** Distinct leaf paths of a record (arrays as `[]`, in the field-path grammar), added to `into` up to the limit. */
function leafPaths(record: unknown, into: Set<string>): void {
  const stack: [unknown, string, number][] = [[record, '', 0]];
  while (stack.length && into.size < sampleLimits.maxLeafPaths) {
    const entry = stack.pop();
    if (!entry) break;
    const [value, prefix, depth] = entry;
    if (value !== null && typeof value === 'object' && depth < 64) {
      if (Array.isArray(value)) {
        if (value.length === 0 && prefix) into.add(prefix.startsWith('.') ? prefix.slice(1) : prefix);
        for (const item of value as unknown[]) stack.push([item, `${prefix}[]`, depth + 1]);
      } else {
        let empty = true;
        for (const key in value) {
          empty = false;
          stack.push([(value as Record<string, unknown>)[key], prefix + step(key), depth + 1]);
        }
        if (empty && prefix) into.add(prefix.startsWith('.') ? prefix.slice(1) : prefix);
      }
    } else if (prefix) into.add(prefix.startsWith('.') ? prefix.slice(1) : prefix);
  }
}

function covers(mapped: readonly string[], leaf: string): boolean {
  return mapped.some((m) => leaf === m || leaf.startsWith(`${m}.`) || leaf.startsWith(`${m}[`));
}

interface PathStats {
  text: string;
  pointer: string;
  parsed: ParsedPath;
  found: number;
  typeBad: number;
  typeChecked: number;
  badDistinct: Set<string>;
  choiceBad: Set<string>;
  choiceBadCount: number;
}

interface SideResult {
  records: number;
  readable: boolean;
  leaves: Set<string>;
}

interface Emit {
  (id: SampleCheckId | 'sample-syntax', file: string, pointer: string | undefined, range: Diagnostic['range'], message: string, args: readonly unknown[]): void;
}

/** Line and column of a byte offset in a file, counted by streaming it. */
function positionAt(fs: DesignFs, file: string, offset: number): Diagnostic['range'] {
  let line = 1;
  let seen = 0;
  let lineStartBytes: Uint8Array[] = [];
  for (const chunk of fileChunks(fs, file)) {
    const end = Math.min(chunk.length, offset - seen);
    let from = 0;
    let nl = chunk.indexOf(0x0a, from);
    while (nl !== -1 && nl < end) {
      line++;
      lineStartBytes = [];
      from = nl + 1;
      nl = chunk.indexOf(0x0a, from);
    }
    lineStartBytes.push(new Uint8Array(chunk.subarray(from, Math.max(from, end))));
    seen += chunk.length;
    if (seen >= offset) break;
  }
  const column = new TextDecoder().decode(Buffer.concat(lineStartBytes)).length + 1;
  return { start: { line, column }, end: { line, column } };
}

function examples(values: Set<string>, show: boolean): string {
  if (!show || values.size === 0) return '';
  return ` (e.g. ${[...values].slice(0, 3).map((v) => JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)).join(', ')})`;
}

/**
 * Checks a project's committed samples against its mappings: source paths, types, choices and
 * keys over every record; destination samples; credentials and personal data in every sample
 * file. Messages give paths, types and counts, never sample values (unless `showValues`).
 */
export function checkSamples(project: Project, options: CheckSamplesOptions = {}): CheckSamplesResult {
  const config = resolveConfig(project, options.ruleset, options.config);
  const diagnostics: Diagnostic[] = [];
  const coverage: CoverageRow[] = [];
  const fs = project.fs;
  const show = options.showValues ?? false;
  const maxBytes = options.maxSampleBytes ?? sampleLimits.maxSampleBytes;

  const emit: Emit = (id, file, pointer, range, message, args) => {
    const severity: Severity | 'off' = id === 'sample-syntax' ? 'error' : config.severityFor(id, file);
    if (severity === 'off') return;
    diagnostics.push({ ruleId: id, severity, message, file, range, ...(pointer === undefined ? {} : { path: pointer }), fingerprint: fingerprint(id, file, pointer, args) });
  };
  const atMapping = (doc: DesignDocument, id: SampleCheckId, pointer: string, message: string, args: readonly unknown[]): void => {
    emit(id, doc.file, pointer, doc.source.locate(pointer), message, args);
  };

  /** Streams the records of one side's samples into `onRecord`, reporting unreadable samples. */
  const readSide = (doc: DesignDocument, side: 'source' | 'destination', mapping: Mapping, onRecord: (record: unknown) => void): SideResult => {
    const result: SideResult = { records: 0, readable: false, leaves: new Set() };
    (mapping[side].samples ?? []).forEach((sample, i) => {
      const file = sample.file.startsWith('/') ? undefined : joinInside(project.dir, sample.file);
      const stat = file === undefined ? undefined : fs.stat(file);
      if (file === undefined || stat?.type !== 'file') return; // reported by lint (reference-file, path-escapes-repository, file-symlink)
      if (stat.size > maxBytes) {
        atMapping(doc, 'sample-records', toPointer([side, 'samples', i, 'file']), `${file} is larger than the ${Math.round(maxBytes / 1024 ** 2)} MiB sample limit: it is not checked`, ['too-large', file]);
        return;
      }
      const path = sample.records === undefined ? undefined : tryParseFieldPath(sample.records);
      if (path instanceof Error) return; // reported by lint (field-path-syntax)
      const format = /\.(?:ndjson|jsonl)$/iu.test(file) ? 'ndjson' : 'json';
      const streamed = streamRecords(
        fileChunks(fs, file),
        format,
        path,
        (record) => {
          result.records++;
          leafPaths(record, result.leaves);
          onRecord(record);
        },
        { onProgress: options.onProgress ? (bytes) => options.onProgress?.(file, bytes, stat.size) : undefined },
      );
      result.readable = true;
      const report = (issue: StreamIssue): void => {
        if (issue.kind === 'records-not-found') {
          atMapping(doc, 'sample-records', toPointer([side, 'samples', i, sample.records === undefined ? 'file' : 'records']), `${issue.message}: correct the records path`, ['records-not-found', file]);
        } else {
          const range = positionAt(fs, file, issue.offset);
          emit(issue.kind === 'syntax' ? 'sample-syntax' : 'sample-records', file, undefined, range, issue.message, [issue.kind, issue.offset]);
        }
      };
      streamed.issues.forEach(report);
      if (streamed.moreIssues) emit('sample-syntax', file, undefined, positionAt(fs, file, streamed.bytes), `and ${streamed.moreIssues} more broken records in this file, not listed`, ['more']);
    });
    return result;
  };

  for (const doc of project.mappings) {
    const mapping = doc.data;
    if (!doc.valid || !mapping) continue;
    const fields = mapping.fields.map((field, i) => ({ field, i })).filter(({ field }) => field.status !== 'deprecated');

    // Source side.
    const stats: { field: Field; stats: PathStats[]; allowed: { codes: Set<string> | undefined; where: string } }[] = fields.map(({ field, i }) => {
      const texts = [...(field.source?.path === undefined ? [] : [[field.source.path, toPointer(['fields', i, 'source', 'path'])] as const]), ...(field.source?.paths ?? []).map((p, j) => [p, toPointer(['fields', i, 'source', 'paths', j])] as const)];
      const pathStats = texts.flatMap(([text, pointer]) => {
        const parsed = tryParseFieldPath(text);
        return parsed instanceof Error ? [] : [{ text, pointer, parsed, found: 0, typeBad: 0, typeChecked: 0, badDistinct: new Set<string>(), choiceBad: new Set<string>(), choiceBadCount: 0 }];
      });
      return { field, stats: pathStats, allowed: allowedCodes(project, field) };
    });
    const keyPath = mapping.destination.key?.source === undefined ? undefined : tryParseFieldPath(mapping.destination.key.source);
    const key = { missing: 0, duplicates: 0, seen: new Set<number>(), capped: false };
    const source = readSide(doc, 'source', mapping, (record) => {
      for (const { field, stats: list, allowed } of stats) {
        for (const s of list) {
          const values = selectValues(record, s.parsed);
          if (values.length) s.found++;
          const type = field.source?.type;
          for (const v of values) {
            if (isEmpty(v) || type === undefined) continue;
            s.typeChecked++;
            if (!matchesType(v, type, field.source?.format)) {
              s.typeBad++;
              if (s.badDistinct.size < sampleLimits.maxDistinctBadValues) s.badDistinct.add(scalarText(v));
              continue;
            }
            if ((type === 'choice' || type === 'multichoice') && allowed.codes) {
              for (const code of choiceCodes(v, type)) {
                if (!allowed.codes.has(code)) {
                  s.choiceBadCount++;
                  if (s.choiceBad.size < sampleLimits.maxDistinctBadValues) s.choiceBad.add(code);
                }
              }
            }
          }
        }
      }
      if (keyPath && !(keyPath instanceof Error)) {
        const values = selectValues(record, keyPath).filter((v) => !isEmpty(v));
        if (values.length === 0) key.missing++;
        else if (key.seen.size < sampleLimits.maxKeysForUniqueness) {
          const h = hash53(scalarText(values[0]));
          if (key.seen.has(h)) key.duplicates++;
          else key.seen.add(h);
        } else key.capped = true;
      }
    });

    if (source.readable) {
      const n = source.records;
      for (const { field, stats: list, allowed } of stats) {
        for (const s of list) {
          if (s.found === 0) {
            atMapping(doc, 'sample-path-missing', s.pointer, `${s.text} is in none of the ${n} source sample records: correct the path or commit a sample that has it`, ['missing', s.text]);
            continue;
          }
          if (s.found < n) atMapping(doc, 'sample-path-partial', s.pointer, `${s.text} is in ${s.found} of ${n} source sample records: is it optional, or named differently in some form versions?`, ['partial', s.text]);
          if (s.typeBad) {
            const format = field.source?.format ? ` in the format ${field.source.format}` : '';
            atMapping(doc, 'sample-type', s.pointer, `${s.typeBad} of ${s.typeChecked} values at ${s.text} are not ${field.source?.type ?? ''}${format}${examples(s.badDistinct, show)}`, ['type', s.text]);
          }
          if (s.choiceBad.size) {
            atMapping(doc, 'sample-choice', s.pointer, `${s.choiceBad.size} distinct value${s.choiceBad.size === 1 ? '' : 's'} at ${s.text} (${s.choiceBadCount} occurrence${s.choiceBadCount === 1 ? '' : 's'}) ${s.choiceBad.size === 1 ? 'is' : 'are'} not in ${allowed.where}${examples(s.choiceBad, show)}`, ['choice', s.text]);
          }
        }
      }
      if (keyPath && !(keyPath instanceof Error) && n > 0) {
        const text = mapping.destination.key?.source ?? '';
        if (key.missing) atMapping(doc, 'sample-key', '/destination/key/source', `the key ${text} is missing or empty in ${key.missing} of ${n} source sample records`, ['key-missing', text]);
        if (key.duplicates) atMapping(doc, 'sample-key', '/destination/key/source', `${key.duplicates} source sample record${key.duplicates === 1 ? '' : 's'} repeat a key ${text} value of an earlier record: the key must be unique`, ['key-duplicate', text]);
        if (key.capped) atMapping(doc, 'sample-key', '/destination/key/source', `uniqueness of ${text} was checked over the first ${sampleLimits.maxKeysForUniqueness} records only`, ['key-capped', text]);
      }
      const mappedPaths = stats.flatMap((x) => x.stats.map((s) => widen(s.parsed)));
      const leaves = [...source.leaves];
      const files = (mapping.source.samples ?? []).map((s) => s.file).join(', ');
      coverage.push({
        mapping: mapping.id,
        file: files,
        records: n,
        paths: { resolved: stats.reduce((k, x) => k + x.stats.filter((s) => s.found > 0).length, 0), total: stats.reduce((k, x) => k + x.stats.length, 0) },
        sampleKeys: { mapped: leaves.filter((l) => covers(mappedPaths, l)).length, total: leaves.length },
      });
    }

    // Destination side.
    if ((mapping.destination.samples ?? []).length) {
      const dest = fields.flatMap(({ field, i }) => {
        const parsed = tryParseFieldPath(field.destination.path);
        return parsed instanceof Error ? [] : [{ field, i, parsed, found: 0, typeBad: 0, typeChecked: 0 }];
      });
      const side = readSide(doc, 'destination', mapping, (record) => {
        for (const d of dest) {
          const values = selectValues(record, d.parsed);
          if (values.length) d.found++;
          for (const v of values) {
            if (isEmpty(v) || d.field.destination.type === undefined) continue;
            d.typeChecked++;
            if (!matchesType(v, d.field.destination.type, d.field.destination.format)) d.typeBad++;
          }
        }
      });
      if (side.readable && side.records > 0) {
        for (const d of dest) {
          const pointer = toPointer(['fields', d.i, 'destination', 'path']);
          if (d.found === 0) atMapping(doc, 'sample-destination-path', pointer, `${d.field.destination.path} is in none of the ${side.records} destination sample records: check the field's API name`, ['missing', d.field.destination.path]);
          else if (d.typeBad) atMapping(doc, 'sample-destination-path', pointer, `${d.typeBad} of ${d.typeChecked} destination sample values at ${d.field.destination.path} are not ${d.field.destination.type ?? ''}`, ['type', d.field.destination.path]);
        }
        const produced = dest.map((d) => widen(d.parsed));
        const unmapped = [...side.leaves].filter((l) => !covers(produced, l) && !produced.some((p) => p.startsWith(`${l}.`) || p.startsWith(`${l}[`)));
        if (unmapped.length) {
          const listed = unmapped.slice(0, 20).join(', ');
          atMapping(doc, 'sample-destination-unmapped', '/destination/samples', `the destination samples hold ${unmapped.length} key${unmapped.length === 1 ? '' : 's'} this mapping never writes: ${listed}${unmapped.length > 20 ? ', …' : ''}`, ['unmapped']);
        }
      }
    }
  }

  for (const sample of project.samples) scanFile(fs, sample.file, sample.size <= maxBytes, emit);
  return { diagnostics, coverage };
}

/** The choice codes a field accepts from the source, and how to name them in a message. */
function allowedCodes(project: Project, field: Field): { codes: Set<string> | undefined; where: string } {
  const vm = field.transform?.valueMap;
  if (vm !== undefined) {
    if (typeof vm === 'string') {
      const decl = project.index.valueMaps.get(vm);
      if (!decl || (decl.value.unmapped ?? 'error') !== 'error') return { codes: undefined, where: '' };
      return { codes: new Set(decl.value.entries.map((e: { from: Scalar }) => String(e.from))), where: `value map ${vm}` };
    }
    return { codes: new Set(Object.keys(vm)), where: 'the inline value map' };
  }
  const choices = field.source?.choices;
  return choices ? { codes: new Set(choices.map(String)), where: 'the declared choices' } : { codes: undefined, where: '' };
}

/** Line and column of each offset (ascending) in `text`, lines counted from `firstLine`. */
function linesOf(text: string, offsets: readonly number[], firstLine: number): Diagnostic['range'][] {
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

/** Matches are short: a window keeps this many characters for the next one, so none is cut or counted twice. */
const OVERLAP = 256;

/** Credentials and personal data in one sample file, read in windows so any size fits in memory. */
function scanFile(fs: DesignFs, file: string, withinLimit: boolean, emit: Emit): void {
  if (!withinLimit || fs.stat(file)?.type !== 'file') return;
  const credentials: { range: Diagnostic['range']; kind: string; offset: number }[] = [];
  const personal = new Map<string, { count: number; first: Diagnostic['range'] }>();
  const decoder = new TextDecoder();
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
    const consumed = text.slice(0, limit);
    for (let nl = consumed.indexOf('\n'); nl !== -1; nl = consumed.indexOf('\n', nl + 1)) carryLine++;
    absolute += limit;
    carry = text.slice(limit);
  };
  for (const chunk of fileChunks(fs, file)) {
    const text = carry + decoder.decode(chunk, { stream: true });
    window(text, Math.max(0, text.length - OVERLAP));
  }
  const rest = carry + decoder.decode();
  window(rest, rest.length);

  credentials.slice(0, sampleLimits.maxCredentialFindingsPerFile).forEach((c) => {
    emit('sample-credentials', file, undefined, c.range, `credentials committed in sample data: ${c.kind}. Remove it from the sample, and rotate it: it stays in the git history`, [c.kind, c.offset]);
  });
  if (credentials.length > sampleLimits.maxCredentialFindingsPerFile) {
    const first = credentials[0]?.range ?? { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
    emit('sample-credentials', file, undefined, first, `and ${credentials.length - sampleLimits.maxCredentialFindingsPerFile} more credentials in this file, not listed`, ['more']);
  }
  for (const [kind, p] of personal) {
    const plural = kind.endsWith('s') ? `${kind}es` : `${kind}s`;
    emit('sample-personal-data', file, undefined, p.first, `${p.count} likely ${p.count === 1 ? kind : plural} in this file, the first on line ${p.first.start.line}: replace real personal data with synthetic values`, [kind]);
  }
}
