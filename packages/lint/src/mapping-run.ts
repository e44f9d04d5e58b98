import type { Project } from '@interop-design/core';
import { readSampleRecords, selectValues, toPointer, tryParseFieldPath } from '@interop-design/core';
import type { Mapping, Test, ValueMapFile } from '@interop-design/schema';
import { compileMapping } from '@interop-design/transform';
import type { CompiledMapping, RecordResult, TransformErrorCode } from '@interop-design/transform';

const compiledCache = new WeakMap<Mapping, CompiledMapping>();

/** The project's value maps by id (schema-valid ones). */
export function projectValueMaps(project: Project): Map<string, ValueMapFile> {
  const out = new Map<string, ValueMapFile>();
  for (const [id, decl] of project.index.valueMaps) if (decl.doc.valid) out.set(id, decl.value);
  return out;
}

/**
 * A mapping compiled against its project: value maps by id, and the records of every lookup
 * fixture it names (read through the project's file store). Cached per mapping object.
 */
export function compileInProject(project: Project, mapping: Mapping): CompiledMapping {
  const cached = compiledCache.get(mapping);
  if (cached) return cached;
  const compiled = compileUncached(project, mapping);
  compiledCache.set(mapping, compiled);
  return compiled;
}

/**
 * The same, not cached: lint compiles every mapping once and keeps only what it found (a compiled
 * mapping of 100 fields holds about 150 KB; kept for 1,000 mappings that is most of lint's memory).
 */
export function compileUncached(project: Project, mapping: Mapping): CompiledMapping {
  const fixtures = new Map<string, unknown[]>();
  for (const field of mapping.fields) {
    const file = field.transform?.lookup?.fixture;
    if (file === undefined || fixtures.has(file)) continue;
    const read = readSampleRecords(project.fs, project.dir, file);
    if (read.ok) fixtures.set(file, read.records.flatMap((r) => (Array.isArray(r) ? (r as unknown[]) : [r])));
  }
  return compileMapping(mapping, { valueMaps: projectValueMaps(project), fixtures });
}

export type GivenRecord = { ok: true; record: unknown } | { ok: false; reason: string };

/** The source record a test's `given` names: inline, or record N of a file (selected with the mapping's `records` for that file). */
export function givenRecord(project: Project, mapping: Mapping, test: Test): GivenRecord {
  const given = test.given;
  if (!('file' in given)) return { ok: true, record: given.record };
  const n = given.record ?? 0;
  const sample = (mapping.source.samples ?? []).find((s) => s.file === given.file);
  const read = readSampleRecords(project.fs, project.dir, given.file, sample?.records);
  if (!read.ok) return { ok: false, reason: `${given.file} cannot be read (${read.reason})` };
  if (n >= read.records.length) return { ok: false, reason: `${given.file} has ${read.records.length} record(s): there is no record ${n}` };
  return { ok: true, record: read.records[n] };
}

/** One destination path of a test whose value differs from `expect`. Values are for local output only. */
export interface TestDifference {
  path: string;
  /** Why: a different value, nothing produced, or the field's error code. */
  reason: 'different' | 'missing' | TransformErrorCode;
  expected: unknown;
  actual: unknown;
}

export interface TestOutcome {
  index: number;
  name: string;
  /** JSON Pointer of the test in the mapping. */
  pointer: string;
  passed: boolean;
  /** Set when the given record cannot be read. */
  error?: string;
  differences: TestDifference[];
  /** Expected paths produced by JSONata, not judged by the synchronous run (lint). */
  skipped: string[];
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The value at a destination path of a built record: one value, a list when the path reaches several, undefined when none. */
export function valueAt(record: unknown, path: string): unknown {
  const parsed = tryParseFieldPath(path);
  if (parsed instanceof Error) return undefined;
  const values = selectValues(record, parsed);
  if (values.length === 0) return undefined;
  return values.length === 1 && !parsed.segments.some((s) => s.kind === 'each') ? values[0] : values;
}

/** Compares a built record with a test's `expect`. */
export function judge(result: RecordResult, test: Test, index: number, skipJsonata: boolean): TestOutcome {
  const differences: TestDifference[] = [];
  const skipped: string[] = [];
  for (const [path, expected] of Object.entries(test.expect)) {
    const fields = result.fields.filter((f) => f.destination === path);
    if (skipJsonata && fields.some((f) => f.status === 'pending')) {
      skipped.push(path);
      continue;
    }
    const failed = fields.find((f) => f.status === 'error');
    const actual = valueAt(result.record, path);
    if (deepEqual(actual, expected)) continue;
    const code = failed?.errors[0]?.code;
    differences.push({ path, reason: code ?? (actual === undefined ? 'missing' : 'different'), expected, actual });
  }
  return { index, name: test.name, pointer: toPointer(['tests', index]), passed: differences.length === 0, differences, skipped };
}

/** Runs a mapping's tests without JSONata (lint is synchronous): paths a `jsonata` field writes are skipped and listed. */
export function runTestsSync(project: Project, mapping: Mapping, compiled: CompiledMapping = compileInProject(project, mapping)): TestOutcome[] {
  return (mapping.tests ?? []).map((test, i) => {
    const given = givenRecord(project, mapping, test);
    if (!given.ok) return { index: i, name: test.name, pointer: toPointer(['tests', i]), passed: false, error: given.reason, differences: [], skipped: [] };
    return judge(compiled.run(given.record), test, i, true);
  });
}

/** Runs a mapping's tests with every transform, JSONata included (`interop-design test`). */
export async function runTests(project: Project, mapping: Mapping): Promise<TestOutcome[]> {
  const compiled = compileInProject(project, mapping);
  const out: TestOutcome[] = [];
  for (const [i, test] of (mapping.tests ?? []).entries()) {
    const given = givenRecord(project, mapping, test);
    if (!given.ok) {
      out.push({ index: i, name: test.name, pointer: toPointer(['tests', i]), passed: false, error: given.reason, differences: [], skipped: [] });
      continue;
    }
    out.push(judge(await compiled.runAsync(given.record), test, i, false));
  }
  return out;
}
