import { addField, asArray, choice, isObject, lazyChoiceSet, lazyResource, makeField, str } from '../field.js';
import type { CatalogueResource, Choice, ChoiceSet, MetadataInput, MetadataReader, Origin, ReadResult, StructureField } from '../types.js';
import { familyIn } from '../vocabulary.js';
import { indexJson, jsonText as bytesText, stringToken } from '../json-index.js';
import type { JsonElements, JsonIndex } from '../json-index.js';


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

/**
 * A DHIS2 export as the reader sees it: its top-level collections, whose elements it parses only
 * when asked (a parsed value, or an index of the text for big files).
 */
export interface Dhis2Export {
  /** Every element of a collection, parsed (an empty list when the member is not an array). */
  list(collection: Collection): readonly unknown[];
  /** The elements of a collection that are objects with a string `id`, in order, by their index; not parsed. */
  heads(collection: Collection): readonly { id: string; name: string | undefined; index: number }[];
  /** One element of a collection, parsed. */
  element(collection: Collection, index: number): unknown;
  /** The (last) object of a collection with this `id`, and its index. */
  byId(collection: Collection, id: string): { o: Record<string, unknown>; i: number } | undefined;
}

type Collection = (typeof collections)[number] | 'options';

/** A DHIS2 export read from its parsed value. */
function valueExport(v: Record<string, unknown>): Dhis2Export {
  const maps = new Map<Collection, Map<string, { o: Record<string, unknown>; i: number }>>();
  return {
    list: (c) => asArray(v[c]),
    heads: (c) => asArray(v[c]).flatMap((o, index) => (isObject(o) && typeof o.id === 'string' ? [{ id: o.id, name: typeof o.name === 'string' ? o.name : undefined, index }] : [])),
    element: (c, i) => asArray(v[c])[i],
    byId: (c, id) => {
      let m = maps.get(c);
      if (!m) {
        const built = new Map<string, { o: Record<string, unknown>; i: number }>();
        asArray(v[c]).forEach((o, i) => {
          if (isObject(o) && typeof o.id === 'string') built.set(o.id, { o, i });
        });
        maps.set(c, (m = built));
      }
      return m.get(id);
    },
  };
}

/** Top-level keys of other readers' formats: a file holding one is parsed whole and read as before. */
const otherFormats = new Set(['sobjects', 'fields', 'id', 'content', 'survey', 'case_types', 'modules', 'caseInvestigationTemplate', 'children', 'entities', 'resource', 'resources']);

/** A DHIS2 export read from an index of its bytes: collections and elements parsed when first asked for. */
interface Slicer {
  /** The JSON text of bytes [start, end). */
  json: (start: number, end: number) => string;
  /** The value of the string token at bytes [start, end). */
  token: (start: number, end: number) => string;
  /** `hashString` of the token's value, without making the string when the token is plain ASCII. */
  hash: (start: number, end: number) => number;
}

/** FNV-1a over UTF-16 code units. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), 16777619);
  return h;
}

/** Slices of the decoded text, when every byte is ASCII (byte offsets are then text offsets): the bytes need not be kept. */
function textSlicer(text: string, bom: number): Slicer {
  const token = (start: number, end: number): string => {
    const raw = text.slice(start - bom + 1, end - bom - 1);
    return raw.includes('\\') ? (JSON.parse(text.slice(start - bom, end - bom)) as string) : raw;
  };
  return {
    json: (start, end) => text.slice(start - bom, end - bom),
    token,
    hash: (start, end) => {
      let h = 0x811c9dc5;
      for (let k = start - bom + 1; k < end - bom - 1; k++) {
        const c = text.charCodeAt(k);
        if (c === 0x5c) return hashString(token(start, end));
        h = Math.imul(h ^ c, 16777619);
      }
      return h;
    },
  };
}

function byteSlicer(bytes: Uint8Array): Slicer {
  return {
    json: (start, end) => bytesText(bytes, start, end),
    token: (start, end) => stringToken(bytes, start, end),
    hash: (start, end) => {
      let h = 0x811c9dc5;
      for (let k = start + 1; k < end - 1; k++) {
        const c = bytes[k] ?? 0;
        if (c === 0x5c || c >= 0x80) return hashString(stringToken(bytes, start, end));
        h = Math.imul(h ^ c, 16777619);
      }
      return h;
    },
  };
}

