import type { ParsedPath } from '@interop-design/core';
import { selectValues, toPointer, tryParseFieldPath } from '@interop-design/core';
import type { Field, FieldType, Mapping, Scalar, ValueMapFile } from '@interop-design/schema';
import { compileFormat, eachItem, StepFailure } from './format.js';
import type { FormatStep, Step } from './format.js';
import { compileJsonata, defaultJsonataBudget } from './jsonata.js';
import type { CompiledJsonata, JsonataBudget } from './jsonata.js';
import type { FieldResult, FieldStatus, RecordResult, TransformError, TransformErrorCode, TransformKind, UnresolvedLookup } from './types.js';
import { generatedWriter, loopWriter } from './flat-write.js';
import type { FlatWriter } from './flat-write.js';
import { compileWriter, itemSpread, ownedValue, positionalPaths, sourceReads } from './write.js';
import type { Writer } from './write.js';

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

/**
 * What a field's run gives when it writes no plain value: absent, an error, unevaluated, unresolved
 * or pending. A plain value (anything else) means `ok`; records are plain data, so no record value
 * is ever an Outcome. Shared instances where nothing varies, so a record allocates none.
 */
class Outcome {
  constructor(
    readonly status: Exclude<FieldStatus, 'ok'>,
    readonly value?: unknown,
    readonly error?: TransformError,
  ) {}
}

const absent = new Outcome('absent');
const unevaluated = new Outcome('unevaluated');
const pending = new Outcome('pending');

/** Whether a value is an {@link Outcome}: most are strings or numbers, told apart by `typeof` before `instanceof`. */
function isOutcome(v: unknown): v is Outcome {
  return typeof v === 'object' && v !== null && v instanceof Outcome;
}

/** Whether a step's result is a {@link StepFailure} (see {@link isOutcome}). */
function isFailure(v: unknown): v is StepFailure {
  return typeof v === 'object' && v !== null && v instanceof StepFailure;
}

function failed(e: TransformError): Outcome {
  return new Outcome('error', undefined, e);
}

/** Shared by every field result without errors: never written to. */
const noErrors = Object.freeze([]) as unknown as TransformError[];

/**
 * One record's result. Most fields end `ok`, so the run keeps only their values and builds the
 * `FieldResult` objects when `fields` is first read (a record of 100 fields would otherwise
 * allocate 100 objects that a bench or a caller reading only `record` and `errors` never looks at).
 */
class LazyRecordResult implements RecordResult {
  #fields: FieldResult[] | undefined;
  readonly #compiled: readonly CompiledField[];
  readonly #values: unknown[];
  readonly #settled: (FieldResult | undefined)[] | undefined;

  constructor(
    readonly record: Record<string, unknown>,
    readonly errors: TransformError[],
    compiled: readonly CompiledField[],
    values: unknown[],
    settled: (FieldResult | undefined)[] | undefined,
  ) {
    this.#compiled = compiled;
    this.#values = values;
    this.#settled = settled;
  }

