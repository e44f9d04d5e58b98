import { toPointer } from '@interop-design/core';
import { createRule } from '../create-rule.js';
import { reachableSteps } from '../util.js';

export default createRule<'unreachable'>({
  id: 'flow-reachable',
  description: 'Every step of a flow can be reached from the first step, where the trigger enters.',
  rulesets: { recommended: 'error', strict: 'error', ready: 'error' },
  messages: { unreachable: 'step "{{id}}" cannot be reached from the first step "{{first}}": link it with `next` or remove it' },
  check({ valid, report }) {
    for (const doc of valid.flows) {
      const flow = doc.data;
      const ids = new Set(flow.steps.map((s) => s.id));
      const broken = flow.steps.some((s) => (s.next ?? []).some((e) => !ids.has(typeof e === 'string' ? e : e.to)));
      if (broken) continue; // an edge to an unknown step is reported as reference-step
      const reached = reachableSteps(flow);
      flow.steps.forEach((step, i) => {
        if (!reached.has(step.id)) report({ messageId: 'unreachable', data: { id: step.id, first: flow.steps[0].id }, doc, pointer: toPointer(['steps', i, 'id']) });
      });
    }
  },
});
