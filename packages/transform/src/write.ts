import type { ParsedPath, PathSegment } from '@interop-design/core';
import { FieldPathError, formatFieldPath, innerEach, tryParseFieldPath } from '@interop-design/core';
import type { Field } from '@interop-design/schema';

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Sets an own property: `__proto__` and `constructor` are plain keys here too. */
function setOwn(target: Obj, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function getOwn(target: Obj, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(target, key) ? target[key] : undefined;
}

/** A filter item's key as written in the item (`attribute` in `[attribute=UID]`). */
function matches(item: unknown, segment: Extract<PathSegment, { kind: 'filter' }>): boolean {
  if (item === null || typeof item !== 'object') return false;
  // A cheap read first: most items do not match. What matches is then checked to be an own key of an object.
  const v = (item as Obj)[segment.key];
  if (v !== segment.value && !((typeof v === 'number' || typeof v === 'boolean') && String(v) === segment.value)) return false;
  return !Array.isArray(item) && Object.prototype.hasOwnProperty.call(item, segment.key);
}

/**
 * The value as the destination record holds it: objects and arrays are copied (own keys, deeply),
 * so that a later field writing inside them never changes the source record they were read from.
 * Scalars are returned as they are.
 */
export function ownedValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(ownedValue);
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) setOwn(out, k, ownedValue(v));
  return out;
}

/** What the next segment needs as a container. */
function containerFor(next: PathSegment): Obj | unknown[] {
  return next.kind === 'key' ? {} : [];
}

/**
 * Writes `value` at `path` inside `root`, building what is missing: `[key=value]` finds or adds
 * the array item `{key: value}`, `[N]` writes item N, a trailing `[]` appends the value (each
 * element of an array value). A `[]` with more path after it writes by position: element j of a
 * list value goes into item j (a value that is not a list is a list of one, item 0), so fields
 * writing under the same `[]` (`relations[].type`, `relations[].name`) fill the same items, as
 * the items of a source list (`family[].relation`) came. Returns false when the record already
 * holds something of another shape there (a scalar where an object is needed).
 */
export function writePath(root: Obj, path: ParsedPath, value: unknown): boolean {
  return writeFrom(root, path.segments, 0, value);
}

/** {@link writePath} from segment `from` on, inside `start`. */
function writeFrom(start: Obj | unknown[], segs: readonly PathSegment[], from: number, value: unknown): boolean {
  let current: Obj | unknown[] = start;
  for (let i = from; i < segs.length; i++) {
    const seg = segs[i] as PathSegment;
    const next = segs[i + 1];
    const last = next === undefined;
    switch (seg.kind) {
      case 'key': {
        if (Array.isArray(current)) return false;
        if (last) {
          setOwn(current, seg.key, value);
          return true;
        }
        let child = getOwn(current, seg.key);
        if (child === undefined || child === null) {
          child = containerFor(next);
          setOwn(current, seg.key, child);
        }
        if (next.kind === 'key' ? !isObject(child) : !Array.isArray(child)) return false;
        current = child as Obj | unknown[];
        break;
      }
      case 'index': {
        if (!Array.isArray(current)) return false;
        while (current.length < seg.index) current.push(null);
        if (last) {
          current[seg.index] = value;
          return true;
        }
        let child = current[seg.index];
        if (child === undefined || child === null) {
          child = containerFor(next);
          current[seg.index] = child;
        }
        if (next.kind === 'key' ? !isObject(child) : !Array.isArray(child)) return false;
        current = child as Obj | unknown[];
        break;
      }
      case 'each': {
        if (!Array.isArray(current)) return false;
        if (last) {
          if (Array.isArray(value)) current.push(...(value as unknown[]));
          else current.push(value);
          return true;
        }
        const values = Array.isArray(value) ? (value as unknown[]) : [value];
        for (let j = 0; j < values.length; j++) {
          let child = current[j];
          if (child === undefined || child === null) {
            child = containerFor(next);
            current[j] = child;
          }
          if (next.kind === 'key' ? !isObject(child) : !Array.isArray(child)) return false;
          // An item without a value (see positionalPaths) is made, and left without it.
          const v = values[j];
          if (v !== undefined && !writeFrom(child as Obj | unknown[], segs, i + 1, v)) return false;
        }
        return true;
      }
      case 'filter': {
        if (!Array.isArray(current)) return false;
        let item: unknown;
        for (const it of current) {
          if (matches(it, seg)) {
            item = it;
            break;
          }
        }
        if (item === undefined) {
          item = {};
          setOwn(item as Obj, seg.key, seg.value);
          current.push(item);
        }
        if (last) {
          // A pick as the last segment replaces the item's other keys with the value's.
          if (!isObject(value)) return false;
          for (const [k, v] of Object.entries(value)) setOwn(item as Obj, k, v);
          return true;
        }
        if (next.kind !== 'key') return false;
        current = item as Obj;
        break;
      }
    }
  }
  return true;
}