  get fields(): FieldResult[] {
    if (this.#fields === undefined) {
      const out = new Array<FieldResult>(this.#compiled.length);
      for (let i = 0; i < out.length; i++) {
        const f = this.#compiled[i] as CompiledField;
        out[i] = this.#settled?.[i] ?? okResult(f, this.#values[i]);
      }
      this.#fields = out;
    }
    return this.#fields;
  }

  /** As a plain object: `JSON.stringify` and structured copies see the three parts. */
  toJSON(): RecordResult {
    return { record: this.record, fields: this.fields, errors: this.errors };
  }
}

/** The result of a field that wrote `value`. */
function okResult(f: CompiledField, value: unknown): FieldResult {
  return { index: f.index, destination: f.destination, kind: f.kind, status: 'ok', value, errors: noErrors };
}

/** Whether a field's result leaves its destination unwritten in this run (absent, failed, pending, or an undefined value). */
function leavesHole(result: FieldResult): boolean {
  return result.status === 'ok' ? result.value === undefined : result.status !== 'unresolved';
}

interface CompiledField {
  index: number;
  destination: string;
  kind: TransformKind;
  /** Writes the value where the destination path goes; undefined when the path does not parse. */
  write: Writer | undefined;
  /** The parsed destination path (undefined when it does not parse). */
  path: ParsedPath | undefined;
  destinationPointer: string;
  /** The value, or an {@link Outcome}; undefined for jsonata fields (evaluated by the asynchronous run). */
  run: ((record: unknown) => unknown) | undefined;
  jsonata: CompiledJsonata | undefined;
  jsonataPointer: string;
  /** Undefined when the destination type takes values as they are. */
  coerce: Step | undefined;
  /**
   * A field that reads its source and passes the value through `steps` (direct copies, value maps,
   * formats): the run's loop reads and applies them itself, without `run`. `sourceKey` when the
   * source is one key (`sourceOwn`: a key that only own properties give).
   */
  pipe: { read: (record: unknown) => unknown; sourceKey: string | undefined; sourceOwn: boolean; slot: number; steps: readonly Step[]; pointers: readonly string[] } | undefined;
  /** The key of a destination path that is one plain key, written by the loop itself. */
  writeKey: string | undefined;
  /**
   * For a field that alone writes its top-level key (see {@link generatedWriter}): where its
   * value waits in the run's list of such values until they are all written at once; else -1.
   */
  flat?: number;
  /** For a constant or a value read once that fills every item of a list (see {@link itemSpread}): the list's path; it is written once the other fields are. */
  spread?: ParsedPath;
  /** What the one source path reads (see {@link sourceReads}). */
  reads?: 'one' | 'list';
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

/** The key {@link reader} reads when it reads one key of the record (a path of one key, not iterating). */
function sourceKeyOf(path: ParsedPath): string | undefined {
  const segs = path.segments;
  if (segs.some((s) => s.kind === 'each' || s.kind === 'filter')) return undefined;
  // `a[0]` is one key and an index: not a one-key read.
  const only = segs.length === 1 ? segs[0] : undefined;
  return only?.kind === 'key' ? only.key : undefined;
}

/** Own keys followed from `value`; undefined when one is missing or something on the way is not an object. */
function ownPath(value: unknown, keys: readonly string[]): unknown {
  let v = value;
  for (const k of keys) {
    if (!isObject(v) || !Object.prototype.hasOwnProperty.call(v, k)) return undefined;
    v = v[k];
  }
  return v;
}

/**
 * A reader of `before[].after` by position (see {@link positionalPaths}): element j is item j's
 * value, undefined where item j has none; undefined when no item has one. A single object where
 * the list goes is a list of one (CommCare sends a repeat of one entry so).
 */
function positionalReader(before: readonly string[], after: readonly string[]): (record: unknown) => unknown {
  return (record) => {
    const list = ownPath(record, before);
    if (list === null || typeof list !== 'object') return undefined;
    const items = Array.isArray(list) ? (list as unknown[]) : [list];
    const out: unknown[] = [];
    let any = false;
    for (const item of items) {
      const v = ownPath(item, after);
      if (v !== undefined) any = true;
      out.push(v);
    }
    return any ? out : undefined;
  };
}

/** A reader of one source path: the value, a list for paths that iterate, undefined when absent. */
function reader(path: ParsedPath): (record: unknown) => unknown {
  const segs = path.segments;
  const iterates = segs.some((s) => s.kind === 'each' || s.kind === 'filter');
  const keys = segs.flatMap((s) => (s.kind === 'key' ? [s.key] : []));
  if (!iterates && keys.length === 1 && segs.length === 1) {
    const key = keys[0] as string;
    // A key that no plain object inherits is read once; `__proto__`, `constructor` and the like only as own keys.
    if (!(key in Object.prototype)) return (record) => (record !== null && typeof record === 'object' && !Array.isArray(record) ? (record as Record<string, unknown>)[key] : undefined);
    return (record) => (record !== null && typeof record === 'object' && !Array.isArray(record) && Object.prototype.hasOwnProperty.call(record, key) ? (record as Record<string, unknown>)[key] : undefined);
  }
  if (!iterates && keys.length === segs.length) return (record) => ownPath(record, keys);
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
function coercer(field: Field): Step | undefined {
  const type: FieldType | undefined = field.destination.type;
  const textBoolean = field.source?.format === 'text-boolean';
  if (type === 'integer' || type === 'number') {
    const pattern = type === 'integer' ? integerText : numberText;
    const message = `the value is text that is not ${type === 'integer' ? 'an integer' : 'a number'}`;
    return eachItem((v) => {
      if (typeof v !== 'string' || v === '') return v;
      // Plain digits up to 15 (the common case): their value, as Number() would read them.
      const n0 = v.length;
      if (n0 > 0 && n0 <= 15) {
        let n = 0;
        let k = 0;
        for (; k < n0; k++) {
          const c = v.charCodeAt(k) - 48;
          if (c < 0 || c > 9) break;
          n = n * 10 + c;
        }
        if (k === n0) return n;
      }
      const t = v.trim();
      if (!pattern.test(t)) return new StepFailure('not-a-number', message);
      const n = Number(t);
      // A 20-digit id stays as written rather than being rounded (hardening P12).
      return Number.isSafeInteger(n) || !integerText.test(t) ? n : v;
    });
  }
  if (type === 'boolean' && textBoolean) {
    return eachItem((v) => {
      if (typeof v !== 'string' || v === '') return v;
      const t = v.trim().toLowerCase();
      if (t === 'true' || t === 'yes') return true;
      if (t === 'false' || t === 'no') return false;
      return new StepFailure('not-a-boolean', 'the value is not one of true, false, yes, no');
    });
  }
  return undefined;
}

interface MapSpec {
  entries: Map<string, Scalar>;
  unmapped: 'error' | 'default' | 'passthrough';
  fallback: Scalar | undefined;
  name: string;
  /** The failure of an unmapped value (the same for every value). */
  unmappedFailure: StepFailure;
}

function scalarKey(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

function mapSpec(entries: Map<string, Scalar>, unmapped: MapSpec['unmapped'], fallback: Scalar | undefined, name: string): MapSpec {
  return { entries, unmapped, fallback, name, unmappedFailure: new StepFailure('unmapped-value', `the value is not in ${name}${unmapped === 'default' ? ' and it has no default' : ' (unmapped: error)'}`) };
}

function mapStep(spec: MapSpec): Step {
  const { entries } = spec;
  const each = eachItem((v) => {
    if (v === null) return v;
    // A blank stays blank, whatever `unmapped` says, unless the map lists the empty text.
    if (v === '') return entries.get('') ?? v;
    const key = scalarKey(v);
    const hit = key === undefined ? undefined : spec.entries.get(key);
    if (hit !== undefined) return hit;
    if (spec.unmapped === 'passthrough') return v;
    if (spec.unmapped === 'default' && spec.fallback !== undefined) return spec.fallback;
    return spec.unmappedFailure;
  }, true);
  // Text found in the map (the common case) without the list check and the second call.
  return (v) => {
    if (typeof v === 'string') {
      const hit = entries.get(v);
      if (hit !== undefined) return hit;
    }
    return each(v);
  };
}

/** The same text as a property key (interned): keyed reads and writes with it find the property directly. */
function internalized(key: string): string {
  return Object.keys({ [key]: 0 })[0] ?? key;
}

/** The key of a destination path of one key that {@link compileWriter} sets directly, else undefined. */
function writeKeyOf(path: ParsedPath | undefined): string | undefined {
  const only = path?.segments.length === 1 ? path.segments[0] : undefined;
  return only?.kind === 'key' && only.key !== '__proto__' ? internalized(only.key) : undefined;
}

/** Whether a key can be read and written as a plain property of a plain object (nothing of that name is inherited). */
function plainKey(key: string): boolean {
  return key !== '__proto__' && !(key in Object.prototype);
}

/**
 * DHIS2-style picks, `attributes[attribute=UID].value`: when every field that writes under
 * `attributes` is such a pick, with the same filter key, a distinct filter value and a last key
 * other than the filter key, no pick can find an item that another made, so each pick appends its
 * item `{attribute: UID, value}` without searching the array (what the general writer does, with
 * the same outcome: the array made by the first pick written, items in field order).
 */
function groupPicks(fields: CompiledField[]): void {
  const byArray = new Map<string, CompiledField[]>();
  for (const f of fields) {
    const first = f.write !== undefined ? f.path?.segments[0] : undefined;
    if (first?.kind !== 'key') continue;
    const group = byArray.get(first.key);
    if (group) group.push(f);
    else byArray.set(first.key, [f]);
  }
  for (const [arrayKey, group] of byArray) {
    if (!plainKey(arrayKey)) continue;
    const filterKeys = new Set<string>();
    const values = new Set<string>();
    const picks = group.map((f) => {
      const segs = f.path?.segments ?? [];
      const [, filter, last] = segs;
      if (segs.length !== 3 || filter?.kind !== 'filter' || last?.kind !== 'key') return undefined;
      if (!plainKey(filter.key) || !plainKey(last.key) || filter.key === last.key) return undefined;
      filterKeys.add(filter.key);
      values.add(filter.value);
      return { f, itemKey: filter.key, itemValue: filter.value, valueKey: last.key };
    });
    if (filterKeys.size !== 1 || values.size !== group.length) continue;
    for (const p of picks) {
      if (!p) continue;
      const { itemKey, itemValue, valueKey } = p;
      // Each item is a copy of this one (two keys, in this order), then given its value: one copy
      // of a known shape instead of two stores that add properties.
      const template: Record<string, unknown> = {};
      template[itemKey] = itemValue;
      template[valueKey] = undefined;
      p.f.write = (root, value) => {
        let items = root[arrayKey] as unknown[] | undefined;
        if (items === undefined) {
          items = [];
          root[arrayKey] = items;
        }
        const item = { ...template };
        item[valueKey] = value;
        items.push(item);
        return true;
      };
    }
  }
}

/**
 * The destination record's top-level keys in the order the mapping first names them (the key
 * copied from `destination.key` last), as an object to copy for each record: every key present,
 * holding undefined until a field writes it. A copy keeps V8's fast property layout, where a record
 * built by adding a hundred keys one by one becomes a hash table (dictionary mode) after sixteen,
 * and each later store costs several times more. Both runs use it, so a record's keys come in the
 * same order whatever the record holds and whichever run built it.
 */
class RecordShape {
  readonly #template: Record<string, unknown>;
  readonly #keys: readonly string[];

  constructor(keys: readonly string[]) {
    // Parsed, not built key by key: JSON.parse lays out an object of many keys in fast mode, and a
    // `__proto__` key is an own property there, as every key of the record.
    this.#template = JSON.parse(`{${keys.map((k) => `${JSON.stringify(k)}:0`).join(',')}}`) as Record<string, unknown>;
    for (const k of keys) this.#template[k] = undefined;
    this.#keys = keys;
  }

  /** A new record: every key, none written yet. */
  create(): Record<string, unknown> {
    return { ...this.#template };
  }

  get keys(): readonly string[] {
    return this.#keys;
  }

  /**
   * Takes out the keys no field wrote (of `keys`, all by default); the others keep their order. Deleting (which turns the copy
   * into a hash table once) costs less than copying the written keys into a new object.
   */
  removeUnwritten(record: Record<string, unknown>, keys: readonly string[] = this.#keys): void {
    for (const k of keys) {
      // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- the keys are the template's own, computed at compile time
      if (record[k] === undefined) delete record[k];
    }
  }
}

/** The shape of a mapping's records; undefined if a field writes anything but a key at the top level. */
function recordShape(fields: readonly CompiledField[]): RecordShape | undefined {
  const keys = new Set<string>();
  for (const f of fields) {
    if (f.write === undefined || f.kind === 'expression') continue;
    const first = f.path?.segments[0];
    if (first?.kind !== 'key') return undefined;
    keys.add(first.key);
  }
  return new RecordShape([...keys]);
}

/** Records a mapping's run builds before its generated writer of top-level keys (see `flat-write.ts`) replaces the loop. */
const GENERATE_AFTER = 64;

/** From this many distinct one-key reads, a record's values are read in one pass over its own keys. */
const SLOT_READS = 8;

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
    const write = path ? compileWriter(path) : undefined;
    written.add(field.destination.path);
    const t = field.transform ?? {};
    const configError = (e: TransformError): Outcome => failed(e);

    // The source value.
    let read: (record: unknown) => unknown = () => undefined;
    let sourceKey: string | undefined;
    const src = field.source;
    if (src?.path !== undefined) {
      const p = parsePath(src.path, `${base}/source/path`);
      if (p) {
        const positional = path ? positionalPaths(p, path) : undefined;
        read = positional ? positionalReader(positional.before, positional.after) : reader(p);
        sourceKey = sourceKeyOf(p);
      }
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
    let run: ((record: unknown) => unknown) | undefined;
    let pipeSteps: [Step, string][] | undefined;
    let compiledJsonata: CompiledJsonata | undefined;
    const jsonataPointer = `${base}/transform/jsonata`;

    if (Object.prototype.hasOwnProperty.call(t, 'constant')) {
      kind = 'constant';
      const value = t.constant;
      run = () => value;
    } else if (t.jsonata !== undefined) {
      kind = 'jsonata';
      const compiled = compileJsonata(t.jsonata, budget);
      if ('evaluate' in compiled) compiledJsonata = compiled;
      else {
        const e = err(compiled.code, compiled.message, jsonataPointer);
        problems.push(e);
        const outcome = configError(e);
        run = () => outcome;
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
        const unresolved = new Outcome('unresolved', marker);
        run = (record) => (read(record) === undefined ? absent : unresolved);
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
          if (v === undefined) return absent;
          if (v === null || v === '') return v;
          const k = scalarKey(v);
          const found = k === undefined ? undefined : index.get(k);
          if (found === undefined) return failed(err('lookup-not-found', `no ${lk.resource} record of the fixture has this ${lk.by}`, pointer));
          return found;
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
          map = mapSpec(
            new Map(vm.entries.map((e) => [String(e.from), e.to])),
            vm.unmapped ?? 'error',
            vm.default,
            `value map "${vm.id}"`,
          );
        }
      } else if (isObject(t.valueMap)) {
        map = mapSpec(new Map(Object.entries(t.valueMap)), t.unmapped ?? 'error', t.default, 'the inline value map');
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
        const outcome = configError(mapProblem);
        run = () => outcome;
      } else {
        // The steps in order, each with the pointer its failures are reported at.
        const steps: [Step, string][] = [];
        if (step?.split) steps.push([step.split, fmtPointer]);
        if (step && !step.afterValueMap) steps.push([step.apply, fmtPointer]);
        if (map) steps.push([mapStep(map), vmPointer]);
        if (step?.afterValueMap) steps.push([step.apply, fmtPointer]);
        pipeSteps = steps;
        const fail = (r: StepFailure, pointer: string): Outcome => failed(err(r.code, r.message, pointer));
        const only = steps.length === 1 ? steps[0] : undefined;
        if (only) {
          const [apply, pointer] = only;
          run = (record) => {
            const v = read(record);
            if (v === undefined) return absent;
            if (v === null) return null;
            const r = apply(v);
            return r instanceof StepFailure ? fail(r, pointer) : r;
          };
        } else {
          run = (record) => {
            let v = read(record);
            if (v === undefined) return absent;
            if (v === null) return null;
            for (const [apply, pointer] of steps) {
              v = apply(v);
              if (v instanceof StepFailure) return fail(v, pointer);
            }
            return v;
          };
        }
      }
    } else if (t.expression !== undefined) {
      kind = 'expression';
      run = () => unevaluated;
    } else {
      kind = 'direct';
      pipeSteps = [];
      run = (record) => {
        const v = read(record);
        return v === undefined ? absent : v;
      };
    }
    const pipe = pipeSteps && {
      read,
      sourceKey: sourceKey === undefined ? undefined : internalized(sourceKey),
      sourceOwn: sourceKey !== undefined && sourceKey in Object.prototype,
      slot: -1,
      steps: pipeSteps.map(([apply]) => apply),
      pointers: pipeSteps.map(([, pointer]) => pointer),
    };
    fields.push({ index: i, destination: field.destination.path, kind, write, path, destinationPointer, run, jsonata: compiledJsonata, jsonataPointer, coerce: coercer(field), pipe, writeKey: writeKeyOf(path), reads: sourceReads(field) });
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
        write: compileWriter(dst),
        path: dst,
        destinationPointer: '/destination/key/destination',
        run: (record) => {
          const v = read(record);
          return v === undefined ? absent : v;
        },
        jsonata: undefined,
        jsonataPointer: '',
        coerce: undefined,
        pipe: undefined,
        writeKey: writeKeyOf(dst),
      });
    }
  }

