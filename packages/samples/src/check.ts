import type { DesignDocument, Diagnostic, DesignFs, ParsedPath, PathSegment, Project, RelatedLocation, Severity } from '@interop-design/core';
import { FileTooLargeError, fileChunks, fingerprint, readErrorCode, resolveConfigFor, sampleChecks, forEachValue, formatFieldPath, joinInside, sampleFingerprint, toPointer, tryParseFieldPath } from '@interop-design/core';
import type { RulesetName, SampleCheckId } from '@interop-design/core';
import { applySuppressions } from '@interop-design/lint';
import picomatch from 'picomatch';
import type { Field, LintConfig, Manifest, Mapping, Scalar } from '@interop-design/schema';
import { BackgroundScan, backgroundScanMinBytes, sampleChunkBytes, scanChunks } from './file-scan.js';
import type { FileScan } from './file-scan.js';
import { scanInlineRecords } from './inline-scan.js';
import { IntegerKeys } from './integer-keys.js';
import type { InlineScanFinding } from './inline-scan.js';
import { predictionFindings } from './prediction.js';
import { streamRecords } from './stream.js';
import { locateValue } from './value-location.js';
import type { RecordAt } from './value-location.js';
import type { StreamIssue } from './stream.js';
import { sampleMetadata, valueFits } from './metadata.js';
import { choiceCodes, isEmpty, matchesType } from './types.js';
import { personalCount } from './scan.js';

export interface CheckSamplesOptions {
  /** Overrides the manifest's `lint.extends`. */
  ruleset?: RulesetName;
  /** Replaces the manifest's `lint` section (the action passes the base commit's). */
  config?: LintConfig;
  /** Add a few offending values to messages. For local runs only: never in CI or a pull request. */
  showValues?: boolean;
  /** Largest sample read, in bytes (default 4 GiB); larger ones are skipped with a finding. */
  maxSampleBytes?: number;
  /** Globs of synthetic sample files, relative to the project folder; replaces the manifest's `samples.synthetic` (the action passes the base commit's). */
  synthetic?: readonly string[];
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

/** An integer written as JSON would write it: the same key as the number. */
const canonicalInteger = /^-?(?:0|[1-9]\d{0,15})$/u;

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

interface LeafNode {
  keys: Map<string, LeafNode> | undefined;
  /** Array items, all under one `[]` step. */
  each: LeafNode | undefined;
  leaf: boolean;
  /**
   * The keys of the last object met here, in order, and their nodes: objects of one shape (most
   * records) find their children by comparing keys (JSON.parse's keys are shared strings), not by
   * looking each up in the map.
   */
  lastKeys: string[];
  lastNodes: (LeafNode | undefined)[];
}

const newNode = (): LeafNode => ({ keys: undefined, each: undefined, leaf: false, lastKeys: [], lastNodes: [] });

/**
 * The distinct leaf paths of many records (arrays as `[]`, in the field-path grammar), as a tree
 * of keys: a record whose shape was seen before costs map lookups only, no path strings.
 */
export class LeafPaths {
  private readonly root: LeafNode = newNode();
  private leaves = 0;

  add(record: unknown): void {
    this.walk(record, this.root, 0);
  }

  /** Recursive, but never deeper than 64 levels: deeper values count as leaves. */
  private walk(value: unknown, node: LeafNode, depth: number): void {
    if (value === null || typeof value !== 'object' || depth >= 64) {
      this.mark(node);
      return;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) this.mark(node);
      else {
        const child = (node.each ??= this.grow());
        if (child) for (const item of value as unknown[]) this.walk(item, child, depth + 1);
      }
      return;
    }
    let j = 0;
    const { lastKeys, lastNodes } = node;
    let same = true;
    for (const key in value) {
      let child: LeafNode | undefined;
      if (same && lastKeys[j] === key) child = lastNodes[j];
      else {
        if (same) {
          // Another shape: the keys so far are kept, the rest is written as this object goes.
          same = false;
          lastKeys.length = j;
          lastNodes.length = j;
        }
        child = node.keys?.get(key);
        if (!child) {
          child = this.grow();
          if (child) (node.keys ??= new Map()).set(key, child);
        }
        lastKeys.push(key);
        lastNodes.push(child);
      }
      j++;
      // Past the leaf limit no node is added (the limit never goes down): such keys are not followed.
      if (child) this.walk((value as Record<string, unknown>)[key], child, depth + 1);
    }
    if (same && j < lastKeys.length) {
      lastKeys.length = j;
      lastNodes.length = j;
    }
    if (j === 0) this.mark(node);
  }

  /** A new node, unless the tree already holds as many leaves as the limit allows. */
  private grow(): LeafNode | undefined {
    return this.leaves < sampleLimits.maxLeafPaths ? newNode() : undefined;
  }

  private mark(node: LeafNode): void {
    if (node === this.root || node.leaf || this.leaves >= sampleLimits.maxLeafPaths) return;
    node.leaf = true;
    this.leaves++;
  }

  paths(): string[] {
    const out: string[] = [];
    const stack: [LeafNode, string][] = [[this.root, '']];
    for (let entry = stack.pop(); entry; entry = stack.pop()) {
      const [node, prefix] = entry;
      if (node.leaf) out.push(prefix.startsWith('.') ? prefix.slice(1) : prefix);
      if (node.each) stack.push([node.each, `${prefix}[]`]);
      for (const [key, child] of node.keys ?? []) stack.push([child, prefix + step(key)]);
    }
    return out.sort();
  }
}

