import { toPointer } from '@interop-design/core';
import type { Field, Mapping, Scalar, ValueMapFile } from '@interop-design/schema';
import type { Change } from './changes.js';
import { ChangeType, change } from './changes.js';

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const show = (v: unknown): string => (v === undefined ? '(none)' : typeof v === 'string' ? v : JSON.stringify(v));
const sourceKey = (f: Field): string | undefined => (f.source?.path !== undefined ? f.source.path : f.source?.paths ? f.source.paths.join(' + ') : undefined);

/** Pairs base and head fields: first by destination path, then by source path. Order does not matter. */
export function matchFields(base: readonly Field[], head: readonly Field[]): { pairs: [number, number][]; removed: number[]; added: number[] } {
  const pairs: [number, number][] = [];
  const freeBase = new Set(base.map((_, i) => i));
  const freeHead = new Set(head.map((_, i) => i));
  // One pass per key: an index from key to the unmatched base fields holding it, in file order.
  const pass = (key: (f: Field) => string | undefined): void => {
    const index = new Map<string, number[]>();
    for (const i of freeBase) {
      const k = key(base[i] as Field);
      if (k === undefined) continue;
      const list = index.get(k);
      if (list) list.push(i);
      else index.set(k, [i]);
    }
    for (const h of [...freeHead]) {
      const k = key(head[h] as Field);
      const b = k === undefined ? undefined : index.get(k)?.shift();
      if (b === undefined) continue;
      pairs.push([b, h]);
      freeBase.delete(b);
      freeHead.delete(h);
    }
  };
  pass((f) => f.destination.path);
  pass(sourceKey);
  return { pairs, removed: [...freeBase], added: [...freeHead] };
}

function entriesOf(vm: Record<string, Scalar> | readonly { from: Scalar; to: Scalar }[]): Map<string, Scalar> {
  if (isEntryList(vm)) return new Map(vm.map((e): [string, Scalar] => [String(e.from), e.to]));
  return new Map(Object.entries(vm));
}

function isEntryList(vm: Record<string, Scalar> | readonly { from: Scalar; to: Scalar }[]): vm is readonly { from: Scalar; to: Scalar }[] {
  return Array.isArray(vm);
}

/** Added, removed and retargeted entries between two sets of value-map entries. */
export function compareEntries(base: Map<string, Scalar>, head: Map<string, Scalar>, at: string, label: { field?: string; valueMap?: string }): Change[] {
  const out: Change[] = [];
  const where = label.valueMap ? `value map ${label.valueMap}` : 'the value map';
  for (const [from, to] of head) {
    if (!base.has(from)) out.push(change(ChangeType.ValueMapEntryAdded, at, `${where}: ${from} -> ${show(to)} added`, label));
    else if (!same(base.get(from), to)) out.push(change(ChangeType.ValueMapEntryRetargeted, at, `${where}: ${from} now maps to ${show(to)} instead of ${show(base.get(from))}`, label));
  }
  for (const from of base.keys()) if (!head.has(from)) out.push(change(ChangeType.ValueMapEntryRemoved, at, `${where}: the entry for ${from} removed`, label));
  return out;
}

function compareChoices(base: readonly Scalar[] | undefined, head: readonly Scalar[] | undefined, at: string, side: string, field: string): Change[] {
  const b = new Set((base ?? []).map(String));
  const h = new Set((head ?? []).map(String));
  return [
    ...[...h].filter((c) => !b.has(c)).map((c) => change(ChangeType.ChoiceAdded, at, `${side} choice ${c} added`, { field })),
    ...[...b].filter((c) => !h.has(c)).map((c) => change(ChangeType.ChoiceRemoved, at, `${side} choice ${c} removed`, { field })),
  ];
}

