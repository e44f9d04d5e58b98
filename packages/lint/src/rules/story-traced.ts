import { toPointer } from '@interop-design/core';
import { createRule } from '../create-rule.js';

export default createRule<'untraced'>({
  id: 'story-traced',
  description: 'Every user story is served by at least one data flow.',
  rulesets: { recommended: 'warning', strict: 'error', ready: 'error' },
  messages: { untraced: 'no flow serves story "{{id}}": list it under `stories` in the flow that implements it' },
  check({ project, valid, report }) {
    const served = new Set(project.flows.flatMap((f) => (Array.isArray(f.data?.stories) ? f.data.stories : [])));
    if (project.flows.some((f) => f.data === undefined)) return;
    for (const doc of valid.stories) {
      doc.data.stories.forEach((story, i) => {
        if (!served.has(story.id)) report({ messageId: 'untraced', data: { id: story.id }, doc, pointer: toPointer(['stories', i, 'id']) });
      });
    }
  },
});