/**
 * A source path `list[].a.b` (keys, one `[]`, keys) written to a destination path with a `[]` that
 * has more path after it: such a source is read by position, item j of the list giving element j
 * of the value, undefined where item j lacks `a.b` (Kobo skip logic inside a repeat group), so
 * that the destination's item j is made from the source's item j. Returns the keys before and
 * after the `[]`, or undefined for any other pair of paths (they are read as lists of the values
 * present).
 */
export function positionalPaths(source: ParsedPath, destination: ParsedPath): { before: string[]; after: string[] } | undefined {
  if (innerEach(destination) < 0) return undefined;
  const s = source.segments;
  const at = s.findIndex((seg) => seg.kind === 'each');
  if (at < 0 || at === s.length - 1) return undefined;
  const keys = (segs: readonly PathSegment[]): string[] | undefined => (segs.every((seg) => seg.kind === 'key') ? segs.map((seg) => (seg as { key: string }).key) : undefined);
  const before = keys(s.slice(0, at));
  const after = keys(s.slice(at + 1));
  return before && after ? { before, after } : undefined;
}

/**
 * The list a value fills item by item. A constant, or a value read once (a source path without
 * `[]`: a record's org unit), written under a `[]` with more path after it
 * (`enrollments[0].events[].programStage`, `enrollments[0].events[].orgUnit`) goes into every item
 * of that list once the fields that make its items have written (one event per visit), and into
 * none when they made none (a record without visits gets no event made of it alone). Returns the
 * path of the list (the segments before that `[]`), or undefined when the path has no such `[]` or
 * no filler writes into the list: then the value goes into item 0, like any other. `fillers` are
 * the destination paths of the fields that make items: for a constant, every field that is not a
 * constant; for a value read once, the fields whose source path has a `[]`. `pickers` are paths
 * that make an item of the list only when they pick it there (`dataValues[dataElement=X].value`,
 * `events[0].occurredAt`): for a value read once, every other field's (a data value set's org unit
 * on each value the picks made).
 */
export function itemSpread(path: ParsedPath, fillers: readonly ParsedPath[], pickers: readonly ParsedPath[] = []): ParsedPath | undefined {
  const at = innerEach(path);
  if (at < 0) return undefined;
  const list = path.segments.slice(0, at);
  const text = formatFieldPath(list);
  const inList = (o: ParsedPath): boolean => o.segments.length >= at && formatFieldPath(o.segments.slice(0, at)) === text;
  const picks = (o: ParsedPath): boolean => (o.segments[at]?.kind === 'filter' || o.segments[at]?.kind === 'index') && inList(o);
  const fills = fillers.some(inList) || pickers.some(picks);
  return fills ? { text: path.text, segments: list } : undefined;
}

/** What a field's one source path reads: one value (no `[]`) or a list (a `[]`); undefined for other sources. */
export function sourceReads(field: Field): 'one' | 'list' | undefined {
  if (field.source?.path === undefined || field.source.paths !== undefined) return undefined;
  const p = tryParseFieldPath(field.source.path);
  return p instanceof FieldPathError ? undefined : p.segments.some((x) => x.kind === 'each') ? 'list' : 'one';
}

/** Writes a value into a destination record; false on a shape conflict (see {@link writePath}). */
export type Writer = (root: Obj, value: unknown) => boolean;

/** A writer for one parsed path: a plain key is set directly, any other path goes through {@link writePath}. */
export function compileWriter(path: ParsedPath): Writer {
  const only = path.segments.length === 1 ? path.segments[0] : undefined;
  if (only?.kind === 'key' && only.key !== '__proto__') {
    const key = only.key;
    return (root, value) => {
      root[key] = value;
      return true;
    };
  }
  return (root, value) => writePath(root, path, value);
}
