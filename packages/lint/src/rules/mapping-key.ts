import type { DesignDocument, Project } from '@interop-design/core';
import type { Mapping } from '@interop-design/schema';
import { createMappingRule } from '../create-rule.js';
import type { ReportDescriptor } from '../types.js';

type M = 'missingKey' | 'missingSourceKey' | 'keyNotMapped';

export function gaps(_project: Project, mapping: Mapping, doc: DesignDocument): ReportDescriptor<M>[] {
  const { operation, key } = mapping.destination;
  if (operation !== 'upsert' && operation !== 'update') return [];
  if (!key) return [{ messageId: 'missingKey', data: { operation }, doc, pointer: '/destination/operation' }];
  if (key.source === undefined) return [{ messageId: 'missingSourceKey', data: { operation }, doc, pointer: '/destination/key' }];
  const mapped = mapping.fields.some((f) => f.destination.path === key.destination);
  return mapped ? [] : [{ messageId: 'keyNotMapped', data: { path: key.destination }, doc, pointer: '/destination/key/destination' }];
}

export default createMappingRule<M>({
  id: 'mapping-key',
  description: 'An upsert or update names the unique identifier on both sides, and writes the destination key.',
  rulesets: { recommended: 'error', strict: 'error', ready: 'error' },
  messages: {
    missingKey: 'an {{operation}} needs `key: { source: <path>, destination: <field> }`, the identifier that finds the existing record',
    missingSourceKey: 'the key needs `source`: the source path whose value identifies the record for an {{operation}}',
    keyNotMapped: 'no field writes the key {{path}}: map the source identifier to it',
  },
  gaps,
});