function indexedExport(members: JsonIndex['members'], slicer: Slicer): Dhis2Export {
  const jsonText = slicer.json;
  const token = slicer.token;
  const elementsOf = (c: Collection): JsonElements | undefined => members.get(c)?.elements;
  const parsed = new Map<Collection, Map<number, unknown>>();
  const maps = new Map<Collection, Map<number, number | number[]>>();
  const element = (c: Collection, i: number): unknown => {
    const e = elementsOf(c);
    if (!e || i >= e.starts.length) return undefined;
    let cache = parsed.get(c);
    if (!cache) {
      cache = new Map<number, unknown>();
      parsed.set(c, cache);
    }
    if (!cache.has(i)) cache.set(i, JSON.parse(jsonText(e.starts[i] ?? 0, e.ends[i] ?? 0)));
    return cache.get(i);
  };
  return {
    list: (c) => {
      const m = members.get(c);
      return m?.elements ? (JSON.parse(jsonText(m.start, m.end)) as unknown[]) : [];
    },
    heads: (c) => {
      const e = elementsOf(c);
      const out: { id: string; name: string | undefined; index: number }[] = [];
      if (!e) return out;
      for (let i = 0; i < e.starts.length; i++) {
        const idStart = e.idStarts[i] ?? -1;
        if (idStart < 0) continue;
        const nameStart = e.nameStarts[i] ?? -1;
        out.push({ id: token(idStart, e.idEnds[i] ?? 0), name: nameStart < 0 ? undefined : token(nameStart, e.nameEnds[i] ?? 0), index: i });
      }
      return out;
    },
    element,
    byId: (c, id) => {
      const e = elementsOf(c);
      if (!e) return undefined;
      // Element indexes by the hash of their id (a number when one element has it): no string per element.
      let m = maps.get(c);
      if (!m) {
        const built = new Map<number, number | number[]>();
        for (let i = 0; i < e.starts.length; i++) {
          const idStart = e.idStarts[i] ?? -1;
          if (idStart < 0) continue;
          const h = slicer.hash(idStart, e.idEnds[i] ?? 0);
          const prev = built.get(h);
          if (prev === undefined) built.set(h, i);
          else if (typeof prev === 'number') built.set(h, [prev, i]);
          else prev.push(i);
        }
        maps.set(c, (m = built));
      }
      const found = m.get(hashString(id));
      const candidates = found === undefined ? [] : typeof found === 'number' ? [found] : found;
      // The last element with the id wins, as in a map built in order.
      for (let k = candidates.length - 1; k >= 0; k--) {
        const i = candidates[k] ?? 0;
        if (token(e.idStarts[i] ?? 0, e.idEnds[i] ?? 0) === id) return { o: element(c, i) as Record<string, unknown>, i };
      }
      return undefined;
    },
  };
}

/**
 * Reads a DHIS2 export from the bytes of a JSON file without parsing it whole (a national package is
 * tens of megabytes): `undefined` when the bytes do not scan cleanly or are not a DHIS2 collection
 * export, and then the file is parsed and read as before. It claims only files that the readers
 * before it (the Salesforce describe) do not recognise.
 */
export function readDhis2Bytes(input: MetadataInput, maxDepth: number): ReadResult | undefined {
  const ix = indexJson(input.bytes, maxDepth, otherFormats);
  if (!ix) return undefined;
  // As `recognises`: some collection is a non-empty list of objects, each with a string id.
  const recognised = collections.some((c) => {
    const e = ix.members.get(c)?.elements;
    return e !== undefined && e.starts.length > 0 && e.idStarts.every((x) => x >= 0);
  });
    if (!recognised) return undefined;
  const { bytes, text } = input;
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  // With the decoded text at hand and every byte ASCII, slices of the text; otherwise the bytes.
  return readExport(input.file, indexedExport(ix.members, text !== undefined && text.length === bytes.length - bom ? textSlicer(text, bom) : byteSlicer(bytes)));
}

function read(input: MetadataInput): ReadResult {
  const v = input.value as Record<string, unknown>;
  return readExport(input.file, valueExport(v), isSingleOptionObject(v) ? v : undefined);
}

