import { addField, asArray, choice, isObject, makeField, makeResource, str } from '../field.js';
import type { CatalogueResource, ChoiceSet, MetadataInput, MetadataReader, Origin, ReadResult } from '../types.js';
import { familyIn } from '../vocabulary.js';


const collections = ['programs', 'programStages', 'trackedEntityAttributes', 'trackedEntityTypes', 'dataElements', 'optionSets', 'dataSets', 'optionGroups'] as const;

const uid = /^[A-Za-z][A-Za-z0-9]{10}$/u;

function isSingleOptionObject(value: unknown): value is Record<string, unknown> {
  return isObject(value) && typeof value.id === 'string' && uid.test(value.id) && Array.isArray(value.options);
}

function recognises(input: MetadataInput): boolean {
  const v = input.value;
  if (input.syntax !== 'json' || !isObject(v)) return false;
  if (isSingleOptionObject(v)) return true;
  return collections.some((c) => asArray(v[c]).length > 0 && asArray(v[c]).every((x) => isObject(x) && typeof x.id === 'string'));
}

/** Keys of tracker and event payloads that are structure, not metadata-defined fields. */
const trackerKeys = new Set(['trackedEntity', 'trackedEntityInstance', 'trackedEntityType', 'orgUnit', 'enrollments', 'enrollment', 'events', 'event', 'program', 'programStage',
  'enrolledAt', 'enrollmentDate', 'occurredAt', 'incidentDate', 'eventDate', 'dueDate', 'scheduledAt', 'completedAt', 'completedDate', 'status', 'geometry', 'coordinate',
  'relationships', 'notes', 'storedBy', 'attributeOptionCombo', 'attributeCategoryOptions', 'followUp', 'deleted', 'createdAt', 'updatedAt', 'attributes', 'dataValues']);
const aggregateKeys = new Set(['dataSet', 'period', 'orgUnit', 'completeDate', 'completedDate', 'attributeOptionCombo', 'dataValues', 'dataElement', 'categoryOptionCombo', 'value', 'comment', 'storedBy', 'followup']);

function firstSegment(path: string): string {
  return /^[^.[\]]+/u.exec(path)?.[0] ?? path;
}

