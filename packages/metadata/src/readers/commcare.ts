import { addField, asArray, choice, firstLabel, isObject, makeField, makeResource, str, truthy } from '../field.js';
import type { CatalogueResource, Choice, MetadataInput, MetadataReader, ReadResult } from '../types.js';
import { familyIn } from '../vocabulary.js';


const isDictionary = (v: unknown): v is { case_types: unknown[] } => isObject(v) && Array.isArray(v.case_types) && asArray(v.case_types).every((c) => isObject(c) && typeof c.name === 'string');
const isApp = (v: unknown): v is { modules: unknown[] } => isObject(v) && Array.isArray(v.modules) && asArray(v.modules).some((m) => isObject(m) && Array.isArray(m.forms));

function dictionary(input: MetadataInput, v: { case_types: unknown[] }): CatalogueResource[] {
  return v.case_types.flatMap((c, i) => {
    if (!isObject(c) || typeof c.name !== 'string') return [];
    // Case payloads carry properties under `properties.`; everything else is case structure.
    // What a new case needs (Case Data API v2: case_type, case_name and owner_id are required for new
    // cases; a form's case block carries them under `create`).
    const block = (key: string): string[] => [`case.create.${key}`, `form.case.create.${key}`];
    const r = makeResource(c.name, 'case type', 'commcare', { file: input.file, at: ['case_types', i, 'name'] }, {
      isOpen: (p) => !p.startsWith('properties.') && !p.startsWith('case.update.') && !p.startsWith('form.case.update.'),
      structure: [
        { path: 'case_type', type: 'string', constant: c.name, note: 'the case type of a new case', aliases: block('case_type') },
        { path: 'case_name', type: 'string', note: 'the name of a new case', aliases: block('case_name') },
        { path: 'owner_id', type: 'string', note: 'the user, group or location that owns a new case', aliases: block('owner_id') },
      ],
    });
    const props: [unknown, (string | number)[]][] = [
      ...asArray(c.properties).map((p, j): [unknown, (string | number)[]] => [p, ['case_types', i, 'properties', j]]),
      ...asArray(c.groups).flatMap((g, j) => (isObject(g) ? asArray(g.properties).map((p, k): [unknown, (string | number)[]] => [p, ['case_types', i, 'groups', j, 'properties', k]]) : [])),
    ];
    for (const [p, at] of props) {
      if (!isObject(p) || typeof p.name !== 'string' || p.deprecated === true) continue;
      const dataType = str(p.data_type) ?? '';
      const allowed = isObject(p.allowed_values) ? Object.entries(p.allowed_values).map(([value, label]): Choice => choice(value, str(label))) : [];
      addField(r, makeField(`properties.${p.name}`, dataType || 'undefined', familyIn('commcareDictionary', dataType) ?? 'any', { file: input.file, at }, {
        aliases: [`case.update.${p.name}`, `form.case.update.${p.name}`],
        ...(allowed.length ? { choices: allowed, restricted: false } : {}),
        ...(typeof p.label === 'string' && p.label ? { label: p.label } : {}),
      }));
    }
    return [r];
  });
}

function app(input: MetadataInput, v: { modules: unknown[] }): CatalogueResource[] {
  return v.modules.flatMap((m, i) => {
    if (!isObject(m)) return [];
    return asArray(m.forms).flatMap((f, j) => {
      if (!isObject(f)) return [];
      const id = str(f.xmlns) ?? str(f.unique_id) ?? `${String(i)}.${String(j)}`;
      const name = firstLabel(f.name);
      const r = makeResource(id, 'form', 'commcare', { file: input.file, at: ['modules', i, 'forms', j] }, {
        ...(name ? { name } : {}),
        isOpen: (p) => !p.startsWith('form.') || p.startsWith('form.case') || p.startsWith('form.meta') || p.startsWith('form.@') || p.startsWith('form.#'),
      });
      asArray(f.questions).forEach((q, k) => {
        if (!isObject(q) || typeof q.value !== 'string') return;
        const type = str(q.type) ?? 'Text';
        if (type === 'Trigger' || type === 'Label') return;
        const rel = q.value.replace(/^\/data\//u, '').split('/').join('.');
        const options = asArray(q.options).flatMap((o) => (isObject(o) && str(o.value) !== undefined ? [choice(str(o.value) ?? '', firstLabel(o.label))] : []));
        const label = firstLabel(q.label);
        addField(r, makeField(`form.${rel}`, type, familyIn('commcareQuestion', type) ?? 'any', { file: input.file, at: ['modules', i, 'forms', j, 'questions', k] }, {
          aliases: [rel],
          required: truthy(q.required),
          conditional: typeof q.relevant === 'string' && q.relevant !== '',
          ...(options.length ? { choices: options, restricted: true } : {}),
          ...(type === 'MSelect' ? { multiple: { separator: ' ' } } : {}),
          ...(label ? { label } : {}),
        }));
      });
      return [r];
    });
  });
}

/** CommCare data dictionary export (case types and properties) and application structure (forms and questions). */
export const commcareReader: MetadataReader = {
  id: 'commcare',
  title: 'CommCare data dictionary or application',
  recognises: (input) => input.syntax === 'json' && (isDictionary(input.value) || isApp(input.value)),
  read(input): ReadResult {
    const v = input.value;
    return { resources: [...(isDictionary(v) ? dictionary(input, v) : []), ...(isApp(v) ? app(input, v) : [])] };
  },
};
