import { sourceTypeFits, typeFits } from '@interop-design/metadata';
import { createRule } from '../create-rule.js';
import { lookup, metadataSide, relatedAt } from '../metadata.js';
import { fieldPointer } from '../util.js';

type M = 'destinationType' | 'sourceType' | 'constantType';

/** The field type a constant is. */
function constantType(value: unknown): string | undefined {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return undefined;
}

export default createRule<M>({
  id: 'metadata-type',
  description: 'A field\'s declared type fits the type the system\'s metadata gives it (Salesforce field types, DHIS2 value types, SQL column types, form question types).',
  rulesets: { recommended: 'error', strict: 'error', ready: 'error' },
  messages: {
    destinationType: '{{path}} is declared {{declared}}, but {{system}} stores it as {{systemType}}: the write is refused or converted. Declare the type the field has, and transform the value to it',
    sourceType: '{{path}} is declared {{declared}}, but {{system}} sends it as {{systemType}}: correct the declared type',
    constantType: 'the constant is a {{declared}}, but {{system}} stores {{path}} as {{systemType}}: write a value of that type',
  },
  check({ project, valid, report }) {
    for (const doc of valid.mappings) {
      const mapping = doc.data;
      const src = metadataSide(project, mapping, 'source');
      const dst = metadataSide(project, mapping, 'destination');
      mapping.fields.forEach((field, i) => {
        const d = lookup(dst, field.destination.path);
        if (dst && d?.kind === 'found') {
          // Positions in a big export cost a parse: found only for a finding.
          const related = () => relatedAt(dst.catalogue, d.field.origin, `${d.field.path}: ${d.field.type}`);
          const data = { path: field.destination.path, system: mapping.destination.system, systemType: d.field.type };
          if (field.destination.type && !typeFits(field.destination.type, d.field.family)) {
            report({ messageId: 'destinationType', data: { ...data, declared: field.destination.type }, doc, pointer: fieldPointer(i, 'destination', 'type'), related: related() });
          }
          const ct = constantType(field.transform?.constant);
          if (ct && !typeFits(ct, d.field.family)) report({ messageId: 'constantType', data: { ...data, declared: ct }, doc, pointer: fieldPointer(i, 'transform', 'constant'), related: related() });
        }
        const path = field.source?.path;
        const s = path === undefined ? undefined : lookup(src, path);
        if (src && s?.kind === 'found' && field.source?.type && path !== undefined && !sourceTypeFits(field.source.type, s.field.family)) {
          report({
            messageId: 'sourceType',
            data: { path, declared: field.source.type, system: mapping.source.system, systemType: s.field.type },
            doc,
            pointer: fieldPointer(i, 'source', 'type'),
            related: relatedAt(src.catalogue, s.field.origin, `${s.field.path}: ${s.field.type}`),
          });
        }
      });
    }
  },
});
