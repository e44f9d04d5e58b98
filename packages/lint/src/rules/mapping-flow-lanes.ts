import { toPointer } from '@interop-design/core';
import { createRule } from '../create-rule.js';
import { validMappings } from '../util.js';

export default createRule<'noLane' | 'notApplied'>({
  id: 'mapping-flow-lanes',
  description: 'The flows a mapping serves have lanes for its source and destination systems, and a step that applies it.',
  rulesets: { recommended: 'error', strict: 'error', ready: 'error' },
  messages: {
    noLane: 'flow "{{flow}}" has no lane for the {{side}} system "{{system}}": add `{ id: {{system}}, kind: system }` to its lanes',
    notApplied: 'flow "{{flow}}" has no step with `mapping: {{id}}`: name this mapping on the step that applies it',
  },
  check({ project, valid, report }) {
    for (const { doc, mapping } of validMappings(valid.mappings)) {
      (mapping.flows ?? []).forEach((flowId, i) => {
        const flow = project.index.flows.get(flowId)?.value;
        if (!flow || !Array.isArray(flow.lanes) || !Array.isArray(flow.steps)) return;
        for (const side of ['source', 'destination'] as const) {
          const system = mapping[side].system;
          if (!flow.lanes.some((l) => l.id === system)) report({ messageId: 'noLane', data: { flow: flowId, side, system }, doc, pointer: toPointer(['flows', i]) });
        }
        if (!flow.steps.some((s) => s.mapping === mapping.id)) report({ messageId: 'notApplied', data: { flow: flowId, id: mapping.id }, doc, pointer: toPointer(['flows', i]) });
      });
    }
  },
});
