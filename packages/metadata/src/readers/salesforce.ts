import { addField, asArray, choice, isObject, lazyResource, makeField, str } from '../field.js';
import type { MetadataInput, MetadataReader, ReadResult } from '../types.js';
import { familyIn } from '../vocabulary.js';


function isDescribe(value: unknown): value is Record<string, unknown> {
  if (!isObject(value) || typeof value.name !== 'string' || !Array.isArray(value.fields)) return false;
  const first: unknown = value.fields[0];
  return value.fields.length === 0 || (isObject(first) && typeof first.name === 'string' && typeof first.type === 'string' && ('nillable' in first || 'createable' in first));
}

/** The describes in a file: one describe, an array of them, or `{ sobjects: [...] }` with fields. */
function describes(value: unknown): [Record<string, unknown>, (string | number)[]][] {
  if (isDescribe(value)) return [[value, []]];
  if (Array.isArray(value) && value.length > 0 && value.every(isDescribe)) return value.map((d, i) => [d, [i]]);
  if (isObject(value) && Array.isArray(value.sobjects) && value.sobjects.length > 0 && value.sobjects.every(isDescribe)) {
    return value.sobjects.map((d, i) => [d, ['sobjects', i]]);
  }
  return [];
}

function read(input: MetadataInput): ReadResult {
  const resources = describes(input.value).map(([d, at]) => {
    const name = str(d.name) ?? '';
    // Fields are built when a mapping first names the object (a bundle holds every object of an org).
    return lazyResource(name, 'sobject', 'salesforce', { file: input.file, at: [...at, 'name'] }, { ...(typeof d.label === 'string' ? { name: d.label } : {}) }, (resource) => {
      asArray(d.fields).forEach((f, i) => {
        if (!isObject(f) || typeof f.name !== 'string') return;
        const type = (str(f.type) ?? 'anyType').toLowerCase();
        const family = familyIn('salesforce', type) ?? 'any';
        const createable = f.createable !== false;
        const picklist = asArray(f.picklistValues).filter(isObject).flatMap((p) => {
          const value = str(p.value);
          return value === undefined ? [] : [choice(value, str(p.label), p.active !== false)];
        });
        const length = typeof f.length === 'number' && f.length > 0 ? f.length : undefined;
        addField(resource, makeField(f.name, type, family, { file: input.file, at: [...at, 'fields', i, 'name'] }, {
          required: f.nillable === false && createable && f.defaultedOnCreate !== true && type !== 'boolean' && type !== 'id',
          ...(length !== undefined && (family === 'text' || family === 'choice' || family === 'multichoice') ? { maxLength: length } : {}),
          ...(picklist.length ? { choices: picklist, restricted: f.restrictedPicklist === true } : {}),
          ...(family === 'multichoice' ? { multiple: { separator: ';' } } : {}),
          writable: { create: createable && f.calculated !== true && f.autoNumber !== true, update: f.updateable !== false && f.calculated !== true && f.autoNumber !== true },
          key: f.externalId === true || f.idLookup === true || f.unique === true || type === 'id',
          ...(typeof f.label === 'string' ? { label: f.label } : {}),
        }));
      });
    });
  });
  return { resources };
}

/** Salesforce sObject describe (`GET /services/data/vXX.X/sobjects/<Object>/describe`), one or several per file. */
export const salesforceReader: MetadataReader = {
  id: 'salesforce-describe',
  title: 'Salesforce sObject describe',
  recognises: (input) => input.syntax === 'json' && describes(input.value).length > 0,
  read,
};
