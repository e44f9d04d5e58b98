import type { Diagnostic, Range } from '@interop-design/core';

/** Where a catalogue entry was read: a JSON Pointer into a JSON/YAML file, or a line and column (SQL, workbooks). */
export interface Origin {
  file: string;
  /** Path segments of the JSON Pointer (turned into one only when a position is asked for). */
  at?: readonly (string | number)[];
  pointer?: string;
  line?: number;
  column?: number;
}

/** One accepted value of a picklist, option set, choice list or reference-data category. */
export interface Choice {
  value: string;
  label?: string;
  /** Inactive picklist values and reference data are not accepted on write. */
  active: boolean;
}

/** A field of a catalogue resource, as the system's metadata describes it. */
export interface CatalogueField {
  /** The field path in the record, as a mapping writes it (`Birth_Date__c`, `group/question`, `attributes[attribute=UID].value`). */
  path: string;
  /** Other paths that address the same field (a DHIS2 attribute by `attribute=` pick, a Kobo question by its bare name). */
  aliases?: string[];
  /** The system's own type name (`picklist`, `INTEGER_POSITIVE`, `nvarchar`, `select_one`). */
  type: string;
  /** The catalogue's type family, shared by every system's compatibility table. */
  family: TypeFamily;
  required: boolean;
  /** Longest text accepted, in characters. */
  maxLength?: number;
  choices?: Choice[];
  /** The option set or reference-data category the choices come from, resolved across the system's files. */
  choiceSet?: string;
  /** Whether a choice outside `choices` is refused (restricted picklist, option set); unrestricted picklists accept any value. */
  restricted?: boolean;
  /** Several choices in one value (`;`-joined multipicklist, space-separated select_multiple). */
  multiple?: { separator: string };
  writable: { create: boolean; update: boolean };
  /** Usable as an upsert key: external id, unique, id lookup or primary key. */
  key: boolean;
  /** Only asked under a condition (Kobo `relevant`, CommCare `relevant`): may be absent from records. */
  conditional: boolean;
  label?: string;
  origin: Origin;
}

export type TypeFamily = 'text' | 'number' | 'integer' | 'boolean' | 'date' | 'datetime' | 'time' | 'choice' | 'multichoice' | 'reference' | 'object' | 'array' | 'any';

export interface CatalogueResource {
  /** The id the system knows it by: Salesforce object API name, DHIS2 UID, Kobo asset uid, table name. */
  id: string;
  /** A display name, also matched (DHIS2 program name, form name). */
  name?: string;
  /** What the system calls it: `sobject`, `program`, `programStage`, `trackedEntityType`, `table`, `form`, `case type`. */
  kind: string;
  format: string;
  fields: Map<string, CatalogueField>;
  origin: Origin;
  /** Paths that are payload structure the metadata does not describe (`orgUnit`, `_submission_time`): accepted unchecked. */
  isOpen?: (path: string) => boolean;
  /** Pick keys (`attribute`, `dataElement`) whose values must name a field of the resource. */
  pickKeys?: string[];
  /**
   * Payload structure the system needs to accept a record, beyond the fields the metadata describes
   * (a DHIS2 tracked entity's `trackedEntityType` and its enrollment's `program`): `constant` where the
   * metadata gives the value. `new mapping` starts a spec with them.
   */
  structure?: StructureField[];
  /**
   * The id of the resource this one is a part of (a DHIS2 stage's program). Where a mapping names
   * both, the record is the part's (an event), so the part's structure applies, not the whole's.
   */
  partOf?: string;
}

export interface StructureField {
  path: string;
  type: 'string' | 'date' | 'datetime';
  /** The value, when the metadata gives it. */
  constant?: string;
  /** What it is, for the comment next to it. */
  note: string;
  /** Other paths that write it in another payload shape (a CommCare form's case block: `case.create.case_name`). */
  aliases?: string[];
  /**
   * The list item it belongs to, which the record has only when a mapping writes something in it (a
   * DHIS2 stage's event: `enrollments[0].events[programStage=<stage>]`): asked only then. The item
   * may also be written by position (`events[]`, `events[0]`) with its pick key set to the value.
   */
  within?: string;
  /**
   * The form of the value the system takes, where it has one (a DHIS2 period of the data set's
   * period type, `yyyyMM` for Monthly): a constant written to it must match `pattern`, and a date
   * format writing it must write one of `datePatterns` (the first is the one to suggest; a period
   * type no date pattern writes has none).
   */
  value?: { what: string; pattern: RegExp; format: string; datePatterns?: string[] };
}

/** A set of choices that applies to every mapping of its system (DHIS2 option sets, Go.Data reference categories). */
export interface ChoiceSet {
  id: string;
  name?: string;
  choices: Choice[];
  origin: Origin;
}

export interface SystemCatalogue {
  system: string;
  files: string[];
  resources: CatalogueResource[];
  choiceSets: Map<string, ChoiceSet>;
  /** Field path -> choice-set id, for fields that take system-wide reference data (Go.Data `gender`). */
  fieldChoiceSets: Map<string, { set: string; origin: Origin }>;
}

export interface Catalogue {
  systems: Map<string, SystemCatalogue>;
  /** Findings about the metadata files themselves: syntax, unrecognised, limits, references. */
  diagnostics: Diagnostic[];
  /** The range of an origin in its file (built on first use; files without findings never pay for positions). */
  locate(origin: Origin): Range;
}

/** What one reader produced from one file. */
export interface ReadResult {
  resources: CatalogueResource[];
  choiceSets?: ChoiceSet[];
  fieldChoiceSets?: Map<string, string>;
  /** Problems inside an otherwise recognised file. */
  problems?: { message: string; origin: Origin }[];
  /** The file is in this reader's format but does not parse: reported as metadata-syntax. */
  syntaxError?: { message: string; line: number; column: number };
}

/** A file as the loader hands it to readers: its bytes, and its text and parsed value when it is text. */
export interface MetadataInput {
  file: string;
  bytes: Uint8Array;
  text?: string;
  /** The parsed JSON or YAML value, when the file is JSON or YAML and parsed. */
  value?: unknown;
  syntax: 'json' | 'yaml' | 'sql' | 'xlsx' | 'other';
}

/** A reader of one export format, registered in `readers/index.ts`. */
export interface MetadataReader {
  id: string;
  /** What users call the format, for messages and docs. */
  title: string;
  /** Whether this file is in this reader's format, judged by content. */
  recognises(input: MetadataInput): boolean;
  read(input: MetadataInput): ReadResult | Promise<ReadResult>;
}
