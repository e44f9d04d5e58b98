import { createRule } from '../create-rule.js';

export default createRule<'missing'>({
  id: 'requirements-system-of-record',
  description: 'A two-way integration names the system of record, so conflicts have a winner.',
  rulesets: { recommended: 'error', strict: 'error', ready: 'error' },
  messages: { missing: 'a two-way integration needs `systemOfRecord`: the system id whose data wins, or a map of resource to system id' },
  check({ valid, report }) {
    const doc = valid.requirements;
    if (doc?.data.direction === 'two-way' && doc.data.systemOfRecord === undefined) report({ messageId: 'missing', doc, pointer: '/direction' });
  },
});
