import { toPointer } from '@interop-design/core';
import { asArray, firstLabel, isObject, str } from '../field.js';
import type { MetadataInput, MetadataReader, ReadResult } from '../types.js';
import type { ChoiceRow } from './kobo-form.js';
import { koboResource, rowFrom } from './kobo-form.js';

function recognises(input: MetadataInput): boolean {
  const v = input.value;
  return input.syntax === 'json' && isObject(v) && isObject(v.content) && Array.isArray(v.content.survey);
}

function read(input: MetadataInput): ReadResult {
  const v = input.value as Record<string, unknown> & { content: Record<string, unknown> };
  const rows = asArray(v.content.survey).flatMap((o, i) => (isObject(o) ? [rowFrom(o, { file: input.file, pointer: toPointer(['content', 'survey', i]) })] : []));
  const choices = asArray(v.content.choices).flatMap((c): ChoiceRow[] => {
    if (!isObject(c)) return [];
    const listName = str(c.list_name);
    const name = str(c.name) ?? str(c.$autovalue);
    const label = firstLabel(c.label);
    return listName && name !== undefined ? [{ listName, name, ...(label ? { label } : {}) }] : [];
  });
  const id = str(v.uid) ?? str(v.id_string) ?? input.file.split('/').pop() ?? input.file;
  // The form id (XLSForm settings form_id, stored as id_string) is how submissions and designs name the form.
  const settings = isObject(v.content.settings) ? v.content.settings : {};
  const name = str(settings.id_string) ?? str(settings.form_id) ?? str(v.name);
  return { resources: [koboResource(id, name, rows, choices, { file: input.file, pointer: v.uid === undefined ? '' : '/uid' })] };
}

/** Kobo Toolbox asset JSON (API v2 `/api/v2/assets/<uid>/`): `content.survey` and `content.choices`. */
export const koboAssetReader: MetadataReader = { id: 'kobo-asset', title: 'Kobo Toolbox asset JSON', recognises, read };
