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

/** Every value at `path` in `data`, in document order. Only own properties are followed. */
export function selectPath(data: unknown, path: string): PathMatch[] {
  let matches: PathMatch[] = [{ value: data, segments: [], parent: undefined }];
  for (const step of parseTablePath(path)) {
    const next: PathMatch[] = [];
    for (const m of matches) {
      if ('key' in step) {
        if (isRecord(m.value) && Object.prototype.hasOwnProperty.call(m.value, step.key)) next.push({ value: m.value[step.key], segments: [...m.segments, step.key], parent: m.value });
      } else if (step.each === 'item') {
        if (Array.isArray(m.value)) (m.value as unknown[]).forEach((v, i) => next.push({ value: v, segments: [...m.segments, i], parent: m.value }));
      } else if (isRecord(m.value)) {
        for (const [k, v] of Object.entries(m.value)) next.push({ value: v, segments: [...m.segments, k], parent: m.value });
      }
    }
    matches = next;
  }
  return matches;
}
