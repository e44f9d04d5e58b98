import { addField, choice, firstLabel, makeField, makeResource, str, truthy } from '../field.js';
import type { CatalogueResource, Choice, Origin, TypeFamily } from '../types.js';
import { familyIn } from '../vocabulary.js';


/** Rows of an XLSForm `survey` sheet (or a Kobo asset's `content.survey`), with where each came from. */
export interface SurveyRow {
  type: string;
  name?: string;
  label?: string;
  required?: unknown;
  relevant?: unknown;
  listName?: string;
  origin: Origin;
}

export interface ChoiceRow {
  listName: string;
  name: string;
  label?: string;
}

/** Submission keys a Kobo server adds: accepted without a question. */
function koboSystemKey(path: string): boolean {
  return path.startsWith('_') || path.startsWith('meta/') || path.startsWith('formhub/') || path === 'start' || path === 'end';
}

/** Builds a Kobo form resource: group and repeat names prefix question names (`group/question`). */
export function koboResource(id: string, name: string | undefined, rows: readonly SurveyRow[], choiceRows: readonly ChoiceRow[], origin: Origin): CatalogueResource {
  const lists = new Map<string, Choice[]>();
  for (const c of choiceRows) {
    const list = lists.get(c.listName) ?? [];
    list.push(choice(c.name, c.label));
    lists.set(c.listName, list);
  }
  const resource = makeResource(id, 'form', 'kobo', origin, { ...(name ? { name } : {}), isOpen: koboSystemKey });
  const stack: { name: string; conditional: boolean }[] = [];
  for (const row of rows) {
    const [rawType = '', inlineList] = row.type.trim().split(/\s+/u);
    const type = rawType.toLowerCase();
    if (type === 'begin_group' || type === 'begin group' || type === 'begin_repeat' || type === 'begin repeat') {
      stack.push({ name: row.name ?? '', conditional: row.relevant !== undefined && row.relevant !== '' });
      continue;
    }
    if (type === 'end_group' || type === 'end group' || type === 'end_repeat' || type === 'end repeat') {
      stack.pop();
      continue;
    }
    if (!row.name || type === 'note' || type === '') continue;
    const path = [...stack.map((g) => g.name).filter(Boolean), row.name].join('/');
    const listName = row.listName ?? inlineList;
    const family = familyIn('kobo', type) ?? 'any';
    const choices = listName ? lists.get(listName) : undefined;
    addField(resource, makeField(path, type, family, row.origin, {
      required: truthy(row.required),
      conditional: (row.relevant !== undefined && row.relevant !== '' && row.relevant !== null) || stack.some((g) => g.conditional),
      ...(choices ? { choices, restricted: true } : {}),
      ...(family === 'multichoice' ? { multiple: { separator: ' ' } } : {}),
      ...(row.label ? { label: row.label } : {}),
    }));
  }
  const sys = (p: string, type: string, family: TypeFamily, key = false): void => {
    addField(resource, makeField(p, type, family, origin, { key, writable: { create: false, update: false } }));
  };
  sys('_id', 'integer', 'integer', true);
  sys('_uuid', 'text', 'text', true);
  sys('meta/instanceID', 'text', 'text', true);
  sys('_submission_time', 'datetime', 'datetime');
  return resource;
}

export function rowFrom(o: Record<string, unknown>, origin: Origin): SurveyRow {
  const label = firstLabel(o.label);
  const listName = str(o.select_from_list_name);
  return { type: str(o.type) ?? '', ...(str(o.name) ?? str(o.$autoname) ? { name: str(o.name) ?? str(o.$autoname) } : {}), ...(label ? { label } : {}), required: o.required, relevant: o.relevant, ...(listName ? { listName } : {}), origin };
}
