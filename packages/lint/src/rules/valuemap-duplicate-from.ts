import { toPointer } from '@interop-design/core';
import { createRule } from '../create-rule.js';

export default createRule<'duplicate'>({
  id: 'valuemap-duplicate-from',
  description: 'Each source value appears once in a value map; a second entry would be ambiguous.',
  rulesets: { recommended: 'error', strict: 'error', ready: 'error' },
  messages: { duplicate: '"{{from}}" is already mapped by entry {{first}}: remove one of the two' },
  check({ valid, report }) {
    for (const doc of valid.valueMaps) {
      // One pass with a map of codes: linear in the number of entries (a 420,000-entry map is fine).
      const firstOf = new Map<string, number>();
      doc.data.entries.forEach((entry, i) => {
        const code = String(entry.from);
        const first = firstOf.get(code) ?? i;
        if (first === i) firstOf.set(code, i);
        else report({ messageId: 'duplicate', data: { from: String(entry.from), first: first + 1 }, doc, pointer: toPointer(['entries', i, 'from']) });
      });
    }
  },
});