  // Constants, and values read once, that fill every item of a list the other fields make: written after them.
  const others = fields.filter((f) => f.kind !== 'constant' && f.path !== undefined).map((f) => f.path as ParsedPath);
  const listReads = fields.filter((f) => f.reads === 'list' && f.kind !== 'constant' && f.path !== undefined).map((f) => f.path as ParsedPath);
  const destinations = fields.flatMap((f) => (f.path === undefined ? [] : [f.path]));
  const spreads: number[] = [];
  fields.forEach((f, i) => {
    if (f.path === undefined || f.run === undefined) return;
    const list = f.kind === 'constant' ? itemSpread(f.path, others) : f.reads === 'one' && f.kind !== 'expression' ? itemSpread(f.path, listReads, destinations) : undefined;
    if (list === undefined) return;
    f.spread = list;
    // Run by the spread pass, not the loop's own reads.
    f.pipe = undefined;
    spreads.push(i);
  });
  /**
   * The value once for each item of its list in `record`, or absent when the list has none. A value
   * read once that is a list (a path without `[]` that reaches one) is written by position, as any list.
   */
  const spreadOutcome = (f: CompiledField, record: Record<string, unknown>, source: unknown): unknown => {
    if (f.run === undefined) return absent;
    const value = f.run(f.kind === 'constant' ? undefined : source);
    if (value instanceof Outcome || (f.kind !== 'constant' && Array.isArray(value))) return value;
    const list = selectValues(record, f.spread as ParsedPath)[0];
    if (!Array.isArray(list) || list.length === 0) return absent;
    return new Array<unknown>(list.length).fill(value);
  };

