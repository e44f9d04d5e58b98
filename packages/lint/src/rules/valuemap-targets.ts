import { toPointer } from '@interop-design/core';
import { createRule } from '../create-rule.js';
import { sameCode } from '../util.js';

export default createRule<'notAccepted' | 'sourceNotDeclared'>({
  id: 'valuemap-targets',
  description: 'A value map only produces values among its destination choices, and only maps values among its source choices, where those are declared.',
  rulesets: { recommended: 'error', strict: 'error', ready: 'error' },
  messages: {
    notAccepted: '"{{to}}" is not among the destination choices: use one of {{choices}}',
    sourceNotDeclared: '"{{from}}" is not among the source choices: correct it or declare it under source.choices',
  },
  check({ valid, report }) {
    for (const doc of valid.valueMaps) {
      const vm = doc.data;
      if (!vm) continue;
      const dest = vm.destination?.choices;
      const src = vm.source?.choices;
      vm.entries.forEach((entry, i) => {
        if (dest && !dest.some((c) => sameCode(c, entry.to))) report({ messageId: 'notAccepted', data: { to: String(entry.to), choices: dest.map(String).join(', ') }, doc, pointer: toPointer(['entries', i, 'to']) });
        if (src && !src.some((c) => sameCode(c, entry.from))) report({ messageId: 'sourceNotDeclared', data: { from: String(entry.from) }, doc, pointer: toPointer(['entries', i, 'from']) });
      });
      if (dest && vm.default !== undefined && !dest.some((c) => sameCode(c, vm.default as string))) {
        report({ messageId: 'notAccepted', data: { to: String(vm.default), choices: dest.map(String).join(', ') }, doc, pointer: '/default' });
      }
    }
  },
});
