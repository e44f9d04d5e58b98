import type { FieldType } from '@interop-design/schema';

/**
 * System type names -> the spec's field types: the one table a sheet's "Type" column is read with.
 * It follows what the systems' own metadata calls its types (Salesforce describe `type`, DHIS2
 * `valueType`, Kobo/XLSForm `type`, SQL column types, CommCare and Go.Data question types).
 * packages/metadata's readers carry the same knowledge: the two are meant to become one table
 * (this module is the sheet side of it; keep the export's shape when merging).
 */
export const systemTypeVocabulary: Readonly<Record<string, FieldType>> = {
  // The spec's own names.
  string: 'string',
  number: 'number',
  integer: 'integer',
  boolean: 'boolean',
  date: 'date',
  datetime: 'datetime',
  choice: 'choice',
  multichoice: 'multichoice',
  object: 'object',
  array: 'array',
  any: 'any',
  // Salesforce describe.
  id: 'string',
  textarea: 'string',
  picklist: 'choice',
  multipicklist: 'multichoice',
  combobox: 'choice',
  double: 'number',
  currency: 'number',
  percent: 'number',
  int: 'integer',
  long: 'integer',
  reference: 'string',
  phone: 'string',
  email: 'string',
  url: 'string',
  encryptedstring: 'string',
  address: 'object',
  location: 'object',
  time: 'string',
  // DHIS2 value types.
  text: 'string',
  long_text: 'string',
  letter: 'string',
  integer_positive: 'integer',
  integer_negative: 'integer',
  integer_zero_or_positive: 'integer',
  true_only: 'boolean',
  age: 'date',
  phone_number: 'string',
  organisation_unit: 'string',
  coordinate: 'string',
  tracker_associate: 'string',
  username: 'string',
  unit_interval: 'number',
  // Kobo / XLSForm / ODK / CommCare question types.
  select_one: 'choice',
  select_multiple: 'multichoice',
  select_one_from_file: 'choice',
  select_multiple_from_file: 'multichoice',
  decimal: 'number',
  range: 'number',
  calculate: 'string',
  note: 'string',
  barcode: 'string',
  geopoint: 'string',
  geotrace: 'string',
  geoshape: 'string',
  start: 'datetime',
  end: 'datetime',
  today: 'date',
  image: 'string',
  audio: 'string',
  video: 'string',
  file: 'string',
  acknowledge: 'string',
  begin_repeat: 'array',
  repeat: 'array',
  begin_group: 'object',
  group: 'object',
  single_select: 'choice',
  multiple_select: 'multichoice',
  multiple_choice: 'multichoice',
  // SQL (SQL Server, Postgres, MySQL) column types; the length is stripped first.
  varchar: 'string',
  nvarchar: 'string',
  char: 'string',
  nchar: 'string',
  ntext: 'string',
  character: 'string',
  'character varying': 'string',
  uuid: 'string',
  uniqueidentifier: 'string',
  bigint: 'integer',
  smallint: 'integer',
  tinyint: 'integer',
  serial: 'integer',
  bigserial: 'integer',
  bit: 'boolean',
  bool: 'boolean',
  numeric: 'number',
  float: 'number',
  real: 'number',
  money: 'number',
  'double precision': 'number',
  datetime2: 'datetime',
  datetimeoffset: 'datetime',
  smalldatetime: 'datetime',
  timestamp: 'datetime',
  timestamptz: 'datetime',
  'timestamp with time zone': 'datetime',
  'timestamp without time zone': 'datetime',
  json: 'object',
  jsonb: 'object',
  // Words people write in mapping sheets.
  str: 'string',
  'free text': 'string',
  num: 'number',
  'whole number': 'integer',
  yes_no: 'boolean',
  'yes/no': 'boolean',
  checkbox: 'boolean',
  list: 'array',
  dropdown: 'choice',
  'date/time': 'datetime',
  'date time': 'datetime',
  'multi-select': 'multichoice',
  'multi select': 'multichoice',
  'single select': 'choice',
};

/** What a sheet's type cell said, read: the spec type, or `undefined` for a type the table does not know. */
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