/**
 * `forEachValue` for one path, made once per path: a path of keys only (most mapped paths) is
 * followed in a loop, without the general walk's recursion and switch per step.
 */
export function valuesAt(path: ParsedPath): (record: unknown, visit: (value: unknown) => void) => number {
  const keys: string[] = [];
  for (const segment of path.segments) {
    if (segment.kind !== 'key') return (record, visit) => forEachValue(record, path, visit);
    keys.push(segment.key);
  }
  // Own properties only: `__proto__` and `constructor` are ordinary keys of a record. A key that
  // no plain object inherits, read from a plain object (every parsed record), is read directly:
  // what it reads is the record's own value or undefined.
  const inherited = keys.some((key) => key in Object.prototype);
  const only = keys[0];
  if (!inherited && keys.length === 1 && only !== undefined) {
    return (record, visit) => {
      if (record === null || typeof record !== 'object' || Array.isArray(record)) return 0;
      const value = (record as Record<string, unknown>)[only];
      if (value === undefined || (Object.getPrototypeOf(record) !== Object.prototype && !Object.hasOwn(record, only))) return 0;
      visit(value);
      return 1;
    };
  }
  return (record, visit) => {
    let value = record;
    for (const key of keys) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return 0;
      value = Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
      if (value === undefined) return 0;
    }
    visit(value);
    return 1;
  };
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
  /** Records holding at least one value of the wrong type or outside the choices, and the first such value. */
  badRecords: number;
  firstBad: Offender | undefined;
  firstMissing: RecordAt | undefined;
  /** `"true"`, `"yes"`, ... where a boolean is declared. */
  textBooleans: number;
  /** `dd/mm/yyyy`-shaped values under type date: which order the parts can be. */
  slashDates: { count: number; dayFirst: boolean; monthFirst: boolean };
  emptyRequired: { records: number; first: Offender | undefined };
  tooLong: { records: number; first: Offender | undefined };
  /** Values sent as arrays and as strings, the records holding each shape, and the first value in the shape seen second. */
  multichoice: { arrays: number; strings: number; arrayRecords: number; stringRecords: number; first: Offender | undefined; second: 'array' | 'string' };
  /** Values a value map with `unmapped: default` sends to its default, and the records holding them. */
  toDefault: { count: number; records: number; first: Offender | undefined };
  /** Values a passthrough value map leaves as they are, outside the destination's choices. */
  passedOutside: { distinct: Set<string>; count: number; records: number; first: Offender | undefined };
}

/** The first offending value of a finding: its record, and which of the values the path reaches there (none: the record itself). */
interface Offender {
  record: RecordAt;
  ordinal: number | undefined;
}

function newStats(text: string, pointer: string, parsed: ParsedPath): PathStats {
  return {
    text, pointer, parsed, found: 0, typeBad: 0, typeChecked: 0, badDistinct: new Set<string>(), choiceBad: new Set<string>(), choiceBadCount: 0,
    badRecords: 0, firstBad: undefined, firstMissing: undefined, textBooleans: 0, slashDates: { count: 0, dayFirst: false, monthFirst: false },
    emptyRequired: { records: 0, first: undefined }, tooLong: { records: 0, first: undefined }, multichoice: { arrays: 0, strings: 0, arrayRecords: 0, stringRecords: 0, first: undefined, second: 'string' },
    toDefault: { count: 0, records: 0, first: undefined }, passedOutside: { distinct: new Set<string>(), count: 0, records: 0, first: undefined },
  };
}

const textBoolean = new Set(['true', 'false', 'yes', 'no', 'True', 'False', 'Yes', 'No', 'TRUE', 'FALSE', 'YES', 'NO']);
const slashDate = /^(\d{1,2})\/(\d{1,2})\/\d{4}$/u;

interface SideResult {
  records: number;
  readable: boolean;
  leaves: LeafPaths;
}

interface Emit {
  /** `lower`: a severity that replaces the configured one (an optional field's partial presence is info). */
  (id: SampleCheckId | 'sample-syntax', file: string, pointer: string | undefined, range: Diagnostic['range'], message: string, args: readonly unknown[], lower?: Severity, related?: RelatedLocation[]): void;
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
  // Only the sample checks' severities are read here: lint's rule registry is not needed for them.
  const config = resolveConfigFor({}, project, options.ruleset, options.config);
  const diagnostics: Diagnostic[] = [];
  const coverage: CoverageRow[] = [];
  const fs = project.fs;
  const show = options.showValues ?? false;
  const maxBytes = options.maxSampleBytes ?? sampleLimits.maxSampleBytes;

