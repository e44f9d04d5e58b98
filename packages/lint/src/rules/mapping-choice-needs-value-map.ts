import type { DesignDocument, Project } from '@interop-design/core';
import { toPointer } from '@interop-design/core';
import type { FieldType, Mapping, Scalar } from '@interop-design/schema';
import { createMappingRule } from '../create-rule.js';
import type { ReportDescriptor } from '../types.js';
import { fieldPointer, resolveValueMap } from '../util.js';

type M = 'noValueMap' | 'uncovered' | 'outsideDestination' | 'targetType';

/** Whether a value-map target can be written to a destination field of `type`. */
function fitsType(value: Scalar, type: FieldType | undefined): boolean {
  switch (type) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return (typeof value === 'number' && Number.isInteger(value)) || (typeof value === 'string' && /^-?\d+$/u.test(value));
    case 'number':
      return typeof value === 'number' || (typeof value === 'string' && /^-?\d+(?:\.\d+)?$/u.test(value));
    case 'object':
    case 'array':
      return false;
    default:
      return true;
  }
}

/** Choice fields without a value map, choices it leaves out, and targets the destination does not accept. */
export function gaps(project: Project, mapping: Mapping, doc: DesignDocument): ReportDescriptor<M>[] {
  const out: ReportDescriptor<M>[] = [];
  mapping.fields.forEach((field, i) => {
    const mapped = resolveValueMap(project, field);
    if (mapped && field.transform?.valueMap !== undefined) {
      const targets = [...mapped.entries.map((e) => e.to), ...(mapped.unmapped === 'default' && mapped.default !== undefined ? [mapped.default] : [])];
      const misfits = [...new Set(targets.filter((t) => !fitsType(t, field.destination.type)).map((t) => JSON.stringify(t)))];
      if (misfits.length) out.push({ messageId: 'targetType', data: { values: misfits.join(', '), path: field.destination.path, type: field.destination.type ?? '' }, doc, pointer: fieldPointer(i, 'transform', 'valueMap') });
    }
    const type = field.source?.type;
    if (type !== 'choice' && type !== 'multichoice') return;
    const destinationIsChoice = field.destination.type === 'choice' || field.destination.type === 'multichoice' || field.destination.choices !== undefined;
    const vm = resolveValueMap(project, field);
    if (field.transform?.valueMap === undefined) {
      if (destinationIsChoice || field.transform === undefined) out.push({ messageId: 'noValueMap', data: { path: field.source?.path ?? '' }, doc, pointer: fieldPointer(i, 'source', 'type') });
      return;
    }
    if (!vm) return; // an unknown value-map id is reported as reference-valuemap
    const where = typeof field.transform.valueMap === 'string' ? fieldPointer(i, 'transform', 'valueMap') : fieldPointer(i, 'transform', 'valueMap');
    if (vm.unmapped === 'error') {
      const froms = new Set(vm.entries.map((e) => String(e.from)));
      const missing = (field.source?.choices ?? []).filter((c) => !froms.has(String(c)));
      if (missing.length) out.push({ messageId: 'uncovered', data: { choices: missing.map(String).join(', ') }, doc, pointer: where });
    }
    const accepted = field.destination.choices;
    if (accepted) {
      const targets = [...vm.entries.map((e) => e.to), ...(vm.unmapped === 'default' && vm.default !== undefined ? [vm.default] : [])];
      const acceptedCodes = new Set(accepted.map(String));
      const outside = [...new Set(targets.filter((t) => !acceptedCodes.has(String(t))).map(String))];
      if (outside.length) out.push({ messageId: 'outsideDestination', data: { values: outside.join(', '), path: field.destination.path }, doc, pointer: typeof field.transform.valueMap === 'string' ? where : toPointer(['fields', i, 'destination', 'choices']) });
    }
  });
  return out;
}

export default createMappingRule<M>({
  id: 'mapping-choice-needs-value-map',
  description: 'A choice or multichoice source goes through a value map that covers every declared choice and produces only values the destination accepts; every value map\'s targets fit the destination type.',
  rulesets: { recommended: 'error', strict: 'error', ready: 'error' },
  messages: {
    noValueMap: 'the choice field {{path}} has no value map: add `transform: { valueMap: ... }` mapping each source code to a destination code',
    uncovered: 'the value map leaves out the declared choices {{choices}}: add entries, or set `unmapped: default` with a default',
    outsideDestination: 'the value map produces {{values}}, which {{path}} does not accept: use the destination\'s codes',
    targetType: 'the value map produces {{values}}, which do not fit {{path}} of type {{type}}: write targets of the destination\'s type (e.g. true/false for a boolean)',
  },
  gaps,
});
