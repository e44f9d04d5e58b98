import { FieldPathError, formatFieldPath, tryParseFieldPath } from '@interop-design/core';
import type { DesignDocument, Project } from '@interop-design/core';
import { recordResources, structureOf } from '@interop-design/metadata';
import type { CatalogueField, CatalogueResource, StructureField } from '@interop-design/metadata';
import type { Mapping } from '@interop-design/schema';
import { createMappingRule } from '../create-rule.js';
import { canonical, lookup, metadataSide, relatedAt } from '../metadata.js';
import type { ReportDescriptor } from '../types.js';
import { produces } from '../util.js';

type M = 'missing' | 'structure';

/**
 * The texts a pick item (`enrollments[0].events[programStage=X]`) is also written as: by position
 * (`enrollments[0].events[]`, `[0]`) where a field sets the pick key to its value as a constant, as
 * OpenFn jobs often build a DHIS2 tracker payload.
 */
function itemsByPosition(item: string, constants: ReadonlyMap<string, unknown>): string[] {
  const parsed = tryParseFieldPath(item);
  if (parsed instanceof FieldPathError) return [];
  const last = parsed.segments[parsed.segments.length - 1];
  if (last?.kind !== 'filter' || last.keyPath.length !== 1) return [];
  const list = formatFieldPath(parsed.segments.slice(0, -1));
  const tail = `].${last.keyPath[0] ?? ''}`;
  const out: string[] = [];
  for (const [path, constant] of constants) {
    if (!path.startsWith(`${list}[`) || !path.endsWith(tail) || constant !== last.value) continue;
    const index = path.slice(list.length + 1, path.length - tail.length);
    if (/^\d*$/u.test(index)) out.push(`${list}[${index}]`);
  }
  return out;
}

/**
 * Whether a path with a `[]` (`dataValues[].period`: on each value) is written in an item of that
 * list picked another way (`dataValues[dataElement=X].period`, `dataValues[0].period`).
 */
function writtenInItem(name: string, written: readonly string[]): boolean {
  const at = name.indexOf('[]');
  if (at < 0) return false;
  const before = `${name.slice(0, at)}[`;
  const after = `]${name.slice(at + 2)}`;
  return written.some((w) => w.length > before.length + after.length && w.startsWith(before) && w.endsWith(after) && !w.slice(before.length, w.length - after.length).includes('['));
}

/**
 * The payload structure the named resources need that no field writes (see `structureOf`): a part
 * within a list item (a DHIS2 stage's event) only when something is written in that item.
 * `written` holds the canonical paths written, `constants` the constant each writes.
 */
function structureGaps(resources: readonly CatalogueResource[], written: ReadonlySet<string>, constants: ReadonlyMap<string, unknown>): { resource: CatalogueResource; part: StructureField }[] {
  const missing: { resource: CatalogueResource; part: StructureField }[] = [];
  const writtenList = [...written];
  for (const { resource, part } of structureOf(resources)) {
    const path = canonical(part.path);
    if (path === undefined) continue;
    const names = [path, ...(part.aliases ?? []).map((a) => canonical(a) ?? a)];
    const within = part.within === undefined ? undefined : canonical(part.within);
    if (within !== undefined && path.startsWith(within)) {
      const items = [within, ...itemsByPosition(within, constants)];
      if (!writtenList.some((w) => items.some((i) => w.startsWith(`${i}.`)))) continue;
      names.push(...items.slice(1).map((i) => i + path.slice(within.length)));
    }
    if (!names.some((n) => written.has(n) || writtenInItem(n, writtenList))) missing.push({ resource, part });
  }
  return missing;
}

/** Required fields of the destination resource(s) the mapping names that no field produces; shared with the readiness gate. */
export function gaps(project: Project, mapping: Mapping, doc: DesignDocument): ReportDescriptor<M>[] {
  const op = mapping.destination.operation;
  if (op !== 'create' && op !== 'upsert') return [];
  const dst = metadataSide(project, mapping, 'destination');
  if (!dst?.resources.length) return [];
  const written = new Set<CatalogueField>();
  const producing = mapping.fields.filter((f) => produces(f) || f.transform?.valueMap !== undefined);
  const paths = producing.map((f) => f.destination.path);
  if (mapping.destination.key?.destination !== undefined && mapping.destination.key.source !== undefined) paths.push(mapping.destination.key.destination);
  for (const p of paths) {
    const found = lookup(dst, p);
    if (found?.kind === 'found') written.add(found.field);
  }
  const writtenPaths = new Set(paths.flatMap((p) => canonical(p) ?? []));
  const constants = new Map(producing.flatMap((f) => (f.transform?.constant === undefined ? [] : [[canonical(f.destination.path) ?? f.destination.path, f.transform.constant] as const])));
  const out: ReportDescriptor<M>[] = [];
  for (const { resource, part } of structureGaps(dst.resources, writtenPaths, constants)) {
    out.push({
      messageId: 'structure',
      data: { name: part.path, what: part.note, resource: resource.id, system: mapping.destination.system, value: part.constant === undefined ? 'a source or a constant' : `the constant ${part.constant}` },
      doc,
      pointer: '/fields',
      related: relatedAt(dst.catalogue, resource.origin, `${part.path} is ${part.note}`),
    });
  }
  for (const resource of recordResources(dst.resources)) {
    for (const field of resource.fields.values()) {
      if (!field.required || written.has(field)) continue;
      out.push({
        messageId: 'missing',
        data: { name: field.path, resource: resource.id, system: mapping.destination.system },
        doc,
        pointer: '/fields',
        related: relatedAt(dst.catalogue, field.origin, `${field.path} is required here`),
      });
    }
  }
  return out;
}

export default createMappingRule<M>({
  id: 'metadata-required',
  description: 'Every field the destination resource\'s exported metadata requires on create, and the payload structure its import needs, is produced by the mapping (judged per resource).',
  rulesets: { recommended: 'error', strict: 'error', ready: 'error' },
  messages: {
    missing: '{{resource}} in {{system}} requires {{name}}, and no field writes it: map it, or the destination rejects every record (REQUIRED_FIELD_MISSING)',
    structure: '{{resource}} in {{system}} needs {{name}} ({{what}}), and no field writes it: give it {{value}}, or the import rejects every record',
  },
  gaps,
});
