import type { ColumnDef, Group } from './model.js';

const src = (key: string, header: string, aliases: string[], width: number, explain: string): ColumnDef => ({ key: `source.${key}`, group: 'source', header, aliases, width, explain });
const dst = (key: string, header: string, aliases: string[], width: number, explain: string): ColumnDef => ({ key: `destination.${key}`, group: 'destination', header, aliases, width, explain });
const tr = (key: string, header: string, aliases: string[], width: number, explain: string): ColumnDef => ({ key, group: 'transform', header, aliases, width, explain });

const pathAliases = ['api name', 'field', 'field name', 'path', 'field path', 'question', 'question name', 'column', 'column name', 'name', 'data element', 'attribute', 'property', 'key path', 'field api name'];
const typeAliases = ['type', 'data type', 'field type', 'value type', 'question type', 'datatype'];
const choiceAliases = ['choices', 'options', 'picklist values', 'values', 'allowed values', 'option set', 'choice list'];

/** The template's columns, in order. Export writes them all; import finds them by name in any order. */
export const columns: readonly ColumnDef[] = [
  src('path', 'API name', pathAliases, 30, 'The source field path (question id, case property, data element pick). Several paths one per line.'),
  src('label', 'Label', ['label', 'question label', 'display name', 'field label', 'description label'], 24, 'The label users see (documentation only).'),
  src('type', 'Type', typeAliases, 13, 'The type, in the spec\'s words or the system\'s (picklist, select_one, nvarchar(50), Date ...).'),
  src('choices', 'Choices', choiceAliases, 22, 'The codes a choice field holds, separated by "; ".'),
  src('format', 'Format', ['format', 'date format', 'pattern'], 13, 'How the source writes the value, e.g. dd/MM/yyyy.'),
  src('sample', 'Sample', ['sample', 'sample value', 'example', 'example value'], 16, 'The spec\'s own illustrative value (never real data).'),
  src('optional', 'Optional', ['optional', 'skip logic', 'conditional'], 10, '"yes" when the field is absent in some records by design.'),
  src('pick', 'Pick', ['pick'], 8, '"first" when several paths are alternatives and the first present value is taken.'),
  src('description', 'Comments', ['comments', 'comment', 'notes', 'description', 'remarks'], 28, 'Notes about the source field.'),
  dst('path', 'API name', pathAliases, 30, 'The destination field path (API name, column, attribute pick).'),
  dst('label', 'Label', ['label', 'field label', 'display name'], 24, 'The label users see (documentation only).'),
  dst('type', 'Type', typeAliases, 13, 'The destination type, in the spec\'s words or the system\'s.'),
  dst('required', 'Required', ['required', 'mandatory', 'is required', 'compulsory', 'req'], 10, '"yes" when the destination rejects a record without it.'),
  dst('key', 'Key', ['key', 'unique identifier', 'unique id', 'external id', 'upsert key', 'identifier', 'primary key'], 8, '"key" on the row whose fields identify the same record on both sides (upserts).'),
  dst('choices', 'Choices', choiceAliases, 22, 'The values the destination accepts, separated by "; ".'),
  dst('maxLength', 'Max length', ['max length', 'maximum length', 'length', 'size'], 11, 'The longest text the field holds.'),
  dst('format', 'Format', ['format', 'date format', 'pattern'], 13, 'How the destination expects the value written.'),
  dst('description', 'Comments', ['comments', 'comment', 'notes', 'description', 'remarks'], 28, 'Notes about the destination field.'),
  tr('transform', 'Transformation', ['transformation', 'transform', 'mapping rule', 'rule', 'logic', 'transformation logic', 'mapping logic', 'conversion', 'value map', 'mapping'], 40, 'Empty for direct; "constant: x"; "male -> Male; female -> Female" (an inline value map; "* -> X" sets the fallback); "value map: <id>"; "format: dd/MM/yyyy -> iso-date" or "format: e164; country: KE"; "expression: ...", "jsonata: ...", "lookup: {...}". Other text is kept as a described expression.'),
  tr('transformDescription', 'Description', ['description', 'transformation description', 'what it does', 'explanation'], 32, 'What the transformation does, for the job writer.'),
  tr('status', 'Status', ['status', 'review status', 'state'], 16, 'new, needs-discussion, agreed or deprecated; the row\'s fill shows it too.'),
  tr('comment', 'Comments', ['comments', 'comment', 'reviewer comment', 'questions', 'discussion', 'openfn comments', 'question'], 32, 'The reviewers\' comment on the row.'),
  tr('notes', 'Notes', ['notes', 'note', 'remarks'], 20, 'Further notes.'),
  tr('id', 'Field id', ['field id', 'row id', 'id'], 14, 'An optional stable id of the row.'),
];

export const groupTitle: Readonly<Record<Group, string>> = { source: 'SOURCE', destination: 'DESTINATION', transform: 'OPENFN' };

/** Words in a group header (or a header prefix) that name each group. */
export const groupWords: Readonly<Record<Group, readonly string[]>> = {
  source: ['source', 'from', 'input', 'origin'],
  destination: ['destination', 'target', 'to', 'output', 'dest'],
  transform: ['openfn', 'transformation', 'transformations', 'mapping', 'logic', 'integration', 'job', 'review'],
};

/** The metadata rows above a mapping sheet's table: label -> mapping property. */
export const metaRows = [
  ['Mapping id', 'id'],
  ['Title', 'title'],
  ['Version', 'version'],
  ['Status', 'status'],
  ['Source system', 'source.system'],
  ['Source resource', 'source.resource'],
  ['Destination system', 'destination.system'],
  ['Destination resource', 'destination.resource'],
  ['Operation', 'destination.operation'],
  ['Key', 'key'],
  ['Description', 'description'],
] as const;

/** The fixed sheets of an exported workbook; import skips them when it looks for mapping sheets. */
export const fixedSheets = { cover: 'About', legend: 'Legend', valueMaps: 'Value maps', changelog: 'Changelog' } as const;
