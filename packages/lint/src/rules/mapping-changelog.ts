import type { DesignDocument, Project } from '@interop-design/core';
import type { Mapping } from '@interop-design/schema';
import { createMappingRule } from '../create-rule.js';
import type { ReportDescriptor } from '../types.js';

type M = 'noEntry';

export function gaps(_project: Project, mapping: Mapping, doc: DesignDocument): ReportDescriptor<M>[] {
  return (mapping.changelog ?? []).some((c) => c.version === mapping.version) ? [] : [{ messageId: 'noEntry', data: { version: mapping.version }, doc, pointer: '/version' }];
}

export default createMappingRule<M>({
  id: 'mapping-changelog',
  description: 'The mapping\'s version has a changelog entry saying what changed.',
  rulesets: { recommended: 'warning', strict: 'error', ready: 'error' },
  messages: { noEntry: 'version {{version}} has no changelog entry: add `- { version: {{version}}, date: YYYY-MM-DD, changes: ... }` under changelog' },
  gaps,
});
