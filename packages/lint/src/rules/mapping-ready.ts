import { createRule } from '../create-rule.js';
import { mappingGaps } from '../readiness.js';
import { validMappings } from '../util.js';

export default createRule<'notReady'>({
  id: 'mapping-ready',
  description: 'A mapping marked `status: ready` is complete (DESIGN.md section 5). The claim is reported once; each gap is reported by the rule that owns it.',
  rulesets: { recommended: 'error', strict: 'error', ready: 'error' },
  messages: { notReady: 'this mapping is marked ready but has {{count}} readiness gap(s), the first: {{first}}. Run `interop-design ready` for the checklist' },
  check({ project, valid, sampleFindings, report }) {
    for (const { doc, mapping } of validMappings(valid.mappings)) {
      if (mapping.status !== 'ready') continue;
      const gaps = mappingGaps(project, mapping, doc, sampleFindings);
      if (gaps.length) report({ messageId: 'notReady', data: { count: gaps.length, first: gaps[0]?.message ?? '' }, doc, pointer: '/status' });
    }
  },
});