/**
 * The catalogue of an export: resources with their ids and names at once, their fields and the
 * option sets' choices built when first asked for (a mapping names a few of a package's programmes).
 */
export function readExport(file: string, x: Dhis2Export, single?: Record<string, unknown>): ReadResult {
  const at = (...p: (string | number)[]): Origin => ({ file, at: p });
  const choiceSets: ChoiceSet[] = [];
  // Options may sit inside their option set or in a top-level `options` list.
  const choicesOf = (s: unknown): Choice[] =>
    asArray(isObject(s) ? s.options : undefined).flatMap((o) => {
      const full = isObject(o) && typeof o.id === 'string' && o.code === undefined ? (x.byId('options', o.id)?.o ?? o) : o;
      const code = isObject(full) ? str(full.code) : undefined;
      return code === undefined || !isObject(full) ? [] : [choice(code, str(full.name))];
    });
  if (single && typeof single.id === 'string') choiceSets.push(lazyChoiceSet(single.id, typeof single.name === 'string' ? single.name : undefined, at('id'), () => choicesOf(single)));
  for (const c of ['optionSets', 'optionGroups'] as const) {
    for (const h of x.heads(c)) choiceSets.push(lazyChoiceSet(h.id, h.name, at(c, h.index, 'id'), () => choicesOf(x.element(c, h.index))));
  }

  const refId = (r: unknown): string | undefined => (isObject(r) ? str(r.id) : str(r));
  const attributeField = (resource: CatalogueResource, id: string, required: boolean, origin: Origin): void => {
    const tea = x.byId('trackedEntityAttributes', id);
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
    const de = x.byId('dataElements', id);
    const valueType = str(de?.o.valueType) ?? 'TEXT';
    const optionSet = refId(de?.o.optionSet);
    addField(resource, makeField(`dataValues[dataElement=${id}].value`, valueType, optionSet ? (valueType === 'MULTI_TEXT' ? 'multichoice' : 'choice') : (familyIn('dhis2', valueType) ?? 'any'), de ? at('dataElements', de.i, 'id') : origin, {
      required,
      ...(optionSet ? { choiceSet: optionSet, restricted: true } : {}),
      ...(valueType === 'MULTI_TEXT' ? { multiple: { separator: ',' } } : {}),
      ...(typeof de?.o.name === 'string' ? { label: de.o.name } : {}),
    }));
  };
  const stageElements = (resource: CatalogueResource, s: unknown, path: (string | number)[]): void => {
    asArray(isObject(s) ? s.programStageDataElements : undefined).forEach((psde, k) => {
      const id = isObject(psde) ? refId(psde.dataElement) : undefined;
      if (id && isObject(psde)) dataElementField(resource, id, psde.compulsory === true, at(...path, 'programStageDataElements', k));
    });
  };
  const isTracker = (path: string): boolean => trackerKeys.has(firstSegment(path));
  const tracker = { isOpen: isTracker, pickKeys: ['attribute', 'dataElement'] };
  const named = (name: string | undefined): { name?: string } => (name === undefined ? {} : { name });
  const resources: CatalogueResource[] = [];
  const stagesById = new Map<string, CatalogueResource>();

  for (const h of x.heads('programStages')) {
    const r = lazyResource(h.id, 'programStage', 'dhis2', at('programStages', h.index, 'id'), { ...named(h.name), ...tracker }, (res) => {
      stageElements(res, x.element('programStages', h.index), ['programStages', h.index]);
    });
    stagesById.set(h.id, r);
    resources.push(r);
  }
  x.list('programs').forEach((p, i) => {
    if (!isObject(p) || typeof p.id !== 'string') return;
    // A program's stages may be listed inline (a package export) or by id.
    asArray(p.programStages).forEach((s, j) => {
      if (!isObject(s) || typeof s.id !== 'string' || stagesById.has(s.id) || !Array.isArray(s.programStageDataElements)) return;
      const sr = lazyResource(s.id, 'programStage', 'dhis2', at('programs', i, 'programStages', j, 'id'), { ...named(typeof s.name === 'string' ? s.name : undefined), ...tracker }, (res) => {
        stageElements(res, s, ['programs', i, 'programStages', j]);
      });
      stagesById.set(s.id, sr);
      resources.push(sr);
    });
    // An enrollment carries its events: the program also has its stages' data elements (never required at enrollment).
    const stages = asArray(p.programStages).map((s) => (isObject(s) && typeof s.id === 'string' ? stagesById.get(s.id) : undefined));
    // What a tracker import needs besides the attributes and data values (DHIS2 tracker API: a
    // tracked entity's type and org unit, its enrollment's program, org unit and date, and each
    // event's org unit and date; a pick on programStage writes the event's stage).
    const teType = refId(p.trackedEntityType);
    const eventOf = (stage: CatalogueResource): string => `enrollments[0].events[programStage=${stage.id}]`;
    // A program without registration (an event program) records events, not tracked entities.
    const eventProgram = str(p.programType) === 'WITHOUT_REGISTRATION';
    const programId = p.id;
    // An event of a stage imported on its own (the mapping names the stage, or an event program): the
    // tracker API's Event requires programStage, orgUnit and occurredAt, and, in a tracker program, the
    // enrollment it belongs to (`program` is only read).
    const eventStructure = (stage: CatalogueResource | undefined): StructureField[] => [
      { path: 'programStage', type: 'string', ...(stage ? { constant: stage.id } : {}), note: 'the stage of the event' },
      ...(eventProgram ? [] : [{ path: 'enrollment', type: 'string' as const, note: 'the enrollment the event belongs to' }]),
      { path: 'orgUnit', type: 'string', note: 'the organisation unit of the event' },
      { path: 'occurredAt', type: 'date', note: 'the date of the event' },
    ];
    for (const stage of stages) {
      if (!stage || stage.partOf !== undefined) continue;
      stage.partOf = programId;
      stage.structure = eventStructure(stage);
    }
    const onlyStage = stages.length === 1 ? stages[0] : undefined;
    const structure: StructureField[] = eventProgram ? eventStructure(onlyStage) : [
      { path: 'trackedEntityType', type: 'string', ...(teType ? { constant: teType } : {}), note: 'the tracked entity type the program enrols' },
      { path: 'orgUnit', type: 'string', note: 'the organisation unit that owns the tracked entity' },
      { path: 'enrollments[0].program', type: 'string', constant: p.id, note: 'the program' },
      { path: 'enrollments[0].orgUnit', type: 'string', note: 'the organisation unit of the enrollment' },
      { path: 'enrollments[0].enrolledAt', type: 'date', note: 'the enrollment date' },
      ...stages.flatMap((stage) =>
        stage
          ? [
              { path: `${eventOf(stage)}.orgUnit`, type: 'string' as const, note: `the organisation unit of the ${stage.name ?? stage.id} event`, within: eventOf(stage) },
              { path: `${eventOf(stage)}.occurredAt`, type: 'date' as const, note: `the date of the ${stage.name ?? stage.id} event`, within: eventOf(stage) },
            ]
          : [],
      ),
    ];
    const r = lazyResource(p.id, 'program', 'dhis2', at('programs', i, 'id'), { ...named(typeof p.name === 'string' ? p.name : undefined), ...tracker, structure }, (res) => {
      asArray(p.programTrackedEntityAttributes).forEach((ptea, j) => {
        if (!isObject(ptea)) return;
        const id = refId(ptea.trackedEntityAttribute);
        if (id) attributeField(res, id, ptea.mandatory === true, at('programs', i, 'programTrackedEntityAttributes', j));
      });
      // Written where a tracker import puts them: in the enrollment's event of that stage (an event
      // program's event is the record itself).
      for (const stage of stages) if (stage) for (const f of stage.fields.values()) addField(res, eventProgram ? f : { ...f, path: `${eventOf(stage)}.${f.path}`, required: false });
    });
    resources.push(r);
  });
  for (const h of x.heads('trackedEntityTypes')) {
    resources.push(lazyResource(h.id, 'trackedEntityType', 'dhis2', at('trackedEntityTypes', h.index, 'id'), { ...named(h.name), ...tracker }, (res) => {
      const t = x.element('trackedEntityTypes', h.index);
      asArray(isObject(t) ? t.trackedEntityTypeAttributes : undefined).forEach((a, j) => {
        const id = isObject(a) ? refId(a.trackedEntityAttribute) : undefined;
        if (id && isObject(a)) attributeField(res, id, a.mandatory === true, at('trackedEntityTypes', h.index, 'trackedEntityTypeAttributes', j));
      });
    }));
  }
  for (const h of x.heads('dataSets')) {
    // Read now for its period type (data sets are few, unlike data elements).
    const set = x.element('dataSets', h.index);
    const periodType = isObject(set) ? str(set.periodType) : undefined;
    resources.push(lazyResource(h.id, 'dataSet', 'dhis2', at('dataSets', h.index, 'id'), { ...named(h.name), isOpen: (p) => aggregateKeys.has(firstSegment(p)), pickKeys: ['dataElement'], structure: aggregateStructure(periodType) }, (res) => {
      asArray(isObject(set) ? set.dataSetElements : undefined).forEach((e, j) => {
        const id = isObject(e) ? refId(e.dataElement) : undefined;
        if (id) dataElementField(res, id, false, at('dataSets', h.index, 'dataSetElements', j));
      });
    }));
  }
  return { resources, choiceSets };
}

