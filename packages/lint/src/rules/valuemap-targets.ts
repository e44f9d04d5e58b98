import { toPointer } from '@interop-design/core';
import { createRule } from '../create-rule.js';

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
      const dest = vm.destination?.choices;
      const src = vm.source?.choices;
      // Codes compared as text (1 and "1" are one code), through sets: linear in entries and choices.
      const destCodes = dest ? new Set(dest.map(String)) : undefined;
      const srcCodes = src ? new Set(src.map(String)) : undefined;
      vm.entries.forEach((entry, i) => {
        if (dest && !destCodes?.has(String(entry.to))) report({ messageId: 'notAccepted', data: { to: String(entry.to), choices: dest.map(String).join(', ') }, doc, pointer: toPointer(['entries', i, 'to']) });
        if (src && !srcCodes?.has(String(entry.from))) report({ messageId: 'sourceNotDeclared', data: { from: String(entry.from) }, doc, pointer: toPointer(['entries', i, 'from']) });
      });
      if (dest && vm.default !== undefined && !destCodes?.has(String(vm.default))) {
        report({ messageId: 'notAccepted', data: { to: String(vm.default), choices: dest.map(String).join(', ') }, doc, pointer: '/default' });
      }
    }
  },
});
