import { createRule } from '../create-rule.js';
import { fieldPointer, validMappings } from '../util.js';

export default createRule<'noComment'>({
  id: 'mapping-field-comment',
  description: 'A field that needs discussion says what is to be discussed.',
  rulesets: { strict: 'warning' },
  messages: { noComment: 'say what needs discussing about {{path}} in `comment`' },
  check({ valid, report }) {
    for (const { doc, mapping } of validMappings(valid.mappings)) {
      mapping.fields.forEach((field, i) => {
        if (field.status === 'needs-discussion' && !field.comment?.trim()) report({ messageId: 'noComment', data: { path: field.destination.path }, doc, pointer: fieldPointer(i, 'status') });
      });
    }
  },
});
