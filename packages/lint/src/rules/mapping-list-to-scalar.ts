import { tryParseFieldPath } from '@interop-design/core';
import type { FieldType } from '@interop-design/schema';
import { createRule } from '../create-rule.js';
import { fieldPointer, validMappings } from '../util.js';

/** Destination types that hold one value: a list written there is a type error in the destination system. */
const oneValue: ReadonlySet<FieldType> = new Set(['string', 'number', 'integer', 'boolean', 'date', 'datetime', 'choice']);

export default createRule<'listToOne'>({
  id: 'mapping-list-to-scalar',
  description: 'A source path with a `[]` (one value per item of a repeat group or list) does not write into a destination that holds one value, unless the field joins the values.',
  rulesets: { recommended: 'warning', strict: 'error', ready: 'error' },
  messages: {
    listToOne:
      '{{source}} reads one value per item of a list, and {{destination}} holds one {{type}}: join the values (`format: { to: join }`), write each into its own item (a `[]` in the destination path), or read one item (`[0]` for `[]`)',
  },
  check({ valid, report }) {
    for (const { doc, mapping } of validMappings(valid.mappings)) {
      mapping.fields.forEach((field, i) => {
        const source = field.source?.path;
        const type = field.destination.type;
        const t = field.transform;
        if (source === undefined || type === undefined || !oneValue.has(type) || field.status === 'deprecated') return;
        // A constant, a lookup or JSONata decides the value itself; an expression is the job writer's.
        if (t?.constant !== undefined || t?.lookup !== undefined || t?.jsonata !== undefined || t?.expression !== undefined || t?.format?.to === 'join') return;
        const from = tryParseFieldPath(source);
        const to = tryParseFieldPath(field.destination.path);
        // Paths that do not parse are field-path-syntax findings.
        if (from instanceof Error || to instanceof Error) return;
        if (!from.segments.some((s) => s.kind === 'each') || to.segments.some((s) => s.kind === 'each')) return;
        report({ messageId: 'listToOne', data: { source, destination: field.destination.path, type }, doc, pointer: fieldPointer(i, 'source', 'path') });
      });
    }
  },
});