  groupPicks(fields);

  // The one-key reads, given a slot per distinct key (see `readSlots`).
  const slotOf = new Map<string, number>();
  for (const f of fields) {
    const key = f.pipe?.sourceKey;
    if (f.pipe === undefined || key === undefined) continue;
    let slot = slotOf.get(key);
    if (slot === undefined) slotOf.set(key, (slot = slotOf.size));
    f.pipe.slot = slot;
  }
  const slotCount = slotOf.size;
  /**
   * The values of the one-key reads, read from the record's own keys in one pass: undefined when
   * reading them one by one costs less (few such fields, or a record with many more keys than the
   * mapping reads). A record's keys read one by one, each by its name, miss V8's lookup caches when
   * records differ in which keys they hold (skip logic, questions left unanswered: each such record
   * has a layout of its own), and such a read is several times slower than walking the record's own
   * keys and values.
   */
  const readSlots = (source: object): unknown[] | undefined => {
    const keys = Object.keys(source);
    if (keys.length > 4 * slotCount + 16) return undefined;
    const values = Object.values(source);
    const slots = new Array<unknown>(slotCount);
    for (let j = 0; j < keys.length; j++) {
      const slot = slotOf.get(keys[j] as string);
      if (slot !== undefined) slots[slot] = values[j];
    }
    return slots;
  };

