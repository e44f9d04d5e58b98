import { FieldPathError, formatFieldPath, tryParseFieldPath } from '@interop-design/core';
import type { DesignDocument, Project } from '@interop-design/core';
import { structureOf } from '@interop-design/metadata';
import type { CatalogueField, CatalogueResource, StructureField } from '@interop-design/metadata';
import type { Field, Mapping } from '@interop-design/schema';
import { createMappingRule } from '../create-rule.js';
import { lookup, metadataSide, relatedAt } from '../metadata.js';
import type { ReportDescriptor } from '../types.js';
import { produces } from '../util.js';

type M = 'missing' | 'structure';

/** A path written back in canonical form (`["a"].b` and `a.b` alike); `undefined` when it does not parse (another rule reports it). */
function canonical(path: string): string | undefined {
  const parsed = tryParseFieldPath(path);
  return parsed instanceof FieldPathError ? undefined : formatFieldPath(parsed.segments);
}

/** The item of a list a structure path lies in when that item exists only if written (a DHIS2 stage's event): `enrollments[0].events[programStage=X]`. */
function optionalItem(path: string): string | undefined {
  const at = path.indexOf('.events[');
  if (at < 0) return undefined;
  const end = path.indexOf(']', at);
  return end < 0 ? undefined : path.slice(0, end + 1);
}

/**
 * The payload structure a resource needs that no field writes (a DHIS2 program's tracked entity
 * type, org unit, enrollment program and date; a stage event's org unit and date when the mapping
 * writes anything in that event).
 */
function structureGaps(resources: readonly CatalogueResource[], written: ReadonlySet<string>): { resource: CatalogueResource; part: StructureField }[] {
  const missing: { resource: CatalogueResource; part: StructureField }[] = [];
  for (const { resource, part } of structureOf(resources)) {
    const path = canonical(part.path);
    if (path === undefined || written.has(path) || part.aliases?.some((a) => written.has(canonical(a) ?? a))) continue;
    const item = optionalItem(path);
    if (item !== undefined && ![...written].some((w) => w.startsWith(`${item}.`))) continue;
    missing.push({ resource, part });
  }
  return missing;
}

/**
 * The canonical paths a mapping writes, an event addressed by position (`events[]`, `events[0]`)
 * whose `programStage` a field sets to a constant read as that stage's event (`events[programStage=X]`),
 * as OpenFn jobs often build the tracker payload.
 */
function structurePaths(paths: readonly string[], producing: readonly Field[]): Set<string> {
  const stageOf = new Map<string, string>();
  for (const f of producing) {
    const path = canonical(f.destination.path);
    const constant = f.transform?.constant;
    const item = path === undefined ? null : /^(.*\.events\[\d*\])\.programStage$/u.exec(path);
    if (!item?.[1] || typeof constant !== 'string') continue;
    const alias = canonical(`${item[1].slice(0, item[1].lastIndexOf('['))}[programStage=${JSON.stringify(constant)}]`);
    if (alias !== undefined) stageOf.set(item[1], alias);
  }
  const out = new Set<string>();
  for (const p of paths) {
    const path = canonical(p);
    if (path === undefined) continue;
    const item = optionalItem(path);
    const alias = item === undefined ? undefined : stageOf.get(item);
    out.add(item !== undefined && alias !== undefined ? alias + path.slice(item.length) : path);
  }
  return out;
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
  const writtenPaths = structurePaths(paths, producing);
  const out: ReportDescriptor<M>[] = [];
  for (const { resource, part } of structureGaps(dst.resources, writtenPaths)) {
    out.push({
      messageId: 'structure',
      data: { name: part.path, what: part.note, resource: resource.id, system: mapping.destination.system, value: part.constant === undefined ? 'a source or a constant' : `the constant ${part.constant}` },
      doc,
      pointer: '/fields',
      related: relatedAt(dst.catalogue, resource.origin, `${part.path} is ${part.note}`),
    });
  }
  for (const resource of dst.resources) {
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
