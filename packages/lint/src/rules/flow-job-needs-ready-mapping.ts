import { toPointer } from '@interop-design/core';
import { createRule } from '../create-rule.js';
import { mappingGaps } from '../readiness.js';

export default createRule<'noMapping' | 'notReady'>({
  id: 'flow-job-needs-ready-mapping',
  description: 'A step may name a job file only once its mapping is ready: jobs are not written against incomplete specs.',
  rulesets: { recommended: 'error', strict: 'error', ready: 'error' },
  messages: {
    noMapping: 'step "{{id}}" names a job but no mapping: name the mapping the job implements',
    notReady: 'step "{{id}}" names a job, but mapping "{{mapping}}" is not ready ({{reason}}): finish the spec before writing the job',
  },
  check({ project, valid, report }) {
    for (const doc of valid.flows) {
      doc.data.steps.forEach((step, i) => {
        if (step.job === undefined) return;
        if (step.mapping === undefined) {
          report({ messageId: 'noMapping', data: { id: step.id }, doc, pointer: toPointer(['steps', i, 'job']) });
          return;
        }
        const decl = project.index.mappings.get(step.mapping);
        if (!decl) return;
        const gaps = decl.value.status === 'ready' ? mappingGaps(project, decl.value, decl.doc) : [];
        const reason = decl.value.status !== 'ready' ? `its status is ${decl.value.status}` : gaps.length ? `${gaps.length} readiness gap${gaps.length === 1 ? '' : 's'}` : '';
        if (reason) report({ messageId: 'notReady', data: { id: step.id, mapping: step.mapping, reason }, doc, pointer: toPointer(['steps', i, 'job']) });
      });
    }
  },
});
