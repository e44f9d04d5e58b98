import fieldsSchema from '@interop-design/schema/schemas/fields.schema.json' with { type: 'json' };
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { addField, asArray, isObject, makeField, makeResource, str } from '../field.js';
import type { CatalogueResource, Choice, MetadataInput, MetadataReader, ReadResult } from '../types.js';
import { familyOfTypeName } from '../vocabulary.js';


let validate: ValidateFunction | undefined;
function validator(): ValidateFunction {
  validate ??= new Ajv2020({ allErrors: false, strict: false }).compile(fieldsSchema);
  return validate;
}


function recognises(input: MetadataInput): boolean {
  const v = input.value;
  if ((input.syntax !== 'yaml' && input.syntax !== 'json') || !isObject(v)) return false;
  if (/\.fields\.(?:ya?ml|json)$/iu.test(input.file)) return true;
  return (Array.isArray(v.fields) && (typeof v.resource === 'string' || typeof v.table === 'string')) || (Array.isArray(v.resources) && asArray(v.resources).every((r) => isObject(r) && typeof r.resource === 'string'));
}

function resourceOf(input: MetadataInput, id: string, name: string | undefined, fields: unknown[], at: (string | number)[]): CatalogueResource {
  const r = makeResource(id, 'resource', 'fields', { file: input.file, at: [...at, isObject(input.value) && 'table' in input.value && at.length === 0 ? 'table' : 'resource'] }, name ? { name } : {});
  fields.forEach((f, i) => {
    if (!isObject(f) || typeof f.name !== 'string') return;
    const type = str(f.type) ?? 'any';
    const lengthMatch = /\((\d+)\)/u.exec(type);
    const maxLength = typeof f.maxLength === 'number' ? f.maxLength : typeof f.length === 'number' ? f.length : lengthMatch ? Number(lengthMatch[1]) : undefined;
    const generated = f.identity === true || f.computed === true;
    const choices = asArray(f.choices).flatMap((c): Choice[] => {
      if (isObject(c)) return str(c.value) === undefined ? [] : [{ value: String(c.value), ...(typeof c.label === 'string' ? { label: c.label } : {}), active: c.active !== false }];
      return typeof c === 'string' || typeof c === 'number' || typeof c === 'boolean' ? [{ value: String(c), active: true }] : [];
    });
    const writable = isObject(f.writable) ? f.writable : {};
    addField(r, makeField(f.name, type, familyOfTypeName(type), { file: input.file, at: [...at, 'fields', i] }, {
      required: (f.required === true || f.nullable === false) && f.default === undefined && !generated,
      ...(maxLength !== undefined ? { maxLength } : {}),
      ...(choices.length ? { choices, restricted: f.restricted !== false } : {}),
      writable: { create: !generated && f.readOnly !== true && writable.create !== false, update: !generated && f.readOnly !== true && writable.update !== false },
      key: f.key === true || f.unique === true,
      conditional: f.conditional === true,
      ...(typeof f.label === 'string' ? { label: f.label } : {}),
    }));
  });
  return r;
}

function read(input: MetadataInput): ReadResult {
  const v = input.value as Record<string, unknown>;
  const validateFn = validator();
  const problems = validateFn(v) ? [] : (validateFn.errors ?? []).slice(0, 5).map((e) => ({ message: `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'} (see fields.schema.json)`, origin: { file: input.file, pointer: e.instancePath } }));
  const resources: CatalogueResource[] = [];
  const id = str(v.resource) ?? str(v.table);
  if (id !== undefined) resources.push(resourceOf(input, id, str(v.name), asArray(v.fields), []));
  asArray(v.resources).forEach((r, i) => {
    if (isObject(r) && typeof r.resource === 'string') resources.push(resourceOf(input, r.resource, str(r.name), asArray(r.fields), ['resources', i]));
  });
  return { resources, problems };
}

/** The generic `*.fields.yaml` (published schema: fields.schema.json), one or several resources per file. */
export const fieldsYamlReader: MetadataReader = { id: 'fields-yaml', title: 'generic *.fields.yaml', recognises, read };