/** Changes between two versions of one field. */
function compareField(b: Field, h: Field, at: string): Change[] {
  const field = h.destination.path;
  const label = { field };
  const out: Change[] = [];
  if (b.destination.path !== h.destination.path) out.push(change(ChangeType.DestinationPathChanged, `${at}/destination/path`, `destination path ${b.destination.path} -> ${h.destination.path}`, label));
  if (!same(sourceKey(b), sourceKey(h))) out.push(change(ChangeType.SourcePathChanged, `${at}/source`, `source path ${show(sourceKey(b))} -> ${show(sourceKey(h))}`, label));
  if (b.source?.type !== h.source?.type) out.push(change(ChangeType.TypeChanged, `${at}/source/type`, `source type ${show(b.source?.type)} -> ${show(h.source?.type)}`, label));
  if (b.destination.type !== h.destination.type) out.push(change(ChangeType.TypeChanged, `${at}/destination/type`, `destination type ${show(b.destination.type)} -> ${show(h.destination.type)}`, label));
  if (!b.destination.required && h.destination.required) out.push(change(ChangeType.RequiredAdded, `${at}/destination/required`, `${field} became required`, label));
  if (b.destination.required && !h.destination.required) out.push(change(ChangeType.RequiredRemoved, `${at}/destination/required`, `${field} is no longer required`, label));
  out.push(...compareChoices(b.source?.choices, h.source?.choices, `${at}/source/choices`, 'source', field));
  out.push(...compareChoices(b.destination.choices, h.destination.choices, `${at}/destination/choices`, 'destination', field));
  // Transforms: inline value maps entry by entry; a named value map is compared file to file.
  const { description: bd, valueMap: bvm, ...bt } = b.transform ?? {};
  const { description: hd, valueMap: hvm, ...ht } = h.transform ?? {};
  if (!same(bt, ht)) out.push(change(ChangeType.TransformChanged, `${at}/transform`, `transform ${show(Object.keys(bt).length ? bt : undefined)} -> ${show(Object.keys(ht).length ? ht : undefined)}`, label));
  if (typeof bvm === 'object' && typeof hvm === 'object') out.push(...compareEntries(entriesOf(bvm), entriesOf(hvm), `${at}/transform/valueMap`, label));
  else if (!same(bvm, hvm)) out.push(change(ChangeType.TransformChanged, `${at}/transform/valueMap`, `value map ${show(bvm)} -> ${show(hvm)}`, label));
  if (bd !== hd) out.push(change(ChangeType.DocumentationChanged, `${at}/transform/description`, 'transform description changed', label));
  if (b.status !== h.status) out.push(change(ChangeType.StatusChanged, `${at}/status`, `status ${show(b.status)} -> ${show(h.status)}`, label));
  if (b.comment !== h.comment || b.notes !== h.notes) out.push(change(ChangeType.CommentChanged, `${at}/comment`, 'comment changed', label));
  const docs = (f: Field) => [f.source?.sample, f.source?.description, f.source?.label, f.source?.format, f.destination.description, f.destination.label, f.destination.maxLength, f.destination.format, f.id];
  if (!same(docs(b), docs(h))) out.push(change(ChangeType.DocumentationChanged, at, 'field documentation changed', label));
  return out;
}

/** Changes between two versions of one mapping (value maps it names are compared separately). */
export function compareMappings(base: Mapping, head: Mapping): Change[] {
  const out: Change[] = [];
  for (const side of ['source', 'destination'] as const) {
    for (const key of ['system', 'resource'] as const) {
      if (base[side][key] !== head[side][key]) out.push(change(ChangeType.EndpointChanged, `/${side}/${key}`, `${side} ${key} ${base[side][key]} -> ${head[side][key]}`));
    }
    const bs = new Set((base[side].samples ?? []).map((s) => JSON.stringify([s.file, s.records ?? null])));
    (head[side].samples ?? []).forEach((s, i) => {
      if (!bs.has(JSON.stringify([s.file, s.records ?? null]))) out.push(change(ChangeType.SampleAdded, toPointer([side, 'samples', i]), `${side} sample ${s.file} added`));
    });
    const hs = new Set((head[side].samples ?? []).map((s) => JSON.stringify([s.file, s.records ?? null])));
    for (const s of base[side].samples ?? []) if (!hs.has(JSON.stringify([s.file, s.records ?? null]))) out.push(change(ChangeType.SampleRemoved, `/${side}/samples`, `${side} sample ${s.file} removed`));
  }
  if (base.destination.operation !== head.destination.operation) out.push(change(ChangeType.EndpointChanged, '/destination/operation', `operation ${show(base.destination.operation)} -> ${show(head.destination.operation)}`));
  if (!same(base.destination.key, head.destination.key)) out.push(change(ChangeType.KeyChanged, '/destination/key', `key ${show(base.destination.key)} -> ${show(head.destination.key)}`));
  if (base.status !== head.status) out.push(change(ChangeType.StatusChanged, '/status', `status ${base.status} -> ${head.status}`));
  if (base.title !== head.title || base.description !== head.description || !same(base.flows, head.flows)) out.push(change(ChangeType.DocumentationChanged, '/title', 'title, description or flows changed'));
  const { pairs, removed, added } = matchFields(base.fields, head.fields);
  for (const i of removed) {
    const f = base.fields[i] as Field;
    out.push(change(ChangeType.FieldRemoved, toPointer(['fields', i]), `field ${f.destination.path} removed`, { field: f.destination.path }));
  }
  for (const i of added) {
    const f = head.fields[i] as Field;
    out.push(change(ChangeType.FieldAdded, toPointer(['fields', i]), `field ${f.destination.path} added${sourceKey(f) ? ` from ${sourceKey(f) ?? ''}` : ''}`, { field: f.destination.path }));
  }
  for (const [b, h] of pairs) out.push(...compareField(base.fields[b] as Field, head.fields[h] as Field, toPointer(['fields', h])));
  return out;
}

/** Changes between two versions of a value map file. */
export function compareValueMaps(base: ValueMapFile, head: ValueMapFile): Change[] {
  const label = { valueMap: head.id };
  const out = compareEntries(entriesOf(base.entries), entriesOf(head.entries), '/entries', label);
  if ((base.unmapped ?? 'error') !== (head.unmapped ?? 'error') || !same(base.default, head.default)) {
    out.push(change(ChangeType.ValueMapPolicyChanged, '/unmapped', `value map ${head.id}: unmapped values ${base.unmapped ?? 'error'}${base.default === undefined ? '' : ` (${show(base.default)})`} -> ${head.unmapped ?? 'error'}${head.default === undefined ? '' : ` (${show(head.default)})`}`, label));
  }
  return out;
}