  const conflict = (f: CompiledField): FieldResult => ({
    index: f.index,
    destination: f.destination,
    kind: f.kind,
    status: 'error',
    errors: [err('path-conflict', 'another field already wrote a value of another shape where this destination path goes', f.destinationPointer)],
  });

  /** Writes a field's value: into `flat` when the field's key is written with the others at the end, else into the record. False on a conflict. */
  const put = (f: CompiledField, record: Record<string, unknown>, written: unknown, flat: unknown[] | undefined): boolean => {
    if (flat !== undefined && f.flat !== undefined && f.flat >= 0) flat[f.flat] = written;
    else if (f.writeKey !== undefined) record[f.writeKey] = written;
    else if (f.write !== undefined && !f.write(record, written)) return false;
    return true;
  };

  const finish = (f: CompiledField, outcome: unknown, record: Record<string, unknown>, errors: TransformError[], flat?: unknown[]): FieldResult => {
    if (!(outcome instanceof Outcome)) {
      // A value: coerced to the destination type, then written.
      let value = outcome;
      if (f.coerce !== undefined) {
        value = f.coerce(outcome);
        if (value instanceof StepFailure) {
          const e = err(value.code, value.message, f.destinationPointer);
          errors.push(e);
          return { index: f.index, destination: f.destination, kind: f.kind, status: 'error', errors: [e] };
        }
      }
      const written = typeof value === 'object' && value !== null ? ownedValue(value) : value;
      if (!put(f, record, written, flat)) {
        const result = conflict(f);
        errors.push(result.errors[0] as TransformError);
        return result;
      }
      return okResult(f, value);
    }
    const result: FieldResult = { index: f.index, destination: f.destination, kind: f.kind, status: outcome.status, errors: outcome.error ? [outcome.error] : noErrors };
    if (outcome.value !== undefined) result.value = outcome.value;
    if (outcome.status === 'unresolved' && f.write !== undefined && !put(f, record, ownedValue(result.value), flat)) {
      const failedWrite = conflict(f);
      errors.push(failedWrite.errors[0] as TransformError);
      return failedWrite;
    }
    if (outcome.error) errors.push(outcome.error);
    return result;
  };

