import { createRule } from '../create-rule.js';
import { lookup, metadataSide, relatedAt, writtenValues } from '../metadata.js';

type M = 'tooLong';

export default createRule<M>({
  id: 'metadata-max-length',
  description: 'A constant or value-map target is no longer than the destination field allows (sample values are judged by check-samples).',
  rulesets: { recommended: 'error', strict: 'error', ready: 'error' },
  messages: {
    tooLong: 'the {{what}} is {{length}} characters long, but {{path}} holds at most {{max}} in {{system}}: the destination truncates or refuses it',
  },
  check({ project, valid, report }) {
    const seen = new Set<string>();
    for (const doc of valid.mappings) {
      const mapping = doc.data;
      const dst = metadataSide(project, mapping, 'destination');
      mapping.fields.forEach((field, i) => {
        const found = lookup(dst, field.destination.path);
        if (!dst || found?.kind !== 'found' || found.field.maxLength === undefined) return;
        const max = found.field.maxLength;
        for (const w of writtenValues(project, field, i, doc)) {
          const length = String(w.value).length;
          const key = `${w.doc.file}\u0000${w.pointer}`;
          if (length <= max || seen.has(key) || w.what === 'destination choice') continue;
          seen.add(key);
          report({
            messageId: 'tooLong',
            data: { what: w.what, length, path: field.destination.path, max, system: mapping.destination.system },
            doc: w.doc,
            pointer: w.pointer,
            related: relatedAt(dst.catalogue, found.field.origin, `${found.field.path}: at most ${String(max)} characters`),
          });
        }
      });
    }
  },
});