/**
 * How DHIS2 writes a period of each period type (Web API, "Date and period format"): the pattern a
 * value must match, as the message shows it, and the date pattern that writes it where one does.
 */
const periodFormats = new Map<string, Omit<NonNullable<StructureField['value']>, 'what'>>(Object.entries({
  // yyyy-MM-dd is read as a day too (lenient: a false error would cost more than a missed one).
  Daily: { pattern: /^\d{4}-?(?:0[1-9]|1[0-2])-?(?:0[1-9]|[12]\d|3[01])$/u, format: 'yyyyMMdd, such as 20240115', datePatterns: ['yyyyMMdd', 'yyyy-MM-dd', 'iso-date'] },
  Weekly: { pattern: /^\d{4}W(?:[1-9]|[1-4]\d|5[0-3])$/u, format: 'yyyyWn, such as 2024W3' },
  Monthly: { pattern: /^\d{4}(?:0[1-9]|1[0-2])$/u, format: 'yyyyMM, such as 202401', datePatterns: ['yyyyMM'] },
  BiMonthly: { pattern: /^\d{4}\d{2}B$/u, format: 'yyyyMMB, such as 202401B' },
  Quarterly: { pattern: /^\d{4}Q[1-4]$/u, format: 'yyyyQn, such as 2024Q1' },
  SixMonthly: { pattern: /^\d{4}S[12]$/u, format: 'yyyySn, such as 2024S1' },
  Yearly: { pattern: /^\d{4}$/u, format: 'yyyy, such as 2024', datePatterns: ['yyyy'] },
  FinancialApril: { pattern: /^\d{4}April$/u, format: 'yyyyApril, such as 2024April' },
  FinancialJuly: { pattern: /^\d{4}July$/u, format: 'yyyyJuly, such as 2024July' },
  FinancialOct: { pattern: /^\d{4}Oct$/u, format: 'yyyyOct, such as 2024Oct' },
}));

/**
 * What a data value set import needs besides its data values (DHIS2 Web API, "Sending data
 * values"): the period and the organisation unit, given once on the set or on each data value
 * (`dataValues[].period`). `dataSet` is optional there, so it is not asked.
 */
function aggregateStructure(periodType: string | undefined): StructureField[] {
  // A map, not an object's keys: a period type of `__proto__` or `constructor` is just unknown.
  const form = periodType === undefined ? undefined : periodFormats.get(periodType);
  const value = form && periodType ? { ...form, what: `a ${periodType} period` } : undefined;
  return [
    { path: 'period', type: 'string', note: `the period of the values${periodType ? `, ${periodType}${value ? `: ${value.format}` : ''}` : ''}; on the data value set or on each value`, aliases: ['dataValues[].period'], ...(value ? { value } : {}) },
    { path: 'orgUnit', type: 'string', note: 'the organisation unit of the values; on the data value set or on each value', aliases: ['dataValues[].orgUnit'] },
  ];
}

/** DHIS2 metadata export or package (`/api/metadata`), and single option set / option group exports. */
export const dhis2Reader: MetadataReader = { id: 'dhis2-metadata', title: 'DHIS2 metadata export', recognises, read };
