import { createRule } from '../create-rule.js';
import { fieldPointer, validMappings } from '../util.js';

export default createRule<'undescribed'>({
  id: 'mapping-expression-description',
  description: 'An expression transform says in words what it does, for reviewers who do not read code.',
  rulesets: { recommended: 'warning', strict: 'error', ready: 'error' },
  messages: { undescribed: 'say what this expression does in `transform.description`, for reviewers who do not read code' },
  check({ valid, report }) {
    for (const { doc, mapping } of validMappings(valid.mappings)) {
      mapping.fields.forEach((field, i) => {
        if (field.transform?.expression !== undefined && !field.transform.description?.trim()) report({ messageId: 'undescribed', doc, pointer: fieldPointer(i, 'transform', 'expression') });
      });
    }
  },
});
