import { createRule } from '../create-rule.js';
import { fieldPointer, validMappings } from '../util.js';

export default createRule<'duplicate'>({
  id: 'mapping-duplicate-destination',
  description: 'No two fields write the same destination path: the second would silently overwrite the first.',
  rulesets: { recommended: 'error', strict: 'error', ready: 'error' },
  messages: { duplicate: '{{path}} is already written by field {{first}}: merge the two fields or correct the path' },
  check({ valid, report }) {
    for (const { doc, mapping } of validMappings(valid.mappings)) {
      const seen = new Map<string, number>();
      mapping.fields.forEach((field, i) => {
        if (field.status === 'deprecated') return;
        const first = seen.get(field.destination.path);
        if (first === undefined) seen.set(field.destination.path, i);
        else report({ messageId: 'duplicate', data: { path: field.destination.path, first: first + 1 }, doc, pointer: fieldPointer(i, 'destination', 'path') });
      });
    }
  },
});
