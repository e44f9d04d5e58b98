import type { DesignDocument, Project } from '@interop-design/core';
import type { Mapping } from '@interop-design/schema';
import { createMappingRule } from '../create-rule.js';
import type { ReportDescriptor } from '../types.js';
import { fieldPointer } from '../util.js';

type M = 'needsDiscussion' | 'new' | 'unset';

export function gaps(_project: Project, mapping: Mapping, doc: DesignDocument): ReportDescriptor<M>[] {
  const out: ReportDescriptor<M>[] = [];
  mapping.fields.forEach((field, i) => {
    const data = { path: field.destination.path };
    if (field.status === 'needs-discussion') out.push({ messageId: 'needsDiscussion', data, doc, pointer: fieldPointer(i, 'status') });
    else if (field.status === 'new') out.push({ messageId: 'new', data, doc, pointer: fieldPointer(i, 'status') });
    else if (field.status === undefined) out.push({ messageId: 'unset', data, doc, pointer: fieldPointer(i) });
  });
  return out;
}

export default createMappingRule<M>({
  id: 'mapping-field-status',
  description: 'Fields that are new or need discussion are listed for reviewers; a mapping is ready only when every field is agreed.',
  rulesets: { recommended: 'info', strict: 'info', ready: 'error' },
  messages: {
    needsDiscussion: 'the field writing {{path}} needs discussion',
    new: 'the field writing {{path}} is new: review it',
    unset: 'the field writing {{path}} has no review status: set `status: agreed` once reviewed',
  },
  gaps,
});
