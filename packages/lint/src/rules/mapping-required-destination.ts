import type { DesignDocument, Project } from '@interop-design/core';
import type { Mapping } from '@interop-design/schema';
import { createMappingRule } from '../create-rule.js';
import type { ReportDescriptor } from '../types.js';
import { fieldPointer, produces, requiredFromMetadata } from '../util.js';

type M = 'notProduced' | 'missingFromMetadata';

export function gaps(project: Project, mapping: Mapping, doc: DesignDocument): ReportDescriptor<M>[] {
  const out: ReportDescriptor<M>[] = [];
  mapping.fields.forEach((field, i) => {
    if (field.destination.required && !produces(field)) out.push({ messageId: 'notProduced', data: { path: field.destination.path }, doc, pointer: fieldPointer(i, 'destination', 'required') });
  });
  if (mapping.destination.operation === 'delete') return out;
  const required = requiredFromMetadata(project, mapping.destination.system, mapping.destination.resource) ?? [];
  const written = new Set(mapping.fields.filter(produces).map((f) => f.destination.path));
  for (const r of required) {
    if (!written.has(r.name)) out.push({ messageId: 'missingFromMetadata', data: { name: r.name, resource: mapping.destination.resource, file: r.from }, doc, pointer: '/fields' });
  }
  return out;
}

export default createMappingRule<M>({
  id: 'mapping-required-destination',
  description: 'Every destination field that is required, in the spec or in the destination\'s exported metadata, is produced.',
  rulesets: { recommended: 'error', strict: 'error', ready: 'error' },
  messages: {
    notProduced: '{{path}} is required but nothing produces it: give it a source, or a constant or lookup transform',
    missingFromMetadata: '{{resource}} requires {{name}} ({{file}}), and no field writes it: map it, or the destination will reject every record',
  },
  gaps,
});