  const ordinals = new Map<string, number>();
  let sampleNames = '';
  const emit: Emit = (id, file, pointer, range, message, args, lower, rel) => {
    const configured: Severity | 'off' = id === 'sample-syntax' ? 'error' : config.severityFor(id, file);
    if (configured === 'off') return;
    const severity = lower ?? configured;
    // Fingerprints hash nothing read from a sample (DESIGN section 3): at a mapping, the rule, the
    // mapping file, the field's pointer, the sample files' names and the kind of finding; in a
    // sample file, the rule, the file and an ordinal.
    let print: string;
    if (pointer === undefined) {
      const key = `${id}\u0000${file}`;
      const n = ordinals.get(key) ?? 0;
      ordinals.set(key, n + 1);
      print = sampleFingerprint(id, file, undefined, n);
    } else print = fingerprint(id, file, pointer, ['sample', sampleNames, String(args[0])]);
    diagnostics.push({ ruleId: id, severity, message, file, range, ...(pointer === undefined ? {} : { path: pointer }), fingerprint: print, ...(rel ? { related: rel } : {}) });
  };
  const atMapping = (doc: DesignDocument, id: SampleCheckId, pointer: string, message: string, args: readonly unknown[], lower?: Severity, rel?: RelatedLocation[]): void => {
    emit(id, doc.file, pointer, doc.source.locate(pointer), message, args, lower, rel);
  };
  /**
   * Where a finding's first offending value is in its sample: file, line and column of the value
   * (of the record, for an absent one), and what it shows; never the value. Only the first
   * offending record of each finding is read back, after the scan.
   */
  const related = (first: Offender | RecordAt | undefined, path: ParsedPath | undefined, message: string): RelatedLocation[] | undefined => {
    if (!first) return undefined;
    const [record, ordinal] = 'record' in first ? [first.record, first.ordinal] : [first, undefined];
    return [{ file: record.file, range: locateValue(fs, record, path && ordinal !== undefined ? { path, ordinal } : undefined), message }];
  };

