import { createRule } from '../create-rule.js';
import { metadataSide } from '../metadata.js';

type M = 'unknownResource';

export default createRule<M>({
  id: 'metadata-unknown-resource',
  description: 'The source or destination resource of a mapping names something in that system\'s exported metadata (an object, program, stage, form or table).',
  rulesets: { recommended: 'info', strict: 'info', ready: 'info' },
  messages: {
    unknownResource: '"{{resource}}" names nothing in the {{system}} metadata ({{files}}): its fields are not checked. Export the metadata of this {{kind}}, or name it by its id (known: {{known}})',
  },
  check({ project, valid, report }) {
    for (const doc of valid.mappings) {
      const mapping = doc.data;
      for (const side of ['source', 'destination'] as const) {
        const m = metadataSide(project, mapping, side);
        if (!m || m.resources.length || !m.system.resources.length) continue;
        const known = [...new Set(m.system.resources.map((r) => r.id))];
        report({
          messageId: 'unknownResource',
          data: { resource: mapping[side].resource, system: mapping[side].system, files: m.system.files.join(', '), kind: m.system.resources[0]?.kind ?? 'resource', known: `${known.slice(0, 8).join(', ')}${known.length > 8 ? ', ...' : ''}` },
          doc,
          pointer: `/${side}/resource`,
        });
      }
    }
  },
});
