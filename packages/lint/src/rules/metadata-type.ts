import { sourceTypeFits, structureOf, typeFits } from '@interop-design/metadata';
import type { StructureField } from '@interop-design/metadata';
import type { Field } from '@interop-design/schema';
import { textFormatSteps } from '@interop-design/transform';
import { createRule } from '../create-rule.js';
import { canonical, lookup, metadataSide, relatedAt } from '../metadata.js';
import { fieldPointer } from '../util.js';

type M = 'destinationType' | 'sourceType' | 'constantType' | 'structureConstant' | 'structureFormat';

/**
 * What is wrong with the value a field writes to a structure part that has a form of its own (a
 * DHIS2 period): a constant that does not match it, or a date format that writes another pattern.
 */
function structureValueProblem(field: Field, value: NonNullable<StructureField['value']>): { messageId: 'structureConstant' | 'structureFormat'; pointer: string[]; data: Record<string, string> } | undefined {
  const constant = field.transform?.constant;
  if (typeof constant === 'string' || typeof constant === 'number') {
    return value.pattern.test(String(constant)) ? undefined : { messageId: 'structureConstant', pointer: ['transform', 'constant'], data: { value: String(constant) } };
  }
  const to = field.transform?.format?.to;
  if (to === undefined || textFormatSteps.has(to)) return undefined;
  const patterns = value.datePatterns ?? [];
  if (patterns.includes(to)) return undefined;
  return { messageId: 'structureFormat', pointer: ['transform', 'format', 'to'], data: { to, fix: patterns[0] === undefined ? 'no date pattern writes it: use a value map, a JSONata expression or a constant' : `write ${patterns[0]}` } };
}

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
    structureConstant: 'the constant {{value}} is not {{what}} ({{format}}): {{system}} rejects it',
    structureFormat: 'the format writes {{to}}, but {{path}} is {{what}} ({{format}}): {{fix}}',
  },
  check({ project, valid, report }) {
    for (const doc of valid.mappings) {
      const mapping = doc.data;
      const src = metadataSide(project, mapping, 'source');
      const dst = metadataSide(project, mapping, 'destination');
      // Structure parts with a form of their own (a DHIS2 period), by each path that writes them.
      const shaped = new Map<string, { value: NonNullable<StructureField['value']> }>();
      for (const { part } of dst ? structureOf(dst.resources) : []) {
        if (part.value === undefined) continue;
        for (const p of [part.path, ...(part.aliases ?? [])]) shaped.set(canonical(p) ?? p, { value: part.value });
      }
      mapping.fields.forEach((field, i) => {
        const target = shaped.size > 0 ? shaped.get(canonical(field.destination.path) ?? '') : undefined;
        const problem = target ? structureValueProblem(field, target.value) : undefined;
        if (target && problem) {
          report({ messageId: problem.messageId, data: { ...problem.data, path: field.destination.path, what: target.value.what, format: target.value.format, system: mapping.destination.system }, doc, pointer: fieldPointer(i, ...problem.pointer) });
        }
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