  /** Streams the records of one side's samples into `onRecord`, reporting unreadable samples. */
  const readSide = (doc: DesignDocument, side: 'source' | 'destination', mapping: Mapping, onRecord: (record: unknown, at: RecordAt) => void, onFile?: () => void): SideResult => {
    const result: SideResult = { records: 0, readable: false, leaves: new LeafPaths() };
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
      onFile?.();
      // Records selected inside one NDJSON line, or inside a JSON file read whole, share an offset: `nth` tells them apart.
      let last = -1;
      let nth = 0;
      let streamed;
      try {
        streamed = streamRecords(
        fileChunks(fs, file, sampleChunkBytes, maxBytes),
        format,
        path,
        (record, offset) => {
          result.records++;
          result.leaves.add(record);
          nth = offset === last ? nth + 1 : 0;
          last = offset;
          onRecord(record, { file, offset, nth, format, records: path });
        },
        { onProgress: options.onProgress ? (bytes) => options.onProgress?.(file, bytes, stat.size) : undefined },
      );
      } catch (error) {
        // Unreadable (permissions, not a regular file), or grown past the cap while it was read: a finding, and the run goes on.
        atMapping(doc, 'sample-records', toPointer([side, 'samples', i, 'file']), error instanceof FileTooLargeError ? `${file} grew past the ${Math.round(maxBytes / 1024 ** 2)} MiB sample limit while it was read: it is not checked` : `${file} cannot be read (${readErrorCode(error) ?? 'read error'}): it is not checked`, ['unreadable', file]);
        return;
      }
      result.readable = true;
      const report = (issue: StreamIssue): void => {
        if (issue.kind === 'records-not-found') {
          atMapping(doc, 'sample-records', toPointer([side, 'samples', i, sample.records === undefined ? 'file' : 'records']), `${issue.message}: correct the records path`, ['records-not-found', file]);
        } else if (issue.kind === 'records-array') {
          atMapping(doc, 'sample-records', toPointer([side, 'samples', i, 'records']), issue.message, ['records-array', file]);
        } else if (issue.kind === 'encoding') {
          emit('sample-syntax', file, undefined, { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } }, issue.message, ['encoding']);
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

  // The credential and personal-data scan of large files runs on a second thread meanwhile.
  // Every sample file of the project, and every file a mapping names as a sample wherever it lives.
  const scanned: { file: string; size: number; format: string }[] = project.samples.filter((sample) => sample.size <= maxBytes && fs.stat(sample.file)?.type === 'file');
  const listed = new Set(scanned.map((s) => s.file));
  for (const doc of project.mappings) {
    const m = checkable(doc);
    for (const sample of m ? [...(m.source.samples ?? []), ...(m.destination.samples ?? [])] : []) {
      const file = sample.file.startsWith('/') ? undefined : joinInside(project.dir, sample.file);
      const stat = file === undefined ? undefined : fs.stat(file);
      if (file === undefined || listed.has(file) || stat?.type !== 'file' || stat.size > maxBytes) continue;
      listed.add(file);
      scanned.push({ file, size: stat.size, format: /\.(?:ndjson|jsonl)$/iu.test(file) ? 'ndjson' : 'json' });
    }
  }
  const background = fs.root === undefined ? undefined : BackgroundScan.start(fs.root, scanned.filter((sample) => sample.size >= backgroundScanMinBytes));

  for (const doc of project.mappings) {
    const mapping = checkable(doc);
    sampleNames = mapping ? [...(mapping.source.samples ?? []), ...(mapping.destination.samples ?? [])].map((x) => x.file).join('\n') : '';
    if (!doc.valid && doc.partial) {
      // A mapping that fails its schema is checked as far as its valid part goes, and says so.
      const withheld = doc.partial.withheld;
      const listed = withheld.slice(0, 10).map((p) => p.slice(1).replaceAll('/', '.')).join(', ') + (withheld.length > 10 ? ', …' : '');
      const message = mapping
        ? `this mapping fails its schema: its samples were checked against the valid part only; not checked: ${listed}`
        : `this mapping fails its schema where its samples are named (${listed}): its samples were not checked`;
      diagnostics.push({ ruleId: 'sample-records', severity: 'info', message, file: doc.file, range: doc.source.locate(''), path: '', fingerprint: fingerprint('sample-records', doc.file, '', ['schema-partial']) });
    }
    if (!mapping) continue;
    const fields = mapping.fields.map((field, i) => ({ field, i })).filter(({ field }) => field.status !== 'deprecated');
    const metadata = sampleMetadata(project, mapping);

    // Source side.
    const stats: { field: Field; stats: PathStats[]; allowed: ReturnType<typeof allowedCodes> }[] = fields.map(({ field, i }) => {
      const texts = [...(field.source?.path === undefined ? [] : [[field.source.path, toPointer(['fields', i, 'source', 'path'])] as const]), ...(field.source?.paths ?? []).map((p, j) => [p, toPointer(['fields', i, 'source', 'paths', j])] as const)];
      const pathStats = texts.flatMap(([text, pointer]) => {
        const parsed = tryParseFieldPath(text);
        return parsed instanceof Error ? [] : [newStats(text, pointer, parsed)];
      });
      return { field, stats: pathStats, allowed: allowedCodes(project, field) };
    });
    const keyPath = mapping.destination.key?.source === undefined ? undefined : tryParseFieldPath(mapping.destination.key.source);
    const key = { missing: 0, duplicates: 0, seen: new Set<number>(), seenIntegers: new IntegerKeys(), capped: false, firstMissing: undefined as Offender | undefined, firstDuplicate: undefined as Offender | undefined };
    // One checker per source path, built once: a record costs no allocation beyond its values.
    const checkers = stats.flatMap(({ field, stats: list, allowed }) =>
      list.map((s) => {
        const type = field.source?.type;
        const format = field.source?.format;
        const codes = type === 'choice' || type === 'multichoice' ? allowed.codes : undefined;
        const required = field.destination.required === true;
        // A source value reaches the destination as it is only without a transform.
        const maxLength = field.transform === undefined ? field.destination.maxLength : undefined;
        const destinationChoices = field.destination.choices ? new Set(field.destination.choices.map(String)) : undefined;
        const knownTexts = type === 'multichoice' && codes ? new Set<string>() : undefined;
        // What the current record showed; an object, so the checks can see the closures' writes.
        // `value` counts the values the path reached in this record; `*At` keep the first offending one.
        const seen = { value: -1, badAt: -1, emptyAt: -1, longAt: -1, defaulted: false, passed: false, array: false, text: false };
        let at: RecordAt = { file: '', offset: 0, nth: 0, format: 'json', records: undefined };
        const here = (): Offender => ({ record: at, ordinal: seen.value });
        const badCode = (code: string): void => {
          if (codes?.has(code)) return;
          if (allowed.unmapped === 'default') {
            s.toDefault.count++;
            s.toDefault.first ??= here();
            seen.defaulted = true;
            return;
          }
          if (allowed.unmapped === 'passthrough') {
            if (destinationChoices && !destinationChoices.has(code)) {
              s.passedOutside.count++;
              s.passedOutside.first ??= here();
              seen.passed = true;
              if (s.passedOutside.distinct.size < sampleLimits.maxDistinctBadValues) s.passedOutside.distinct.add(code);
            }
            return;
          }
          if (seen.badAt < 0) seen.badAt = seen.value;
          s.choiceBadCount++;
          if (s.choiceBad.size < sampleLimits.maxDistinctBadValues) s.choiceBad.add(code);
        };
        const visit = (v: unknown): void => {
          seen.value++;
          if (isEmpty(v)) {
            if (required && seen.emptyAt < 0) seen.emptyAt = seen.value;
            return;
          }
          if (type === undefined) return;
          s.typeChecked++;
          if (maxLength !== undefined && typeof v === 'string' && v.length > maxLength && seen.longAt < 0) seen.longAt = seen.value;
          let fits = matchesType(v, type, format);
          if (type === 'boolean' && typeof v === 'string' && textBoolean.has(v)) {
            // Kobo and CommCare send booleans as text: fine when the mapping says so, a finding with a hint otherwise.
            fits = format === 'text-boolean' || allowed.codes?.has(v) === true;
            if (!fits) s.textBooleans++;
          }
          if (!fits) {
            if (type === 'date' && !format && typeof v === 'string') {
              const m = slashDate.exec(v);
              if (m) {
                s.slashDates.count++;
                if (Number(m[1]) > 12) s.slashDates.dayFirst = true;
                if (Number(m[2]) > 12) s.slashDates.monthFirst = true;
              }
            }
            if (seen.badAt < 0) seen.badAt = seen.value;
            s.typeBad++;
            if (s.badDistinct.size < sampleLimits.maxDistinctBadValues) s.badDistinct.add(scalarText(v));
            return;
          }
          if (type === 'multichoice') {
            const array = Array.isArray(v);
            if (array) {
              s.multichoice.arrays++;
              seen.array = true;
            } else {
              s.multichoice.strings++;
              seen.text = true;
            }
            if (s.multichoice.arrays && s.multichoice.strings && !s.multichoice.first) {
              s.multichoice.first = here();
              s.multichoice.second = array ? 'array' : 'string';
            }
          }
          if (!codes && allowed.unmapped === 'error') return;
          if (type === 'choice') badCode(String(v));
          else if (type === 'multichoice') {
            // Most records repeat a few multichoice texts: one whose codes are all known is remembered, not split again.
            if (typeof v === 'string' && knownTexts?.has(v)) return;
            let known = codes !== undefined;
            for (const code of choiceCodes(v, 'multichoice')) {
              if (!codes?.has(code)) known = false;
              badCode(code);
            }
            if (known && typeof v === 'string' && knownTexts && knownTexts.size < 4096) knownTexts.add(v);
          }
        };
        const reach = valuesAt(s.parsed);
        return (record: unknown, where: RecordAt): void => {
          at = where;
          if (reach(record, visit)) s.found++;
          else s.firstMissing ??= where;
          if (seen.badAt >= 0) {
            s.badRecords++;
            s.firstBad ??= { record: where, ordinal: seen.badAt };
          }
          if (seen.emptyAt >= 0) {
            s.emptyRequired.records++;
            s.emptyRequired.first ??= { record: where, ordinal: seen.emptyAt };
          }
          if (seen.longAt >= 0) {
            s.tooLong.records++;
            s.tooLong.first ??= { record: where, ordinal: seen.longAt };
          }
          if (seen.defaulted) s.toDefault.records++;
          if (seen.passed) s.passedOutside.records++;
          if (seen.array) s.multichoice.arrayRecords++;
          if (seen.text) s.multichoice.stringRecords++;
          // Reset after reading, for the next record (the flags start out reset).
          seen.value = seen.badAt = seen.emptyAt = seen.longAt = -1;
          seen.defaulted = seen.passed = seen.array = seen.text = false;
        };
      }),
    );
    // The key's first non-empty value, and which of the values the key path reached it was.
    const first: { value: unknown; ordinal: number; count: number } = { value: undefined, ordinal: 0, count: 0 };
    const visitKey = (v: unknown): void => {
      if (first.value === undefined && !isEmpty(v)) {
        first.value = v;
        first.ordinal = first.count;
      }
      first.count++;
    };
    // A key is unique within one sample file: the same record in a webhook state and an export is no duplicate.
    const newFile = (): void => {
      key.seen.clear();
      key.seenIntegers.clear();
    };
    const reachKey = keyPath && !(keyPath instanceof Error) ? valuesAt(keyPath) : () => 0;
    const source = readSide(doc, 'source', mapping, (record, where) => {
      for (const check of checkers) check(record, where);
      if (keyPath && !(keyPath instanceof Error)) {
        first.value = undefined;
        first.count = 0;
        reachKey(record, visitKey);
        const keyValue = first.value;
        if (keyValue === undefined) {
          key.missing++;
          // An empty key is pointed at; an absent one at its record.
          key.firstMissing ??= { record: where, ordinal: first.count ? 0 : undefined };
        }
        else if (key.seen.size + key.seenIntegers.size < sampleLimits.maxKeysForUniqueness) {
          // An integer (or its canonical text, as Kobo and CommCare send ids) is kept as is; any other key as a hash.
          const text = typeof keyValue === 'string' ? keyValue : undefined;
          const int = typeof keyValue === 'number' ? keyValue : text !== undefined && canonicalInteger.test(text) ? Number(text) : undefined;
          let added: boolean;
          if (int !== undefined && Number.isSafeInteger(int)) added = key.seenIntegers.add(int);
          else {
            const h = hash53(text ?? scalarText(keyValue));
            added = !key.seen.has(h);
            if (added) key.seen.add(h);
          }
          if (!added) {
            key.duplicates++;
            key.firstDuplicate ??= { record: where, ordinal: first.ordinal };
          }
        } else key.capped = true;
      }
    }, newFile);

    if (source.readable) {
      const n = source.records;
      for (const { field, stats: list, allowed } of stats) {
        // Skip logic (`optional: true`): absence is expected and partial presence is info.
        // Fallback paths (`pick: first`): one present path is enough, each alone may be partial.
        const optional = field.source?.optional === true;
        const pickFirst = field.source?.pick === 'first';
        const anyFound = list.some((s) => s.found > 0);
        for (const s of list) {
          // A question the form asks only under a condition (Kobo `relevant`) may be absent.
          const conditional = metadata.conditional(s.text);
          if (s.found === 0) {
            if (optional || conditional || (pickFirst && anyFound)) continue;
            atMapping(doc, 'sample-path-missing', s.pointer, `${s.text} is in none of the ${n} source sample records: correct the path or commit a sample that has it`, ['missing', s.text]);
            continue;
          }
          const absent = n - s.found;
          // A question the form asks only under a condition (Kobo `relevant`) may be absent: the form says so.
          if (s.found < n && !pickFirst && !conditional) {
            const isOptional = optional;
            const rel = related(s.firstMissing, undefined, `the first record without ${s.text}; ${absent} of ${n} records lack it`);
            if (isOptional) atMapping(doc, 'sample-path-partial', s.pointer, `${s.text} is in ${s.found} of ${n} source sample records, as an optional field may be`, ['partial', s.text], 'info', rel);
            else atMapping(doc, 'sample-path-partial', s.pointer, `${s.text} is in ${s.found} of ${n} source sample records: is it optional (\`optional: true\`), or named differently in some form versions (\`paths: [...]\` with \`pick: first\`)?`, ['partial', s.text], undefined, rel);
          }
          const bad = related(s.firstBad, s.parsed, `the first offending value at ${s.text}; ${s.badRecords} of ${n} records affected`);
          if (s.typeBad) {
            const declared = field.source?.type ?? '';
            const format = field.source?.format ? ` in the format ${field.source.format}` : '';
            let hint = '';
            if (s.textBooleans) hint = `; ${s.textBooleans} of them are text booleans ("true", "yes", ...): declare \`format: text-boolean\` on the source, or map them with a value map`;
            else if (s.slashDates.count) {
              const order = s.slashDates.dayFirst && !s.slashDates.monthFirst ? 'dd/MM/yyyy' : s.slashDates.monthFirst && !s.slashDates.dayFirst ? 'MM/dd/yyyy' : 'dd/MM/yyyy or MM/dd/yyyy';
              hint = `; ${s.slashDates.count} of them are written ${order}: declare \`format: ${order.split(' ')[0] ?? ''}\` on the source and read them with \`transform: { format: { from: ${order.split(' ')[0] ?? ''}, to: iso-date } }\``;
            }
            atMapping(doc, 'sample-type', s.pointer, `${s.typeBad} of ${s.typeChecked} values at ${s.text} are not ${declared}${format}${hint}${examples(s.badDistinct, show)}`, ['type', s.text], undefined, bad);
          }
          if (s.choiceBad.size) {
            atMapping(doc, 'sample-choice', s.pointer, `${s.choiceBad.size} distinct value${s.choiceBad.size === 1 ? '' : 's'} at ${s.text} (${s.choiceBadCount} occurrence${s.choiceBadCount === 1 ? '' : 's'}) ${s.choiceBad.size === 1 ? 'is' : 'are'} not in ${allowed.where}${examples(s.choiceBad, show)}`, ['choice', s.text], undefined, bad);
          }
          if (s.toDefault.count) {
            atMapping(doc, 'sample-choice', s.pointer, `${s.toDefault.count} value${s.toDefault.count === 1 ? '' : 's'} at ${s.text} ${s.toDefault.count === 1 ? 'is' : 'are'} not in ${allowed.where} and fall${s.toDefault.count === 1 ? 's' : ''} to its default`, ['default', s.text], 'info', related(s.toDefault.first, s.parsed, `the first value that falls to the default; ${s.toDefault.records} of ${n} records affected`));
          }
          if (s.passedOutside.count) {
            atMapping(doc, 'sample-choice', s.pointer, `${s.passedOutside.distinct.size} distinct value${s.passedOutside.distinct.size === 1 ? '' : 's'} at ${s.text} (${s.passedOutside.count} occurrence${s.passedOutside.count === 1 ? '' : 's'}) pass${s.passedOutside.distinct.size === 1 ? 'es' : ''} through ${allowed.where} unchanged and ${s.passedOutside.distinct.size === 1 ? 'is' : 'are'} not in the destination's choices${examples(s.passedOutside.distinct, show)}`, ['passthrough', s.text], undefined, related(s.passedOutside.first, s.parsed, `the first such value; ${s.passedOutside.records} of ${n} records affected`));
          }
          if (s.emptyRequired.records) {
            atMapping(doc, 'sample-value', s.pointer, `${s.text} is empty or null in ${s.emptyRequired.records} of ${n} source sample records, and feeds ${field.destination.path}, which is required`, ['empty-required', s.text], undefined, related(s.emptyRequired.first, s.parsed, `the first empty value; ${s.emptyRequired.records} of ${n} records affected`));
          }
          if (s.tooLong.records) {
            atMapping(doc, 'sample-value', s.pointer, `${s.text} is longer than the ${field.destination.maxLength ?? 0} characters ${field.destination.path} takes (maxLength) in ${s.tooLong.records} of ${n} source sample records`, ['too-long', s.text], undefined, related(s.tooLong.first, s.parsed, `the first value that is too long; ${s.tooLong.records} of ${n} records affected`));
          }
          if (s.multichoice.arrays && s.multichoice.strings) {
            atMapping(doc, 'sample-value', s.pointer, `the multichoice ${s.text} is sent as an array ${s.multichoice.arrays} time${s.multichoice.arrays === 1 ? '' : 's'} and as a space-separated string ${s.multichoice.strings} time${s.multichoice.strings === 1 ? '' : 's'}: the job must read both shapes`, ['multichoice-shape', s.text], 'warning', related(s.multichoice.first, s.parsed, `the first value sent as ${s.multichoice.second === 'array' ? 'an array' : 'a string'}; ${s.multichoice.second === 'array' ? s.multichoice.arrayRecords : s.multichoice.stringRecords} of ${n} records send it so`));
          }
        }
      }
      if (keyPath && !(keyPath instanceof Error) && n > 0) {
        const text = mapping.destination.key?.source ?? '';
        if (key.missing) atMapping(doc, 'sample-key', '/destination/key/source', `the key ${text} is missing or empty in ${key.missing} of ${n} source sample records`, ['key-missing', text], undefined, related(key.firstMissing, keyPath, `the first record without the key; ${key.missing} of ${n} records affected`));
        if (key.duplicates) atMapping(doc, 'sample-key', '/destination/key/source', `${key.duplicates} source sample record${key.duplicates === 1 ? '' : 's'} repeat a key ${text} value of an earlier record in the same file: the key must be unique`, ['key-duplicate', text], undefined, related(key.firstDuplicate, keyPath, `the first key value that repeats an earlier one; ${key.duplicates} of ${n} records affected`));
        if (key.capped) atMapping(doc, 'sample-key', '/destination/key/source', `uniqueness of ${text} was checked over the first ${sampleLimits.maxKeysForUniqueness} records only`, ['key-capped', text]);
      }
      const mappedPaths = stats.flatMap((x) => x.stats.map((s) => widen(s.parsed)));
      const leaves = source.leaves.paths();
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
        return parsed instanceof Error ? [] : [{ field, i, parsed, found: 0, typeBad: 0, typeChecked: 0, meta: metadata.destination(field.destination.path), metaBad: 0 }];
      });
      let firstDestination: RecordAt | undefined;
      const side = readSide(doc, 'destination', mapping, (record, where) => {
        firstDestination ??= where;
        for (const d of dest) {
          const reached = forEachValue(record, d.parsed, (v) => {
            if (!isEmpty(v) && d.meta && !valueFits(v, d.meta)) d.metaBad++;
            if (isEmpty(v) || d.field.destination.type === undefined) return;
            d.typeChecked++;
            if (!matchesType(v, d.field.destination.type, d.field.destination.format)) d.typeBad++;
          });
          if (reached) d.found++;
        }
      });
      if (side.readable && side.records > 0) {
        for (const d of dest) {
          const pointer = toPointer(['fields', d.i, 'destination', 'path']);
          // A field the metadata has may be missing from an export that selected few fields (SOQL); one
          // it lacks is metadata-unknown-field's finding, not a second one here.
          if (d.found === 0) {
            if (!metadata.destinationJudged) atMapping(doc, 'sample-destination-path', pointer, `${d.field.destination.path} is in none of the ${side.records} destination sample records: check the field's API name`, ['missing', d.field.destination.path]);
          } else if (d.metaBad && d.meta) atMapping(doc, 'sample-destination-path', pointer, `${d.metaBad} destination sample value${d.metaBad === 1 ? '' : 's'} at ${d.field.destination.path} ${d.metaBad === 1 ? 'is' : 'are'} not what ${mapping.destination.system} stores in this ${d.meta.type} field (type, length or choices in its metadata)`, ['metadata', d.field.destination.path]);
          else if (d.typeBad) atMapping(doc, 'sample-destination-path', pointer, `${d.typeBad} of ${d.typeChecked} destination sample values at ${d.field.destination.path} are not ${d.field.destination.type ?? ''}`, ['type', d.field.destination.path]);
        }
        const produced = dest.map((d) => widen(d.parsed));
        const unmapped = side.leaves.paths().filter((l) => !covers(produced, l) && !produced.some((p) => p.startsWith(`${l}.`) || p.startsWith(`${l}[`)));
        if (unmapped.length) {
          // Sample keys are data too (a phone number as a key): named only with --show-values.
          const listed = show ? `: ${unmapped.slice(0, 20).join(', ')}${unmapped.length > 20 ? ', …' : ''}` : ': see the destination samples (--show-values lists them locally)';
          atMapping(doc, 'sample-destination-unmapped', '/destination/samples', `the destination samples hold ${unmapped.length} key${unmapped.length === 1 ? '' : 's'} this mapping never writes${listed}`, ['unmapped'], undefined, related(firstDestination, undefined, `the first destination sample record; ${unmapped.length} unwritten key${unmapped.length === 1 ? '' : 's'}`));
        }
      }
    }
  }

