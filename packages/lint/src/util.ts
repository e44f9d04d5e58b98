import type { DesignDocument, Project } from '@interop-design/core';
import { escapePointerSegment } from '@interop-design/core';
import type { Field, Flow, Mapping, Scalar, Step, ValueMapFile } from '@interop-design/schema';

/** The `to` of an edge and the condition it runs on. */
export function edges(step: Step): { to: string; on: string; index: number }[] {
  return (step.next ?? []).map((e, index) =>
    typeof e === 'string' ? { to: e, on: 'success', index } : { to: e.to, on: typeof e.on === 'object' ? 'condition' : (e.on ?? 'success'), index },
  );
}

/** Ids of the steps reachable from the first step (where the trigger enters). */
export function reachableSteps(flow: Flow): Set<string> {
  const byId = new Map(flow.steps.map((s) => [s.id, s]));
  const seen = new Set<string>();
  const queue = [flow.steps[0].id];
  while (queue.length) {
    const id = queue.pop() ?? '';
    if (seen.has(id)) continue;
    seen.add(id);
    const step = byId.get(id);
    if (step) for (const e of edges(step)) queue.push(e.to);
  }
  return seen;
}

/** Whether a step is automated and writes to a system: it applies a mapping, or says it writes. */
export function writesToSystem(flow: Flow, step: Step): boolean {
  const lane = flow.lanes.find((l) => l.id === step.lane);
  const automated = step.actor ? step.actor === 'system' : lane?.kind === 'system';
  return automated && (step.writes ?? step.mapping !== undefined);
}

/** Steps that write to a system but have no failure (or always) edge. */
export function stepsWithoutFailurePath(flow: Flow): { step: Step; index: number }[] {
  return flow.steps
    .map((step, index) => ({ step, index }))
    .filter(({ step }) => writesToSystem(flow, step) && !edges(step).some((e) => e.on === 'failure' || e.on === 'always'));
}

export interface ResolvedValueMap {
  entries: { from: Scalar; to: Scalar }[];
  unmapped: 'error' | 'default' | 'passthrough';
  default?: Scalar;
  /** The value map file, when the field names one by id. */
  doc?: DesignDocument<ValueMapFile>;
}

/** A field's value map, inline or by id; `undefined` when the field has none or the id is unknown. */
export function resolveValueMap(project: Project, field: Field): ResolvedValueMap | undefined {
  const vm = field.transform?.valueMap;
  if (vm === undefined) return undefined;
  if (typeof vm === 'string') {
    const decl = project.index.valueMaps.get(vm);
    if (!decl) return undefined;
    const v = decl.value;
    return { entries: v.entries, unmapped: v.unmapped ?? 'error', ...(v.default === undefined ? {} : { default: v.default }), doc: decl.doc as DesignDocument<ValueMapFile> };
  }
  // An inline map takes its fallback beside it: `{ valueMap: {...}, unmapped: default, default: U }`.
  const t = field.transform;
  return { entries: Object.entries(vm).map(([from, to]) => ({ from, to })), unmapped: t?.unmapped ?? 'error', ...(t?.default === undefined ? {} : { default: t.default }) };
}

/** Compares choice codes as written: `1` and `"1"` are the same code. */
export function sameCode(a: Scalar, b: Scalar): boolean {
  return String(a) === String(b);
}

/** Whether a field produces a value: it has a source, or a constant or lookup transform. */
export function produces(field: Field): boolean {
  return field.source?.path !== undefined || field.source?.paths !== undefined || field.transform?.constant !== undefined || field.transform?.lookup !== undefined;
}

/** Every source path a field reads. */
export function sourcePaths(field: Field): string[] {
  return [...(field.source?.path === undefined ? [] : [field.source.path]), ...(field.source?.paths ?? [])];
}

/** The pointer of field `index` of a mapping, and of a part of it: `/fields/3/source/path`. */
export function fieldPointer(index: number, ...rest: (string | number)[]): string {
  let pointer = `/fields/${String(index)}`;
  for (const segment of rest) pointer += `/${escapePointerSegment(segment)}`;
  return pointer;
}

/** Mappings that are schema-valid, with their data. */
export function validMappings(docs: readonly DesignDocument<Mapping>[]): { doc: DesignDocument<Mapping>; mapping: Mapping }[] {
  return docs.flatMap((doc) => (doc.valid && doc.data ? [{ doc, mapping: doc.data }] : []));
}
