/**
 * A small path language for the declarative tables (the kind registry's declarations and
 * references): keys separated by dots, `[*]` for every item of a list, `*` for every value of a
 * mapping; `''` is the document itself. `steps[*].next[*].to`, `systems.*.metadata`.
 */
export type PathStep = { key: string } | { each: 'item' } | { each: 'value' };

export interface PathMatch {
  value: unknown;
  /** The keys and indexes that lead to the value, for a JSON Pointer. */
  segments: (string | number)[];
  /** The object or list that holds the value (`undefined` for the document itself). */
  parent: unknown;
}

const parsed = new Map<string, PathStep[]>();

export function parseTablePath(path: string): PathStep[] {
  let steps = parsed.get(path);
  if (steps) return steps;
  steps = [];
  for (const part of path === '' ? [] : path.split('.')) {
    const name = part.replace(/(?:\[\*\])+$/u, '');
    if (name === '*') steps.push({ each: 'value' });
    else if (name !== '') steps.push({ key: name });
    for (let i = name.length; i < part.length; i += 3) steps.push({ each: 'item' });
  }
  parsed.set(path, steps);
  return steps;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Calls `visit` with every value at `path` in `data`, in document order, without building the
 * intermediate matches: `segments` gives the keys and indexes that lead to the value, and is only
 * valid during the call (the reference checks ask for it only to report). Only own properties are
 * followed.
 */
export function eachPath(data: unknown, path: string, visit: (value: unknown, parent: unknown, segments: () => (string | number)[]) => void): void {
  const steps = parseTablePath(path);
  const stack: (string | number)[] = [];
  const segments = (): (string | number)[] => stack.slice();
  const walk = (value: unknown, parent: unknown, at: number): void => {
    const step = steps[at];
    if (step === undefined) {
      visit(value, parent, segments);
      return;
    }
    if ('key' in step) {
      if (isRecord(value) && Object.prototype.hasOwnProperty.call(value, step.key)) {
        stack.push(step.key);
        walk(value[step.key], value, at + 1);
        stack.pop();
      }
    } else if (step.each === 'item') {
      if (!Array.isArray(value)) return;
      const items = value as unknown[];
      for (let i = 0; i < items.length; i++) {
        stack.push(i);
        walk(items[i], items, at + 1);
        stack.pop();
      }
    } else if (isRecord(value)) {
      for (const k of Object.keys(value)) {
        stack.push(k);
        walk(value[k], value, at + 1);
        stack.pop();
      }
    }
  };
  walk(data, undefined, 0);
}

/** Every value at `path` in `data`, in document order. Only own properties are followed. */
export function selectPath(data: unknown, path: string): PathMatch[] {
  const matches: PathMatch[] = [];
  eachPath(data, path, (value, parent, segments) => matches.push({ value, segments: segments(), parent }));
  return matches;
}
