import { toPointer } from '@interop-design/core';
import { createRule } from '../create-rule.js';
import { stepsWithoutFailurePath } from '../util.js';

export default createRule<'noFailurePath'>({
  id: 'flow-failure-path',
  description: 'Every automated step that writes to a system has a failure path: what happens when the write fails.',
  rulesets: { recommended: 'warning', strict: 'error', ready: 'error' },
  messages: { noFailurePath: 'step "{{id}}" writes to a system but has no failure path: add `next: [{ to: <step>, on: failure }]`' },
  check({ valid, report }) {
    for (const doc of valid.flows) {
      for (const { step, index } of stepsWithoutFailurePath(doc.data)) report({ messageId: 'noFailurePath', data: { id: step.id }, doc, pointer: toPointer(['steps', index, step.next ? 'next' : 'id']) });
    }
  },
});