  const hasJsonata = fields.some((f) => f.jsonata !== undefined);

  const shape = recordShape(fields);
  const newRecord = (): Record<string, unknown> => (shape === undefined ? {} : shape.create());

  /**
   * The keys written at the end of a run, all at once: those of fields that alone write their
   * top-level key (no other field writes it or anything under it, so no write order or conflict
   * depends on when it is written), in a record copied from the template (so the keys are in place).
   */
  const flatKeys: string[] = [];
  if (shape !== undefined) {
    const writers = new Map<string, number>();
    for (const f of fields) {
      const first = f.kind === 'expression' ? undefined : f.path?.segments[0];
      if (first?.kind === 'key') writers.set(first.key, (writers.get(first.key) ?? 0) + 1);
    }
    for (const f of fields) {
      f.flat = -1;
      if (f.writeKey === undefined || f.spread !== undefined || f.kind === 'expression' || writers.get(f.writeKey) !== 1) continue;
      f.flat = flatKeys.length;
      flatKeys.push(f.writeKey);
    }
  }
  // The template's keys that fields other than those write.
  const flatSet = new Set(flatKeys);
  const otherKeys = shape === undefined ? [] : shape.keys.filter((k) => !flatSet.has(k));
  // A loop for a mapping's first records (a mapping test, a preview of a few records), the generated writer from then on.
  let writeFlat: FlatWriter = loopWriter;
  let runs = 0;
  const flatScratch = flatKeys.length > 0 ? new Array<unknown>(flatKeys.length).fill(undefined) : undefined;
  /** The record as returned: without the keys no field wrote, when some field left one. */
  const close = (record: Record<string, unknown>, holes: boolean): void => {
    if (holes) shape?.removeUnwritten(record);
  };