function read(input: MetadataInput): ReadResult {
  const v = input.value as Record<string, unknown>;
  const file = input.file;
  const at = (...p: (string | number)[]): Origin => ({ file, at: p });
  const choiceSets: ChoiceSet[] = [];
  // Options may sit inside their option set or in a top-level `options` list.
  const optionById = new Map<string, Record<string, unknown>>();
  asArray(v.options).forEach((o) => {
    if (isObject(o) && typeof o.id === 'string') optionById.set(o.id, o);
  });
  const setFrom = (s: Record<string, unknown>, origin: Origin): void => {
    if (typeof s.id !== 'string') return;
    const choices = asArray(s.options).flatMap((o) => {
      const full = isObject(o) && typeof o.id === 'string' && o.code === undefined ? (optionById.get(o.id) ?? o) : o;
      const code = isObject(full) ? str(full.code) : undefined;
      return code === undefined || !isObject(full) ? [] : [choice(code, str(full.name))];
    });
    choiceSets.push({ id: s.id, ...(typeof s.name === 'string' ? { name: s.name } : {}), choices, origin });
  };
  if (isSingleOptionObject(v)) setFrom(v, at('id'));
  asArray(v.optionSets).forEach((s, i) => {
    if (isObject(s)) setFrom(s, at('optionSets', i, 'id'));
  });
  asArray(v.optionGroups).forEach((s, i) => {
    if (isObject(s)) setFrom(s, at('optionGroups', i, 'id'));
  });

  const teas = new Map<string, { o: Record<string, unknown>; i: number }>();
  asArray(v.trackedEntityAttributes).forEach((o, i) => {
    if (isObject(o) && typeof o.id === 'string') teas.set(o.id, { o, i });
  });
  const des = new Map<string, { o: Record<string, unknown>; i: number }>();
  asArray(v.dataElements).forEach((o, i) => {
    if (isObject(o) && typeof o.id === 'string') des.set(o.id, { o, i });
  });
  const refId = (x: unknown): string | undefined => (isObject(x) ? str(x.id) : str(x));

  const attributeField = (resource: CatalogueResource, id: string, required: boolean, origin: Origin): void => {
    const tea = teas.get(id);
    const valueType = str(tea?.o.valueType) ?? 'TEXT';
    const optionSet = refId(tea?.o.optionSet);
    addField(resource, makeField(`attributes[attribute=${id}].value`, valueType, optionSet ? (valueType === 'MULTI_TEXT' ? 'multichoice' : 'choice') : (familyIn('dhis2', valueType) ?? 'any'), tea ? at('trackedEntityAttributes', tea.i, 'id') : origin, {
      required,
      key: tea?.o.unique === true,
      ...(optionSet ? { choiceSet: optionSet, restricted: true } : {}),
      ...(valueType === 'MULTI_TEXT' ? { multiple: { separator: ',' } } : {}),
      ...(typeof tea?.o.name === 'string' ? { label: tea.o.name } : {}),
    }));
  };
  const dataElementField = (resource: CatalogueResource, id: string, required: boolean, origin: Origin): void => {
    const de = des.get(id);
    const valueType = str(de?.o.valueType) ?? 'TEXT';
    const optionSet = refId(de?.o.optionSet);
    addField(resource, makeField(`dataValues[dataElement=${id}].value`, valueType, optionSet ? (valueType === 'MULTI_TEXT' ? 'multichoice' : 'choice') : (familyIn('dhis2', valueType) ?? 'any'), de ? at('dataElements', de.i, 'id') : origin, {
      required,
      ...(optionSet ? { choiceSet: optionSet, restricted: true } : {}),
      ...(valueType === 'MULTI_TEXT' ? { multiple: { separator: ',' } } : {}),
      ...(typeof de?.o.name === 'string' ? { label: de.o.name } : {}),
    }));
  };
  const isTracker = (path: string): boolean => trackerKeys.has(firstSegment(path));
  const resources: CatalogueResource[] = [];
  const stagesById = new Map<string, CatalogueResource>();

  asArray(v.programStages).forEach((s, i) => {
    if (!isObject(s) || typeof s.id !== 'string') return;
    const r = makeResource(s.id, 'programStage', 'dhis2', at('programStages', i, 'id'), { ...(typeof s.name === 'string' ? { name: s.name } : {}), isOpen: isTracker, pickKeys: ['attribute', 'dataElement'] });
    asArray(s.programStageDataElements).forEach((psde, j) => {
      if (isObject(psde)) {
        const id = refId(psde.dataElement);
        if (id) dataElementField(r, id, psde.compulsory === true, at('programStages', i, 'programStageDataElements', j));
      }
    });
    stagesById.set(s.id, r);
    resources.push(r);
  });
  asArray(v.programs).forEach((p, i) => {
    if (!isObject(p) || typeof p.id !== 'string') return;
    const r = makeResource(p.id, 'program', 'dhis2', at('programs', i, 'id'), { ...(typeof p.name === 'string' ? { name: p.name } : {}), isOpen: isTracker, pickKeys: ['attribute', 'dataElement'] });
    asArray(p.programTrackedEntityAttributes).forEach((ptea, j) => {
      if (!isObject(ptea)) return;
      const id = refId(ptea.trackedEntityAttribute);
      if (id) attributeField(r, id, ptea.mandatory === true, at('programs', i, 'programTrackedEntityAttributes', j));
    });
    // A program's stages may be listed inline (a package export) or by id.
    asArray(p.programStages).forEach((s, j) => {
      if (!isObject(s) || typeof s.id !== 'string' || stagesById.has(s.id) || !Array.isArray(s.programStageDataElements)) return;
      const sr = makeResource(s.id, 'programStage', 'dhis2', at('programs', i, 'programStages', j, 'id'), { ...(typeof s.name === 'string' ? { name: s.name } : {}), isOpen: isTracker, pickKeys: ['attribute', 'dataElement'] });
      asArray(s.programStageDataElements).forEach((psde, k) => {
        const id = isObject(psde) ? refId(psde.dataElement) : undefined;
        if (id && isObject(psde)) dataElementField(sr, id, psde.compulsory === true, at('programs', i, 'programStages', j, 'programStageDataElements', k));
      });
      stagesById.set(s.id, sr);
      resources.push(sr);
    });
    // An enrollment carries its events: the program also has its stages' data elements (never required at enrollment).
    asArray(p.programStages).forEach((s) => {
      const stage = isObject(s) && typeof s.id === 'string' ? stagesById.get(s.id) : undefined;
      for (const f of stage?.fields.values() ?? []) addField(r, { ...f, required: false });
    });
    resources.push(r);
  });
  asArray(v.trackedEntityTypes).forEach((t, i) => {
    if (!isObject(t) || typeof t.id !== 'string') return;
    const r = makeResource(t.id, 'trackedEntityType', 'dhis2', at('trackedEntityTypes', i, 'id'), { ...(typeof t.name === 'string' ? { name: t.name } : {}), isOpen: isTracker, pickKeys: ['attribute', 'dataElement'] });
    asArray(t.trackedEntityTypeAttributes).forEach((a, j) => {
      const id = isObject(a) ? refId(a.trackedEntityAttribute) : undefined;
      if (id && isObject(a)) attributeField(r, id, a.mandatory === true, at('trackedEntityTypes', i, 'trackedEntityTypeAttributes', j));
    });
    resources.push(r);
  });
  asArray(v.dataSets).forEach((d, i) => {
    if (!isObject(d) || typeof d.id !== 'string') return;
    const r = makeResource(d.id, 'dataSet', 'dhis2', at('dataSets', i, 'id'), { ...(typeof d.name === 'string' ? { name: d.name } : {}), isOpen: (p) => aggregateKeys.has(firstSegment(p)), pickKeys: ['dataElement'] });
    asArray(d.dataSetElements).forEach((e, j) => {
      const id = isObject(e) ? refId(e.dataElement) : undefined;
      if (id) dataElementField(r, id, false, at('dataSets', i, 'dataSetElements', j));
    });
    resources.push(r);
  });
  return { resources, choiceSets };
}

/** DHIS2 metadata export or package (`/api/metadata`), and single option set / option group exports. */
export const dhis2Reader: MetadataReader = { id: 'dhis2-metadata', title: 'DHIS2 metadata export', recognises, read };
