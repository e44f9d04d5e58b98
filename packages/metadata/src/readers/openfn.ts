import { addField, asArray, isObject, makeField, makeResource, str } from '../field.js';
import type { CatalogueResource, MetadataInput, MetadataReader, ReadResult } from '../types.js';
import { familyOfTypeName } from '../vocabulary.js';

const children = (e: Record<string, unknown>): unknown[] => asArray(e.entities ?? e.children);

function recognises(input: MetadataInput): boolean {
  const v = input.value;
  if (input.syntax !== 'json' || !isObject(v) || !(Array.isArray(v.entities) || Array.isArray(v.children))) return false;
  return children(v).some((e) => isObject(e) && typeof e.name === 'string' && typeof e.type === 'string');
}

function read(input: MetadataInput): ReadResult {
  const v = input.value as Record<string, unknown>;
  const key = Array.isArray(v.entities) ? 'entities' : 'children';
  const resources: CatalogueResource[] = [];
  children(v).forEach((e, i) => {
    if (!isObject(e) || typeof e.name !== 'string') return;
    const fieldKey = Array.isArray(e.entities) ? 'entities' : 'children';
    const fields = children(e).filter((f) => isObject(f) && typeof f.name === 'string' && (f.type === 'field' || typeof f.datatype === 'string'));
    if (!fields.length) return;
    const r = makeResource(e.name, str(e.type) ?? 'entity', 'openfn', { file: input.file, at: [key, i, 'name'] }, typeof e.label === 'string' ? { name: e.label } : {});
    children(e).forEach((f, j) => {
      if (!isObject(f) || typeof f.name !== 'string' || !(f.type === 'field' || typeof f.datatype === 'string')) return;
      const meta = isObject(f.meta) ? f.meta : {};
      const datatype = str(f.datatype) ?? 'any';
      addField(r, makeField(f.name, datatype, familyOfTypeName(datatype), { file: input.file, at: [key, i, fieldKey, j] }, {
        required: meta.required === true,
        key: meta.externalId === true || meta.unique === true,
        ...(meta.createable === false || meta.updateable === false ? { writable: { create: meta.createable !== false, update: meta.updateable !== false } } : {}),
        ...(typeof f.label === 'string' ? { label: f.label } : {}),
      }));
    });
    resources.push(r);
  });
  return { resources };
}

/** The metadata model OpenFn adaptors' metadata helpers produce: `{ datasource, entities: [{ name, type, entities: [{ name, type: field, datatype, label, meta }] }] }`. */
export const openfnReader: MetadataReader = { id: 'openfn-metadata', title: 'OpenFn adaptor metadata', recognises, read };