  const run = (source: unknown): RecordResult => {
    const record = newRecord();
    // Whether a key of the record may be left unwritten (a field without a value, or one that failed).
    let holes = false;
    const errors: TransformError[] = [];
    // Sized once: the value of every field that ends `ok` on the fast path; the others' results in `settled`.
    const values = new Array<unknown>(fields.length);
    let settled: (FieldResult | undefined)[] | undefined;
    // Whether the record is a plain object, for the fields that read one key of it.
    const plain = source !== null && typeof source === 'object' && !Array.isArray(source);
    const slots = plain && slotCount >= SLOT_READS ? readSlots(source) : undefined;
    // The values of the fields whose keys are written at the end, all at once (undefined for none):
    // one list for every run, emptied first (a run calls no other run, and reads it only before returning).
    const flat = flatScratch;
    if (flat !== undefined) {
      flat.fill(undefined);
      if (++runs === GENERATE_AFTER) writeFlat = generatedWriter(flatKeys.length) ?? loopWriter;
    }
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i] as CompiledField;
      const pipe = f.pipe;
      let outcome: unknown;
      if (pipe !== undefined) {
        // What `run` does for these fields, without the calls: read, then each step in order.
        const key = pipe.sourceKey;
        let v: unknown = key === undefined ? pipe.read(source) : slots !== undefined ? slots[pipe.slot] : plain && (!pipe.sourceOwn || Object.prototype.hasOwnProperty.call(source, key)) ? (source as Record<string, unknown>)[key] : undefined;
        if (v === undefined) outcome = absent;
        else {
          const steps = pipe.steps;
          for (let k = 0; v !== null && k < steps.length; k++) {
            v = (steps[k] as Step)(v);
            if (isFailure(v)) {
              v = failed(err(v.code, v.message, pipe.pointers[k] as string));
              break;
            }
          }
          outcome = v;
        }
        if (outcome !== absent && !isOutcome(outcome)) {
          // A value: what `finish` does with it, in line (a failed coercion is left to `finish`, which coerces again).
          let value = outcome;
          if (f.coerce !== undefined) value = f.coerce(outcome);
          if (!isFailure(value)) {
            const written = typeof value === 'object' && value !== null ? ownedValue(value) : value;
            if (written === undefined) holes = true;
            if (flat !== undefined && f.flat !== undefined && f.flat >= 0) flat[f.flat] = written;
            else if (f.writeKey !== undefined) record[f.writeKey] = written;
            else if (f.write !== undefined && !f.write(record, written)) {
              const result = conflict(f);
              errors.push(result.errors[0] as TransformError);
              (settled ??= new Array<FieldResult | undefined>(fields.length))[i] = result;
              holes = true;
              continue;
            }
            values[i] = value;
            continue;
          }
        }
      } else if (f.spread !== undefined) continue;
      else outcome = f.run !== undefined ? f.run(source) : pending;
      const result = finish(f, outcome, record, errors, flat);
      (settled ??= new Array<FieldResult | undefined>(fields.length))[i] = result;
      if (leavesHole(result)) holes = true;
    }
    if (flat !== undefined) writeFlat(record, flatKeys, flat);
    for (const i of spreads) {
      const f = fields[i] as CompiledField;
      const result = finish(f, spreadOutcome(f, record, source), record, errors);
      (settled ??= new Array<FieldResult | undefined>(fields.length))[i] = result;
      if (leavesHole(result)) holes = true;
    }
    if (holes && flat !== undefined && shape !== undefined) {
      // The flat keys left unwritten are known without reading the record; the others are checked.
      for (let j = 0; j < flat.length; j++) {
        // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- the template's own keys, computed at compile time
        if (flat[j] === undefined) delete record[flatKeys[j] as string];
      }
      shape.removeUnwritten(record, otherKeys);
    } else close(record, holes);
    return new LazyRecordResult(record, errors, fields, values, settled);
  };

  return {
    problems,
    hasJsonata,
    run,
    async runAsync(source) {
      if (!hasJsonata) return run(source);
      const record = newRecord();
      const errors: TransformError[] = [];
      const results = new Array<FieldResult>(fields.length);
      let holes = false;
      const settle = (i: number, outcome: unknown): void => {
        const result = finish(fields[i] as CompiledField, outcome, record, errors);
        results[i] = result;
        if (leavesHole(result)) holes = true;
      };
      for (let i = 0; i < fields.length; i++) {
        const f = fields[i] as CompiledField;
        let outcome: unknown;
        if (f.spread !== undefined) continue;
        if (f.run) outcome = f.run(source);
        else if (f.jsonata) {
          const r = await f.jsonata.evaluate(source);
          outcome = !r.ok ? failed(err(r.code, r.message, f.jsonataPointer)) : r.value === undefined ? absent : r.value;
        } else outcome = pending;
        settle(i, outcome);
      }
      for (const i of spreads) settle(i, spreadOutcome(fields[i] as CompiledField, record, source));
      close(record, holes);
      return { record, fields: results, errors };
    },
  };
}
