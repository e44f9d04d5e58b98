import { createRule } from '../create-rule.js';
import { fieldPointer, validMappings } from '../util.js';

export default createRule<'nothing' | 'pathAndPaths'>({
  id: 'mapping-field-source',
  description: 'Every field gets its value from somewhere: a source path, or a constant or lookup transform.',
  rulesets: { recommended: 'error', strict: 'error', ready: 'error' },
  messages: {
    nothing: 'nothing produces {{path}}: add `source: { path: ... }`, or a `constant` or `lookup` transform',
    pathAndPaths: 'a source has `path` or `paths`, not both',
  },
  check({ valid, report }) {
    for (const { doc, mapping } of validMappings(valid.mappings)) {
      mapping.fields.forEach((field, i) => {
        const t = field.transform;
        if (field.source?.path !== undefined && field.source.paths !== undefined) report({ messageId: 'pathAndPaths', doc, pointer: fieldPointer(i, 'source', 'paths') });
        const hasSource = field.source?.path !== undefined || field.source?.paths !== undefined;
        if (!hasSource && t?.constant === undefined && t?.lookup === undefined && t?.expression === undefined) {
          report({ messageId: 'nothing', data: { path: field.destination.path }, doc, pointer: fieldPointer(i, 'destination', 'path') });
        }
      });
    }
  },
});
