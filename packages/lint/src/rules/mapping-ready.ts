import { createRule } from '../create-rule.js';
import { mappingGaps } from '../readiness.js';
import { validMappings } from '../util.js';

export default createRule<'notReady'>({
  id: 'mapping-ready',
  description: 'A mapping marked `status: ready` is complete (DESIGN.md section 5). Under the ready ruleset the gaps of every mapping are reported by the rules that own them.',
  rulesets: { recommended: 'error', strict: 'error', ready: 'error' },
  messages: { notReady: 'this mapping is marked ready but is not: {{gap}}' },
  check({ project, valid, report }) {
    for (const { doc, mapping } of validMappings(valid.mappings)) {
      if (mapping.status !== 'ready') continue;
      for (const gap of mappingGaps(project, mapping, doc)) report({ messageId: 'notReady', data: { gap: gap.message }, doc: gap.doc, pointer: gap.pointer, ...(gap.target ? { target: gap.target } : {}) });
    }
  },
});
