import { createRule } from '../create-rule.js';
import { lookup, metadataSide, relatedAt } from '../metadata.js';

type M = 'notKey';

export default createRule<M>({
  id: 'metadata-key',
  description: 'The key an upsert or update matches on is an external-id, unique, id-lookup or primary-key field in the destination\'s metadata.',
  rulesets: { recommended: 'error', strict: 'error', ready: 'error' },
  messages: {
    notKey: '{{path}} is not an external id, unique or id-lookup field of {{resource}} in {{system}}: the {{operation}} is refused ("external ID field does not exist or is not accessible"). Match on such a field, or mark {{path}} as one',
  },
  check({ project, valid, report }) {
    for (const doc of valid.mappings) {
      const mapping = doc.data;
      const key = mapping.destination.key?.destination;
      if (key === undefined || (mapping.destination.operation !== 'upsert' && mapping.destination.operation !== 'update')) continue;
      const dst = metadataSide(project, mapping, 'destination');
      const found = lookup(dst, key);
      if (!dst || found?.kind !== 'found' || found.field.key) continue;
      report({
        messageId: 'notKey',
        data: { path: key, resource: found.resource.id, system: mapping.destination.system, operation: mapping.destination.operation },
        doc,
        pointer: '/destination/key/destination',
        related: relatedAt(dst.catalogue, found.field.origin, `${found.field.path} in the exported metadata`),
      });
    }
  },
});
