import { createRule } from '../create-rule.js';

export default createRule<'noStory'>({
  id: 'flow-story',
  description: 'Every data flow names the user stories it serves.',
  rulesets: { recommended: 'warning', strict: 'error', ready: 'error' },
  messages: { noStory: 'flow "{{id}}" serves no user story: list the story ids under `stories`' },
  check({ valid, report }) {
    for (const doc of valid.flows) {
      const flow = doc.data;
      if ((flow.stories ?? []).length === 0) report({ messageId: 'noStory', data: { id: flow.id }, doc, pointer: flow.stories ? '/stories' : '/id' });
    }
  },
});
