import type { Choice } from '@interop-design/metadata';
import { referenceChoices } from '@interop-design/metadata';
import { createRule } from '../create-rule.js';
import { lookup, metadataSide, readValues, relatedAt, writtenValues } from '../metadata.js';
import type { MetadataSide } from '../metadata.js';
import type { Origin } from '@interop-design/metadata';

type M = 'notAccepted' | 'inactive' | 'notInSource';

/** The choices a destination path accepts: its picklist or option set, or system-wide reference data. */
function accepted(side: MetadataSide | undefined, path: string): { choices: Choice[]; origin: Origin; name: string; separator?: string } | undefined {
  if (!side) return undefined;
  const found = side.resources.length ? lookup(side, path) : undefined;
  if (found?.kind === 'found' && found.field.choices?.length && found.field.restricted !== false) {
    return { choices: found.field.choices, origin: found.field.origin, name: found.field.choiceSet ?? found.field.path, ...(found.field.multiple ? { separator: found.field.multiple.separator } : {}) };
  }
  const ref = referenceChoices(side.system, path);
  const set = ref ? side.system.choiceSets.get(ref.set) : undefined;
  return ref && set ? { choices: ref.choices, origin: set.origin, name: ref.set } : undefined;
}

export default createRule<M>({
  id: 'metadata-choice',
  description: 'Value-map targets, destination choices and constants are values the picklist, option set or reference data accepts; source choices are in the form\'s list or option set.',
  rulesets: { recommended: 'error', strict: 'error', ready: 'error' },
  messages: {
    notAccepted: '"{{value}}" ({{what}}) is not a value {{path}} accepts in {{system}} ({{list}}): the destination refuses the record. Use one of: {{allowed}}',
    inactive: '"{{value}}" ({{what}}) is an inactive value of {{path}} in {{system}}: the destination refuses it. Use an active value',
    notInSource: '"{{value}}" is not a choice of {{path}} in the {{system}} metadata ({{list}}): no record carries it. The choices are: {{allowed}}',
  },
  check({ project, valid, report }) {
    const seen = new Set<string>();
    for (const doc of valid.mappings) {
      const mapping = doc.data;
      const src = metadataSide(project, mapping, 'source');
      const dst = metadataSide(project, mapping, 'destination');
      mapping.fields.forEach((field, i) => {
        const dest = accepted(dst, field.destination.path);
        if (dst && dest) {
          const active = new Set(dest.choices.filter((c) => c.active).map((c) => c.value));
          const all = new Set(dest.choices.map((c) => c.value));
          for (const w of writtenValues(project, field, i, doc)) {
            const key = `${w.doc.file}\u0000${w.pointer}`;
            const values = dest.separator && w.what === 'constant' ? String(w.value).split(dest.separator).filter(Boolean) : [String(w.value)];
            const bad = values.find((v) => !active.has(v));
            if (bad === undefined || seen.has(key)) continue;
            seen.add(key);
            report({
              messageId: all.has(bad) ? 'inactive' : 'notAccepted',
              data: { value: bad, what: w.what, path: field.destination.path, system: mapping.destination.system, list: dest.name, allowed: [...active].slice(0, 12).join(', ') },
              doc: w.doc,
              pointer: w.pointer,
              ...(w.target ? { target: w.target } : {}),
              related: relatedAt(dst.catalogue, dest.origin, `the accepted values of ${field.destination.path}`),
            });
          }
        }
        const path = field.source?.path;
        const source = path === undefined ? undefined : accepted(src, path);
        if (src && source && path !== undefined) {
          const all = new Set(source.choices.map((c) => c.value));
          for (const r of readValues(project, field, i, doc)) {
            const key = `${r.doc.file}\u0000${r.pointer}`;
            if (all.has(String(r.value)) || seen.has(key)) continue;
            seen.add(key);
            report({
              messageId: 'notInSource',
              data: { value: String(r.value), path, system: mapping.source.system, list: source.name, allowed: [...all].slice(0, 12).join(', ') },
              doc: r.doc,
              pointer: r.pointer,
              ...(r.target ? { target: r.target } : {}),
              related: relatedAt(src.catalogue, source.origin, `the choices of ${path}`),
            });
          }
        }
      });
    }
  },
});
