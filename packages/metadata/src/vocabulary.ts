import type { FieldType } from '@interop-design/schema';
import type { TypeFamily } from './types.js';

/**
 * The one vocabulary of system types: every type name as each system's exported metadata writes
 * it, and the catalogue type family it holds. The metadata readers look their fields' types up
 * here; the mapping-sheet importer (packages/sheets) reads a sheet's "Type" column with the
 * flattened view, `systemTypeVocabulary`. Keys are as the system writes them (DHIS2 and Go.Data in
 * upper case, CommCare questions in camel case); the flattened view is case-insensitive.
 */
export const systemTypes = {
  /** The spec's own field types (and the generic `*.fields.yaml`). */
  design: {
    string: 'text', number: 'number', integer: 'integer', boolean: 'boolean', date: 'date', datetime: 'datetime', choice: 'choice', multichoice: 'multichoice', object: 'object', array: 'array', any: 'any',
  },
  /** Salesforce describe `fields[].type`. */
  salesforce: {
    id: 'reference', reference: 'reference', string: 'text', textarea: 'text', phone: 'text', email: 'text', url: 'text',
    encryptedstring: 'text', combobox: 'text', picklist: 'choice', multipicklist: 'multichoice', boolean: 'boolean',
    double: 'number', currency: 'number', percent: 'number', int: 'integer', long: 'integer', date: 'date',
    datetime: 'datetime', time: 'time', address: 'object', location: 'object', anytype: 'any', base64: 'text',
  },
  /** DHIS2 `valueType` of tracked entity attributes and data elements. */
  dhis2: {
    TEXT: 'text', LONG_TEXT: 'text', MULTI_TEXT: 'multichoice', LETTER: 'text', PHONE_NUMBER: 'text', EMAIL: 'text', USERNAME: 'text', URL: 'text',
    NUMBER: 'number', UNIT_INTERVAL: 'number', PERCENTAGE: 'number', INTEGER: 'integer', INTEGER_POSITIVE: 'integer',
    INTEGER_NEGATIVE: 'integer', INTEGER_ZERO_OR_POSITIVE: 'integer', BOOLEAN: 'boolean', TRUE_ONLY: 'boolean',
    DATE: 'date', AGE: 'date', DATETIME: 'datetime', TIME: 'time', COORDINATE: 'text', GEOJSON: 'object',
    ORGANISATION_UNIT: 'reference', REFERENCE: 'reference', FILE_RESOURCE: 'reference', IMAGE: 'reference', TRACKER_ASSOCIATE: 'reference',
  },
  /** XLSForm / Kobo question types (the survey sheet's `type`, without the list name). */
  kobo: {
    text: 'text', integer: 'integer', int: 'integer', decimal: 'number', range: 'number', select_one: 'choice', select_multiple: 'multichoice',
    select_one_from_file: 'choice', select_multiple_from_file: 'multichoice', rank: 'multichoice', date: 'date', datetime: 'datetime', time: 'time',
    geopoint: 'text', geotrace: 'text', geoshape: 'text', barcode: 'text', calculate: 'any', hidden: 'any', acknowledge: 'text', audit: 'any',
    image: 'text', audio: 'text', video: 'text', file: 'text', 'background-audio': 'text', start: 'datetime', end: 'datetime', today: 'date',
    deviceid: 'text', phonenumber: 'text', username: 'text', email: 'text', subscriberid: 'text', simserial: 'text', 'xml-external': 'any',
  },
  /** CommCare data dictionary `data_type`. */
  commcareDictionary: {
    plain: 'text', number: 'number', date: 'date', select: 'choice', barcode: 'text', gps: 'text', phone_number: 'text', password: 'text', undefined: 'any',
  },
  /** CommCare application question `type`. */
  commcareQuestion: {
    Text: 'text', Int: 'integer', Long: 'integer', Double: 'number', Decimal: 'number', Date: 'date', DateTime: 'datetime', Time: 'time', Select: 'choice',
    MSelect: 'multichoice', Geopoint: 'text', PhoneNumber: 'text', Barcode: 'text', Secret: 'text', Image: 'text', Audio: 'text', Video: 'text',
    Signature: 'text', Hidden: 'any', DataBindOnly: 'any', Repeat: 'array', Group: 'object', FieldList: 'object',
  },
  /** Go.Data questionnaire `answerType`, after `LNG_REFERENCE_DATA_CATEGORY_QUESTION_ANSWER_TYPE_`. */
  godata: {
    FREE_TEXT: 'text', NUMERIC: 'number', DATE_TIME: 'datetime', SINGLE_ANSWER: 'choice', MULTIPLE_ANSWERS: 'multichoice', FILE_UPLOAD: 'text', MARKUP: 'any',
  },
  /** SQL Server and Postgres column types, as node-sql-parser reports them (lower-cased, length stripped). */
  sql: {
    char: 'text', varchar: 'text', nchar: 'text', nvarchar: 'text', text: 'text', ntext: 'text', 'character varying': 'text',
    uniqueidentifier: 'text', uuid: 'text', int: 'integer', integer: 'integer', bigint: 'integer', smallint: 'integer', tinyint: 'integer',
    serial: 'integer', bigserial: 'integer', smallserial: 'integer', decimal: 'number', numeric: 'number', float: 'number', real: 'number',
    'double precision': 'number', double: 'number', money: 'number', smallmoney: 'number', bit: 'boolean', boolean: 'boolean', bool: 'boolean',
    date: 'date', datetime: 'datetime', datetime2: 'datetime', smalldatetime: 'datetime', datetimeoffset: 'datetime', timestamp: 'datetime', timestamptz: 'datetime',
    time: 'time', json: 'object', jsonb: 'object', varbinary: 'any', bytea: 'any',
  },
  /**
   * SQL type names the parser reports under another name (`int4` as `int`, `character` as
   * `character varying`) or does not parse (`citext`, `xml`, `timetz`: such DDL is
   * `metadata-syntax`): no reader reports them, but a sheet may say them.
   */
  sqlAliases: {
    character: 'text', int2: 'integer', int4: 'integer', int8: 'integer', float8: 'number', float4: 'number', citext: 'text', xml: 'text', timetz: 'time',
  },
  /**
   * Not a system's metadata: what people write in mapping sheets, and XLSForm structure rows a
   * sheet may list as a field (a repeat, a group, a note). No reader produces these.
   */
  sheet: {
    str: 'text', 'free text': 'text', num: 'number', 'whole number': 'integer', yes_no: 'boolean', 'yes/no': 'boolean', checkbox: 'boolean',
    list: 'array', dropdown: 'choice', 'date/time': 'datetime', 'date time': 'datetime', 'multi-select': 'multichoice', 'multi select': 'multichoice',
    'single select': 'choice', single_select: 'choice', multiple_select: 'multichoice', multiple_choice: 'multichoice', note: 'text',
    begin_repeat: 'array', begin_group: 'object', 'timestamp with time zone': 'datetime', 'timestamp without time zone': 'datetime',
  },
} as const satisfies Record<string, Readonly<Record<string, TypeFamily>>>;

