import { createRule } from '../create-rule.js';

export default createRule<'eventIncomplete' | 'scheduleMissing' | 'notALane'>({
  id: 'flow-trigger',
  description: 'A flow has one complete trigger: an event names its system and what happens, a schedule its cron; the trigger system is a lane.',
  rulesets: { recommended: 'error', strict: 'error', ready: 'error' },
  messages: {
    eventIncomplete: 'an event trigger says where and what: add `system` and `event`',
    scheduleMissing: 'a schedule trigger needs `schedule`: a cron expression such as "0 2 * * *"',
    notALane: 'the trigger comes from "{{system}}", which has no lane in this flow: add `{ id: {{system}}, kind: system }` to lanes',
  },
  check({ valid, report }) {
    for (const doc of valid.flows) {
      const flow = doc.data;
      const { trigger } = flow;
      if (trigger.type === 'event' && (trigger.system === undefined || trigger.event === undefined)) report({ messageId: 'eventIncomplete', doc, pointer: '/trigger' });
      if (trigger.type === 'schedule' && trigger.schedule === undefined) report({ messageId: 'scheduleMissing', doc, pointer: '/trigger' });
      if (trigger.system !== undefined && !flow.lanes.some((l) => l.id === trigger.system)) report({ messageId: 'notALane', data: { system: trigger.system }, doc, pointer: '/trigger/system' });
    }
  },
});
