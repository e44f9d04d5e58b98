import { createRule } from '../create-rule.js';

export default createRule<'missingDefault' | 'unusedDefault'>({
  id: 'valuemap-default',
  description: '`unmapped: default` comes with a `default`, and a `default` is only given with `unmapped: default`.',
  rulesets: { recommended: 'error', strict: 'error', ready: 'error' },
  messages: {
    missingDefault: '`unmapped: default` needs `default`: the value written for codes without an entry',
    unusedDefault: 'this default is never used: set `unmapped: default`, or remove it',
  },
  check({ valid, report }) {
    for (const doc of valid.valueMaps) {
      const vm = doc.data;
      if (vm.unmapped === 'default' && vm.default === undefined) report({ messageId: 'missingDefault', doc, pointer: '/unmapped' });
      if (vm.unmapped !== 'default' && vm.default !== undefined) report({ messageId: 'unusedDefault', doc, pointer: '/default' });
    }
  },
});
