import { createRule } from '../create-rule.js';

export default createRule<'noEvent'>({
  id: 'requirements-realtime-trigger',
  description: 'A real-time integration is started by an event (a webhook, a data-forwarding rule), not a schedule.',
  rulesets: { recommended: 'error', strict: 'error', ready: 'error' },
  messages: { noEvent: 'a real-time integration needs an event trigger: add `{ type: event, system: <id>, event: <what happens> }` under triggers' },
  check({ valid, report }) {
    const doc = valid.requirements;
    const r = doc?.data;
    if (!doc || r?.frequency !== 'real-time' || r.triggers === 'unknown') return;
    if (!(r.triggers ?? []).some((t) => t.type === 'event')) report({ messageId: 'noEvent', doc, pointer: r.triggers ? '/triggers' : '/frequency' });
  },
});
