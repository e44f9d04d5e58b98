import type { ParsedPath } from '@interop-design/core';
import { selectValues, toPointer, tryParseFieldPath } from '@interop-design/core';
import type { Field, FieldType, Mapping, Scalar, ValueMapFile } from '@interop-design/schema';
import { compileFormat } from './format.js';
import type { FormatStep, StepResult } from './format.js';
import { compileJsonata, defaultJsonataBudget } from './jsonata.js';
import type { CompiledJsonata, JsonataBudget } from './jsonata.js';
import type { FieldResult, FieldStatus, RecordResult, TransformError, TransformErrorCode, TransformKind, UnresolvedLookup } from './types.js';
import { writePath } from './write.js';

export interface CompileOptions {
  /** Value maps of the project by id (`transform: { valueMap: <id> }`). */
  valueMaps?: ReadonlyMap<string, ValueMapFile>;
  /**
   * Records of lookup fixtures, keyed by the `fixture` path as the mapping writes it. A lookup
   * whose fixture is not given writes an {@link UnresolvedLookup} marker.
   */
  fixtures?: ReadonlyMap<string, readonly unknown[]>;
  jsonataBudget?: JsonataBudget;
}

type Outcome = { status: 'ok'; value: unknown } | { status: Exclude<FieldStatus, 'ok'>; value?: unknown; error?: TransformError };

/** Shared by every field result without errors: never written to. */
const noErrors = Object.freeze([]) as unknown as TransformError[];

interface CompiledField {
  index: number;
  destination: string;
  kind: TransformKind;
  /** Where the value is written; undefined when the destination path does not parse. */
  path: ParsedPath | undefined;
  destinationPointer: string;
  /** Synchronous outcome; undefined for jsonata fields (evaluated by the asynchronous run). */
  run: ((record: unknown) => Outcome) | undefined;
  jsonata: CompiledJsonata | undefined;
  jsonataPointer: string;
  /** Undefined when the destination type takes values as they are. */
  coerce: ((value: unknown) => StepResult) | undefined;
}