export type TypeSystem = keyof typeof systemTypes;

/** The spec's field type for a catalogue type family (what `new mapping` declares, what a sheet's type becomes). */
export const familyFieldType: Readonly<Record<TypeFamily, FieldType>> = {
  text: 'string', number: 'number', integer: 'integer', boolean: 'boolean', date: 'date', datetime: 'datetime', time: 'string',
  choice: 'choice', multichoice: 'multichoice', reference: 'string', object: 'object', array: 'array', any: 'any',
};

/** The family of a type name in one system's table; `undefined` for a name the table does not hold. */
export function familyIn(system: TypeSystem, type: string): TypeFamily | undefined {
  const table: Readonly<Record<string, TypeFamily>> = systemTypes[system];
  return Object.hasOwn(table, type) ? table[type] : undefined;
}

/** Which table wins when a name is in several: the spec's own names, then the systems, then sheet words. */
const lookupOrder: readonly TypeSystem[] = ['design', 'sql', 'sqlAliases', 'salesforce', 'dhis2', 'kobo', 'commcareQuestion', 'commcareDictionary', 'godata', 'sheet'];

/** Every name of every table, lower-cased, with its family (the first table in `lookupOrder` that holds it). */
const flatFamilies: ReadonlyMap<string, TypeFamily> = (() => {
  const out = new Map<string, TypeFamily>();
  for (const system of lookupOrder) for (const [name, family] of Object.entries(systemTypes[system])) if (!out.has(name.toLowerCase())) out.set(name.toLowerCase(), family);
  return out;
})();

/** The family of a type name of any system, case-insensitive (generic formats: `*.fields.yaml`, OpenFn metadata); `any` when unknown. */
export function familyOfTypeName(type: string): TypeFamily {
  return flatFamilies.get(type.toLowerCase().replace(/\(.*$/u, '').trim()) ?? 'any';
}

/** System type names (lower case) -> the spec's field types: the table a sheet's "Type" column is read with. */
export const systemTypeVocabulary: Readonly<Record<string, FieldType>> = Object.fromEntries([...flatFamilies].map(([name, family]) => [name, familyFieldType[family]]));

/** What a sheet's type cell said, read: the spec type, or `undefined` for a type the vocabulary does not know. */
export interface TypeReading {
  type: FieldType | undefined;
  /** The length written with it (`nvarchar(50)`, `text(80)`), when one was. */
  maxLength?: number;
}

/**
 * Reads a type as a system writes it (`picklist`, `Date`, `select_one gender`, `nvarchar(50)`,
 * `DATETIME`): case-insensitive; a Kobo list name after `select_one` and an SQL length or
 * precision in parentheses are ignored (the length is returned as `maxLength`).
 */
export function readSystemType(text: string): TypeReading {
  let t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  let maxLength: number | undefined;
  const paren = /^([a-z_ ]+?)\s*\(\s*(\d+|max)?\s*(?:,\s*\d+\s*)?\)$/.exec(t);
  if (paren?.[1] !== undefined) {
    t = paren[1];
    if (paren[2] !== undefined && paren[2] !== 'max') maxLength = Number(paren[2]);
  }
  const direct = Object.hasOwn(systemTypeVocabulary, t) ? systemTypeVocabulary[t] : undefined;
  if (direct) return { type: direct, ...(maxLength !== undefined && direct === 'string' ? { maxLength } : {}) };
  // `select_one gender`, `select_multiple symptoms`: the list name follows the type.
  const first = t.split(' ')[0] ?? '';
  const byFirst = first.startsWith('select_') && Object.hasOwn(systemTypeVocabulary, first) ? systemTypeVocabulary[first] : undefined;
  return { type: byFirst };
}
