import type { DesignDocument } from '@interop-design/core';
import type { Mapping } from '@interop-design/schema';
import { createMappingRule } from '../create-rule.js';
import type { ReportDescriptor } from '../types.js';
import { fieldPointer, produces } from '../util.js';

type M = 'notProduced';

/** Required fields of the spec; the destination's exported metadata is judged by metadata-required. */
export function gaps(_project: unknown, mapping: Mapping, doc: DesignDocument): ReportDescriptor<M>[] {
  const out: ReportDescriptor<M>[] = [];
  mapping.fields.forEach((field, i) => {
    if (field.destination.required && !produces(field)) out.push({ messageId: 'notProduced', data: { path: field.destination.path }, doc, pointer: fieldPointer(i, 'destination', 'required') });
  });
  return out;
}

export default createMappingRule<M>({
  id: 'mapping-required-destination',
  description: 'Every destination field the spec marks required is produced (the exported metadata\'s required fields: metadata-required).',
  rulesets: { recommended: 'error', strict: 'error', ready: 'error' },
  messages: {
    notProduced: '{{path}} is required but nothing produces it: give it a source, or a constant or lookup transform',
  },
  gaps,
});
