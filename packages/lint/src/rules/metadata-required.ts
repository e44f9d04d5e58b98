import type { DesignDocument, Project } from '@interop-design/core';
import type { CatalogueField } from '@interop-design/metadata';
import type { Mapping } from '@interop-design/schema';
import { createMappingRule } from '../create-rule.js';
import { lookup, metadataSide, relatedAt } from '../metadata.js';
import type { ReportDescriptor } from '../types.js';
import { produces } from '../util.js';

type M = 'missing';

/** Required fields of the destination resource(s) the mapping names that no field produces; shared with the readiness gate. */
export function gaps(project: Project, mapping: Mapping, doc: DesignDocument): ReportDescriptor<M>[] {
  const op = mapping.destination.operation;
  if (op !== 'create' && op !== 'upsert') return [];
  const dst = metadataSide(project, mapping, 'destination');
  if (!dst?.resources.length) return [];
  const written = new Set<CatalogueField>();
  const paths = mapping.fields.filter((f) => produces(f) || f.transform?.valueMap !== undefined).map((f) => f.destination.path);
  if (mapping.destination.key?.destination !== undefined && mapping.destination.key.source !== undefined) paths.push(mapping.destination.key.destination);
  for (const p of paths) {
    const found = lookup(dst, p);
    if (found?.kind === 'found') written.add(found.field);
  }
  const out: ReportDescriptor<M>[] = [];
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
  description: 'Every field the destination resource\'s exported metadata requires on create is produced by the mapping (judged per resource).',
  rulesets: { recommended: 'error', strict: 'error', ready: 'error' },
  messages: {
    missing: '{{resource}} in {{system}} requires {{name}}, and no field writes it: map it, or the destination rejects every record (REQUIRED_FIELD_MISSING)',
  },
  gaps,
});
