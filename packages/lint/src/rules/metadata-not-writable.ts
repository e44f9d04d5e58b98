import { canonicalPath } from '@interop-design/metadata';
import { createRule } from '../create-rule.js';
import { lookup, metadataSide, relatedAt } from '../metadata.js';
import { fieldPointer, produces } from '../util.js';

type M = 'notCreateable' | 'notUpdateable';

export default createRule<M>({
  id: 'metadata-not-writable',
  description: 'No field writes what the destination does not let it write: formulas, system fields, auto-numbers, identity columns (create needs createable, update updateable, upsert both; the upsert key is matched on, not written).',
  rulesets: { recommended: 'error', strict: 'error', ready: 'error' },
  messages: {
    notCreateable: '{{path}} cannot be set when {{system}} creates a record ({{type}}, not createable): remove the field, or write another one',
    notUpdateable: '{{path}} cannot be changed when {{system}} updates a record ({{type}}, not updateable): remove the field, or write it on create only',
  },
  check({ project, valid, report }) {
    for (const doc of valid.mappings) {
      const mapping = doc.data;
      if (mapping.destination.operation === 'delete') continue;
      const dst = metadataSide(project, mapping, 'destination');
      const op = mapping.destination.operation;
      const key = mapping.destination.key?.destination;
      mapping.fields.forEach((field, i) => {
        if (!produces(field) && field.transform?.valueMap === undefined) return;
        if (op === 'upsert' && key !== undefined && canonicalPath(key) === canonicalPath(field.destination.path)) return;
        const found = lookup(dst, field.destination.path);
        if (!dst || found?.kind !== 'found') return;
        const w = found.field.writable;
        const messageId: M | undefined = (op === 'create' || op === 'upsert') && !w.create ? 'notCreateable' : (op === 'update' || op === 'upsert') && !w.update ? 'notUpdateable' : undefined;
        if (!messageId) return;
        report({
          messageId,
          data: { path: field.destination.path, system: mapping.destination.system, type: found.field.type },
          doc,
          pointer: fieldPointer(i, 'destination', 'path'),
          related: relatedAt(dst.catalogue, found.field.origin, `${found.field.path} in the exported metadata`),
        });
      });
    }
  },
});
