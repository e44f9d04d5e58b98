import { toPointer } from '@interop-design/core';
import { createRule } from '../create-rule.js';

export default createRule<'mismatch'>({
  id: 'flow-actor-lane',
  description: 'A step\'s actor matches its lane: people act in user lanes, systems in system lanes.',
  rulesets: { recommended: 'error', strict: 'error', ready: 'error' },
  messages: { mismatch: 'step "{{id}}" has actor {{actor}} but sits in the {{kind}} lane "{{lane}}": move it or correct the actor' },
  check({ valid, report }) {
    for (const doc of valid.flows) {
      const flow = doc.data;
      flow.steps.forEach((step, i) => {
        const lane = flow.lanes.find((l) => l.id === step.lane);
        if (!lane || !step.actor) return;
        if ((step.actor === 'user') !== (lane.kind === 'user')) report({ messageId: 'mismatch', data: { id: step.id, actor: step.actor, kind: lane.kind, lane: lane.id }, doc, pointer: toPointer(['steps', i, 'actor']) });
      });
    }
  },
});