  // The spec against its own destination sample: a module of its own (prediction.ts).
  for (const doc of project.mappings) {
    if (!doc.valid || !doc.data) continue;
    const severity = config.severityFor('sample-prediction', doc.file);
    if (severity === 'off') continue;
    for (const p of predictionFindings(project, doc.data)) {
      diagnostics.push({ ruleId: 'sample-prediction', severity, message: p.message, file: doc.file, range: doc.source.locate(p.pointer), path: p.pointer, fingerprint: fingerprint('sample-prediction', doc.file, p.pointer, p.args), related: p.related });
    }
  }

  // Synthetic samples (the manifest's samples.synthetic, or the base commit's in the Action) are
  // scanned for credentials and real-looking names next to phone numbers only.
  const manifestSamples = (project.manifest.valid ? project.manifest.data : (project.manifest.partial?.data as Manifest | undefined))?.samples;
  const syntheticGlobs = options.synthetic ?? manifestSamples?.synthetic ?? [];
  const isSynthetic = syntheticGlobs.length ? picomatch([...syntheticGlobs], { dot: true }) : () => false;
  const inner = (file: string): string => (project.dir ? file.slice(project.dir.length + 1) : file);
  for (const sample of scanned) {
    let scan;
    try {
      scan = background?.take(sample.file) ?? scanChunks(fileChunks(fs, sample.file, sampleChunkBytes, maxBytes));
    } catch (error) {
      emit('sample-records', sample.file, undefined, { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } }, `the file cannot be read (${error instanceof FileTooLargeError ? 'it grew past the sample limit while it was read' : readErrorCode(error) ?? 'read error'}): it is not scanned for credentials or personal data`, ['unreadable']);
      continue;
    }
    emitScan(sample.file, scan, emit, isSynthetic(inner(sample.file)), sample.format === 'other');
  }
  background?.close();
  // The inline records of mapping tests are sample data too (hardening X2): found at their key or value in the mapping file.
  sampleNames = '';
  for (const doc of project.mappings) {
    const mapping = checkable(doc);
    if (mapping) emitInlineScan(doc, scanInlineRecords(doc, mapping), emit, isSynthetic(inner(doc.file)));
  }
  // Directives on mapping lines silence the value checks reported there (never the data guards).
  const suppressed = applySuppressions(project.mappings, diagnostics, { ran: new Set(Object.keys(sampleChecks)), reportDirectives: false });
  return { diagnostics: suppressed, coverage };
}

