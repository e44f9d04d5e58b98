/** What produced a destination field's value. */
export type TransformKind = 'direct' | 'constant' | 'valueMap' | 'format' | 'lookup' | 'jsonata' | 'expression' | 'key';

/**
 * How a field fared for one record:
 * - `ok`: a value was written;
 * - `absent`: the source holds no value (nothing written);
 * - `error`: the record's value could not be transformed (see `errors`; nothing written);
 * - `unevaluated`: an `expression` (prose for the job writer), never executed;
 * - `unresolved`: a lookup with no fixture record: a marked value was written;
 * - `pending`: a `jsonata` field, evaluated only by the asynchronous run.
 */
export type FieldStatus = 'ok' | 'absent' | 'error' | 'unevaluated' | 'unresolved' | 'pending';

/** Codes of the problems a field can have with one record, or with the mapping itself. */
export type TransformErrorCode =
  | 'unmapped-value'
  | 'not-a-number'
  | 'not-a-boolean'
  | 'date-unparsable'
  | 'phone-invalid'
  | 'format-invalid'
  | 'format-input'
  | 'lookup-not-found'
  | 'value-map-missing'
  | 'path-invalid'
  | 'path-conflict'
  | 'jsonata-syntax'
  | 'jsonata-regex'
  | 'jsonata-budget'
  | 'jsonata-error';

/** A problem; the message never quotes a record's values. `pointer` is the JSON Pointer of the mapping node concerned. */
export interface TransformError {
  code: TransformErrorCode;
  message: string;
  pointer: string;
}

export interface FieldResult {
  /** Index of the field in the mapping's `fields` (-1 for the key copied from `destination.key`). */
  index: number;
  /** The destination path as written in the mapping. */
  destination: string;
  kind: TransformKind;
  status: FieldStatus;
  /** The value written (for `ok` and `unresolved`). */
  value?: unknown;
  errors: TransformError[];
}

export interface RecordResult {
  /** The destination record, in the destination system's shape. */
  record: Record<string, unknown>;
  fields: FieldResult[];
  /** Every field error of this record, in field order. */
  errors: TransformError[];
}

/** The value written for a lookup that the fixture does not resolve: plainly not a real id. */
export interface UnresolvedLookup {
  $unresolved: string;
}
