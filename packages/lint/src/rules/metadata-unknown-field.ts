import { createRule } from '../create-rule.js';
import { destinationPathsOf, lookup, metadataSide, relatedAt, sourcePathsOf } from '../metadata.js';

type M = 'unknownField' | 'unknownFieldSuggest';

export default createRule<M>({
  id: 'metadata-unknown-field',
  description: 'Every source and destination path is a field of the resource in the system\'s exported metadata.',
  rulesets: { recommended: 'error', strict: 'error', ready: 'error' },
  messages: {
    unknownField: '{{path}} is not a field of {{resource}} in the {{system}} metadata: correct the path, or export the metadata again if the field is new',
    unknownFieldSuggest: '{{path}} is not a field of {{resource}} in the {{system}} metadata: did you mean {{suggestion}}?',
  },
  check({ project, valid, report }) {
    for (const doc of valid.mappings) {
      const mapping = doc.data;
      for (const side of ['source', 'destination'] as const) {
        const m = metadataSide(project, mapping, side);
        // A side with no metadata, or naming no resource in it, has nothing to judge.
        if (!m?.resources.length) continue;
        for (const p of side === 'source' ? sourcePathsOf(mapping) : destinationPathsOf(mapping)) {
          const found = lookup(m, p.path);
          if (found?.kind !== 'unknown') continue;
          const resource = m.resources.map((r) => r.id).join(' + ');
          const first = m.resources[0];
          report({
            messageId: found.suggestions.length ? 'unknownFieldSuggest' : 'unknownField',
            data: { path: p.path, resource, system: mapping[side].system, ...(found.suggestions.length ? { suggestion: found.suggestions.join(' or ') } : {}) },
            doc,
            pointer: p.pointer,
            ...(first ? { related: relatedAt(m.catalogue, first.origin, `${first.id} in the exported metadata`) } : {}),
          });
        }
      }
    }
  },
});