/** What of a mapping the sample checks may read: all of a valid one, the valid part of one that fails its schema. */
function checkable(doc: DesignDocument<Mapping>): Mapping | undefined {
  if (doc.valid) return doc.data;
  const part = doc.partial?.data as Partial<Mapping> | undefined;
  return part?.source && part.destination && part.fields ? (part as Mapping) : undefined;
}

/** The findings of one file's scan: each credential at its key (up to a cap), and a count per kind of personal data. */
function emitScan(file: string, scan: FileScan, emit: Emit, synthetic: boolean, credentialsOnly: boolean): void {
  const { credentials } = scan;
  credentials.slice(0, sampleLimits.maxCredentialFindingsPerFile).forEach((c) => {
    emit('sample-credentials', file, undefined, c.range, `credentials committed in sample data: ${c.kind}. Remove it from the sample, and rotate it: it stays in the git history`, [c.kind, c.offset]);
  });
  if (credentials.length > sampleLimits.maxCredentialFindingsPerFile) {
    const first = credentials[0]?.range ?? { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
    emit('sample-credentials', file, undefined, first, `and ${credentials.length - sampleLimits.maxCredentialFindingsPerFile} more credentials in this file, not listed`, ['more']);
  }
  // A date alone is not personal data: dates of birth count only beside another kind. In a
  // synthetic file only real-looking names next to phone numbers count.
  const kinds = scan.personal.filter((p) => p.kind !== 'date of birth');
  const personal = credentialsOnly ? [] : synthetic ? scan.personal.filter((p) => p.kind === 'name next to a phone number') : kinds.length ? scan.personal : [];
  for (const p of personal) {
    emit('sample-personal-data', file, undefined, p.first, `${personalCount(p.kind, p.count)} in this file, the first on line ${p.first.start.line}: replace real personal data with synthetic values`, [p.kind]);
  }
}

/**
 * The findings of the scan of a mapping's inline test records, judged per record as {@link emitScan}
 * judges a sample file. The pointer is the record's, never a key inside it (keys are data too, O21).
 */
function emitInlineScan(doc: DesignDocument<Mapping>, findings: readonly InlineScanFinding[], emit: Emit, synthetic: boolean): void {
  const ordinals = new Map<string, number>();
  const ordinal = (f: InlineScanFinding): string => {
    const key = `${f.record}\u0000${f.rule}\u0000${f.kind}`;
    const n = ordinals.get(key) ?? 0;
    ordinals.set(key, n + 1);
    return `${f.kind} ${n}`;
  };
  for (const c of findings.filter((f) => f.rule === 'credentials')) {
    emit('sample-credentials', doc.file, c.record, c.range, `credentials committed in a test's inline record: ${c.kind}. Remove it from the mapping, and rotate it: it stays in the git history`, [ordinal(c)]);
  }
  // A date alone is not personal data; in a synthetic file only names next to phone numbers count.
  const records = new Map<string, InlineScanFinding[]>();
  for (const p of findings.filter((f) => f.rule === 'personal')) records.set(p.record, [...(records.get(p.record) ?? []), p]);
  for (const list of records.values()) {
    const kinds = list.filter((p) => p.kind !== 'date of birth');
    const personal = synthetic ? list.filter((p) => p.kind === 'name next to a phone number') : kinds.length ? list : [];
    for (const p of personal) {
      // The expected values are scanned too: a real name there is as much personal data.
      const where = p.record.endsWith('/expect') ? "this test's expected values" : "this test's inline record";
      emit('sample-personal-data', doc.file, p.record, p.range, `${personalCount(p.kind, p.count)} in ${where}: replace real personal data with synthetic values`, [ordinal(p)]);
    }
  }
}

/** The choice codes a field accepts from the source, what becomes of the others, and how to name them in a message. */
function allowedCodes(project: Project, field: Field): { codes: Set<string> | undefined; unmapped: 'error' | 'default' | 'passthrough'; where: string } {
  const transform = field.transform;
  const vm = transform?.valueMap;
  if (vm !== undefined) {
    if (typeof vm === 'string') {
      const decl = project.index.valueMaps.get(vm);
      if (!decl) return { codes: undefined, unmapped: 'error', where: '' };
      return { codes: new Set(decl.value.entries.map((e: { from: Scalar }) => String(e.from))), unmapped: decl.value.unmapped ?? 'error', where: `value map ${vm}` };
    }
    return { codes: new Set(Object.keys(vm)), unmapped: transform?.unmapped ?? 'error', where: 'the inline value map' };
  }
  const choices = field.source?.choices;
  return choices ? { codes: new Set(choices.map(String)), unmapped: 'error', where: 'the declared choices' } : { codes: undefined, unmapped: 'error', where: '' };
}
