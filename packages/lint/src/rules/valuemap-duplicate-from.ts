import { toPointer } from '@interop-design/core';
import { createRule } from '../create-rule.js';
import { sameCode } from '../util.js';

export default createRule<'duplicate'>({
  id: 'valuemap-duplicate-from',
  description: 'Each source value appears once in a value map; a second entry would be ambiguous.',
  rulesets: { recommended: 'error', strict: 'error', ready: 'error' },
  messages: { duplicate: '"{{from}}" is already mapped by entry {{first}}: remove one of the two' },
  check({ valid, report }) {
    for (const doc of valid.valueMaps) {
      const entries = doc.data?.entries ?? [];
      entries.forEach((entry, i) => {
        const first = entries.findIndex((e) => sameCode(e.from, entry.from));
        if (first !== i) report({ messageId: 'duplicate', data: { from: String(entry.from), first: first + 1 }, doc, pointer: toPointer(['entries', i, 'from']) });
      });
    }
  },
});