/** A mapping made executable: the problems of the mapping itself, and runs over source records. */
export interface CompiledMapping {
  /** Problems of the mapping (a path that does not parse, an unknown value map, a refused JSONata expression). */
  problems: TransformError[];
  /** Whether some field needs the asynchronous run (a `jsonata` transform). */
  hasJsonata: boolean;
  /** Builds the destination record; `jsonata` fields are left `pending`. */
  run(record: unknown): RecordResult;
  /** Builds the destination record, `jsonata` fields included (each under its budget). */
  runAsync(record: unknown): Promise<RecordResult>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function err(code: TransformErrorCode, message: string, pointer: string): TransformError {
  return { code, message, pointer };
}

/** A reader of one source path: the value, a list for paths that iterate, undefined when absent. */
function reader(path: ParsedPath): (record: unknown) => unknown {
  const segs = path.segments;
  const iterates = segs.some((s) => s.kind === 'each' || s.kind === 'filter');
  const keys = segs.flatMap((s) => (s.kind === 'key' ? [s.key] : []));
  if (!iterates && keys.length === segs.length) {
    return (record) => {
      let v: unknown = record;
      for (const k of keys) {
        if (!isObject(v) || !Object.prototype.hasOwnProperty.call(v, k)) return undefined;
        v = v[k];
      }
      return v;
    };
  }
  // A pick (`[attribute=X].value`) names one item: its value, not a list of one.
  const picksOne = !segs.some((s) => s.kind === 'each');
  return (record) => {
    const values = selectValues(record, path);
    if (values.length === 0) return undefined;
    return picksOne && values.length === 1 ? values[0] : values;
  };
}

const integerText = /^[-+]?\d+$/u;
const numberText = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/u;

/** Coercion of text to the destination type, as the mapping spec allows it. */
function coercer(field: Field): ((value: unknown) => StepResult) | undefined {
  const type: FieldType | undefined = field.destination.type;
  const textBoolean = field.source?.format === 'text-boolean';
  const one = (v: unknown): StepResult => {
    if (typeof v !== 'string') return { ok: true, value: v };
    if (type === 'integer' || type === 'number') {
      const t = v.trim();
      if (!(type === 'integer' ? integerText : numberText).test(t)) return { ok: false, code: 'not-a-number', message: `the value is text that is not ${type === 'integer' ? 'an integer' : 'a number'}` };
      const n = Number(t);
      // A 20-digit id stays as written rather than being rounded (hardening P12).
      return { ok: true, value: Number.isSafeInteger(n) || !integerText.test(t) ? n : v };
    }
    if (type === 'boolean' && textBoolean) {
      const t = v.trim().toLowerCase();
      if (t === 'true' || t === 'yes') return { ok: true, value: true };
      if (t === 'false' || t === 'no') return { ok: true, value: false };
      return { ok: false, code: 'not-a-boolean', message: 'the value is not one of true, false, yes, no' };
    }
    return { ok: true, value: v };
  };
  if (type !== 'integer' && type !== 'number' && (type !== 'boolean' || !textBoolean)) return undefined;
  return (v) => {
    if (!Array.isArray(v)) return one(v);
    const out: unknown[] = [];
    for (const item of v) {
      const r = one(item);
      if (!r.ok) return r;
      out.push(r.value);
    }
    return { ok: true, value: out };
  };
}

interface MapSpec {
  entries: Map<string, Scalar>;
  unmapped: 'error' | 'default' | 'passthrough';
  fallback: Scalar | undefined;
  name: string;
}

function scalarKey(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

function applyMap(spec: MapSpec, value: unknown): StepResult {
  const one = (v: unknown): StepResult => {
    if (v === null) return { ok: true, value: v };
    const key = scalarKey(v);
    const hit = key === undefined ? undefined : spec.entries.get(key);
    if (hit !== undefined) return { ok: true, value: hit };
    if (spec.unmapped === 'passthrough') return { ok: true, value: v };
    if (spec.unmapped === 'default' && spec.fallback !== undefined) return { ok: true, value: spec.fallback };
    return { ok: false, code: 'unmapped-value', message: `the value is not in ${spec.name}${spec.unmapped === 'default' ? ' and it has no default' : ' (unmapped: error)'}` };
  };
  if (!Array.isArray(value)) return one(value);
  const out: unknown[] = [];
  for (const item of value) {
    const r = one(item);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return { ok: true, value: out };
}

/** Compiles a mapping once; `run` then builds records without re-reading the spec. */
export function compileMapping(mapping: Mapping, options: CompileOptions = {}): CompiledMapping {
  const problems: TransformError[] = [];
  const budget = options.jsonataBudget ?? defaultJsonataBudget;
  const fields: CompiledField[] = [];
  const written = new Set<string>();

  const parsePath = (text: string, pointer: string): ParsedPath | undefined => {
    const parsed = tryParseFieldPath(text);
    if (parsed instanceof Error) {
      problems.push(err('path-invalid', `invalid field path: ${parsed.message}`, pointer));
      return undefined;
    }
    return parsed;
  };

  mapping.fields.forEach((field, i) => {
    if (field.status === 'deprecated') return;
    const base = toPointer(['fields', i]);
    const destinationPointer = `${base}/destination/path`;
    const path = parsePath(field.destination.path, destinationPointer);
    written.add(field.destination.path);
    const t = field.transform ?? {};
    const configError = (e: TransformError): Outcome => ({ status: 'error', error: e });

    // The source value.
    let read: (record: unknown) => unknown = () => undefined;
    const src = field.source;
    if (src?.path !== undefined) {
      const p = parsePath(src.path, `${base}/source/path`);
      if (p) read = reader(p);
    } else if (src?.paths !== undefined) {
      const readers = src.paths.map((text, j) => parsePath(text, toPointer(['fields', i, 'source', 'paths', j]))).map((p) => (p ? reader(p) : () => undefined));
      if (src.pick === 'first') {
        read = (record) => {
          for (const r of readers) {
            const v = r(record);
            if (v !== undefined) return v;
          }
          return undefined;
        };
      } else {
        read = (record) => {
          const values = readers.map((r) => r(record)).filter((v) => v !== undefined);
          return values.length ? values : undefined;
        };
      }
    }

    let kind: TransformKind;
    let run: ((record: unknown) => Outcome) | undefined;
    let compiledJsonata: CompiledJsonata | undefined;
    const jsonataPointer = `${base}/transform/jsonata`;

    if (Object.prototype.hasOwnProperty.call(t, 'constant')) {
      kind = 'constant';
      const value = t.constant;
      run = () => ({ status: 'ok', value });
    } else if (t.jsonata !== undefined) {
      kind = 'jsonata';
      const compiled = compileJsonata(t.jsonata, budget);
      if ('evaluate' in compiled) compiledJsonata = compiled;
      else {
        const e = err(compiled.code, compiled.message, jsonataPointer);
        problems.push(e);
        run = () => configError(e);
      }
    } else if (t.lookup !== undefined) {
      kind = 'lookup';
      const lk = t.lookup;
      const returns = lk.returns ?? 'Id';
      const marker: UnresolvedLookup = { $unresolved: `lookup ${lk.system} ${lk.resource}.${returns} by ${lk.by}` };
      const records = lk.fixture === undefined ? undefined : options.fixtures?.get(lk.fixture);
      const byPath = parsePath(lk.by, `${base}/transform/lookup/by`);
      const returnsPath = parsePath(returns, `${base}/transform/lookup/${lk.returns === undefined ? 'by' : 'returns'}`);
      if (records === undefined || !byPath || !returnsPath) {
        run = (record) => (read(record) === undefined ? { status: 'absent' } : { status: 'unresolved', value: marker });
      } else {
        const index = new Map<string, unknown>();
        const byRead = reader(byPath);
        const returnsRead = reader(returnsPath);
        for (const r of records) {
          // `by` may reach several values (`documents[].number`): the record is found by any of them.
          const by = byRead(r);
          for (const k of (Array.isArray(by) ? by : [by]).map(scalarKey)) if (k !== undefined && !index.has(k)) index.set(k, returnsRead(r));
        }
        const pointer = `${base}/transform/lookup`;
        run = (record) => {
          const v = read(record);
          if (v === undefined) return { status: 'absent' };
          const k = scalarKey(v);
          const found = k === undefined ? undefined : index.get(k);
          if (found === undefined) return { status: 'error', error: err('lookup-not-found', `no ${lk.resource} record of the fixture has this ${lk.by}`, pointer) };
          return { status: 'ok', value: found };
        };
      }
    } else if (t.valueMap !== undefined || t.format !== undefined) {
      kind = t.valueMap !== undefined ? 'valueMap' : 'format';
      let map: MapSpec | undefined;
      let mapProblem: TransformError | undefined;
      const vmPointer = `${base}/transform/valueMap`;
      if (typeof t.valueMap === 'string') {
        const vm = options.valueMaps?.get(t.valueMap);
        if (!vm) {
          mapProblem = err('value-map-missing', `no value map with id "${t.valueMap}" was given`, vmPointer);
          problems.push(mapProblem);
        } else {
          map = {
            entries: new Map(vm.entries.map((e) => [String(e.from), e.to])),
            unmapped: vm.unmapped ?? 'error',
            fallback: vm.default,
            name: `value map "${vm.id}"`,
          };
        }
      } else if (isObject(t.valueMap)) {
        map = { entries: new Map(Object.entries(t.valueMap)), unmapped: t.unmapped ?? 'error', fallback: t.default, name: 'the inline value map' };
      }
      let step: FormatStep | undefined;
      const fmtPointer = `${base}/transform/format`;
      if (t.format !== undefined) {
        const compiled = compileFormat(t.format, src?.format);
        if (typeof compiled === 'string') {
          mapProblem = err('format-invalid', compiled, fmtPointer);
          problems.push(mapProblem);
        } else step = compiled;
      }
      if (mapProblem) {
        const e = mapProblem;
        run = () => configError(e);
      } else {
        const before = step && !step.afterValueMap ? step : undefined;
        const after = step?.afterValueMap ? step : undefined;
        run = (record) => {
          let v = read(record);
          if (v === undefined) return { status: 'absent' };
          if (v === null) return { status: 'ok', value: null };
          if (step?.split) {
            const r = step.split(v);
            if (!r.ok) return { status: 'error', error: err(r.code, r.message, fmtPointer) };
            v = r.value;
          }
          if (before) {
            const r = before.apply(v);
            if (!r.ok) return { status: 'error', error: err(r.code, r.message, fmtPointer) };
            v = r.value;
          }
          if (map) {
            const r = applyMap(map, v);
            if (!r.ok) return { status: 'error', error: err(r.code, r.message, vmPointer) };
            v = r.value;
          }
          if (after) {
            const r = after.apply(v);
            if (!r.ok) return { status: 'error', error: err(r.code, r.message, fmtPointer) };
            v = r.value;
          }
          return { status: 'ok', value: v };
        };
      }
    } else if (t.expression !== undefined) {
      kind = 'expression';
      run = () => ({ status: 'unevaluated' });
    } else {
      kind = 'direct';
      run = (record) => {
        const v = read(record);
        return v === undefined ? { status: 'absent' } : { status: 'ok', value: v };
      };
    }
    fields.push({ index: i, destination: field.destination.path, kind, path, destinationPointer, run, jsonata: compiledJsonata, jsonataPointer, coerce: coercer(field) });
  });

  // The key is written even when no field names it: it is how the destination finds the record.
  const key = mapping.destination.key;
  if (key?.source !== undefined && !written.has(key.destination)) {
    const src = parsePath(key.source, '/destination/key/source');
    const dst = parsePath(key.destination, '/destination/key/destination');
    if (src && dst) {
      const read = reader(src);
      fields.push({
        index: -1,
        destination: key.destination,
        kind: 'key',
        path: dst,
        destinationPointer: '/destination/key/destination',
        run: (record) => {
          const v = read(record);
          return v === undefined ? { status: 'absent' } : { status: 'ok', value: v };
        },
        jsonata: undefined,
        jsonataPointer: '',
        coerce: undefined,
      });
    }
  }

  const finish = (f: CompiledField, outcome: Outcome, record: Record<string, unknown>, errors: TransformError[]): FieldResult => {
    let result: FieldResult;
    if (outcome.status === 'ok') {
      const c = f.coerce ? f.coerce(outcome.value) : undefined;
      if (c && !c.ok) {
        const e = err(c.code, c.message, f.destinationPointer);
        result = { index: f.index, destination: f.destination, kind: f.kind, status: 'error', errors: [e] };
      } else {
        result = { index: f.index, destination: f.destination, kind: f.kind, status: 'ok', value: c ? c.value : outcome.value, errors: noErrors };
      }
    } else {
      result = { index: f.index, destination: f.destination, kind: f.kind, status: outcome.status, errors: outcome.error ? [outcome.error] : noErrors };
      if (outcome.value !== undefined) result.value = outcome.value;
    }
    if ((result.status === 'ok' || result.status === 'unresolved') && f.path) {
      if (!writePath(record, f.path, result.value)) {
        const e = err('path-conflict', 'another field already wrote a value of another shape where this destination path goes', f.destinationPointer);
        result = { ...result, status: 'error', errors: [e] };
        delete result.value;
      }
    }
    for (const e of result.errors) errors.push(e);
    return result;
  };

  const hasJsonata = fields.some((f) => f.jsonata !== undefined);

  return {
    problems,
    hasJsonata,
    run(source) {
      const record: Record<string, unknown> = {};
      const errors: TransformError[] = [];
      const results = fields.map((f) => finish(f, f.run ? f.run(source) : { status: 'pending' }, record, errors));
      return { record, fields: results, errors };
    },
    async runAsync(source) {
      const record: Record<string, unknown> = {};
      const errors: TransformError[] = [];
      const results: FieldResult[] = [];
      for (const f of fields) {
        let outcome: Outcome;
        if (f.run) outcome = f.run(source);
        else if (f.jsonata) {
          const r = await f.jsonata.evaluate(source);
          outcome = !r.ok ? { status: 'error', error: err(r.code, r.message, f.jsonataPointer) } : r.value === undefined ? { status: 'absent' } : { status: 'ok', value: r.value };
        } else outcome = { status: 'pending' };
        results.push(finish(f, outcome, record, errors));
      }
      return { record, fields: results, errors };
    },
  };
}
