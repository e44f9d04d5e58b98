/* Generated from packages/schema/schemas by scripts/generate-types.mjs. Do not edit. */

export type Text = string;

/**
 * A path relative to the folder holding interop-design.yaml. It may not leave the repository.
 */
export type RelativeFile = string;

/**
 * off, info, warn (or warning) or error.
 */
export type Severity = "off" | "info" | "warn" | "warning" | "error" | 0 | 1 | 2;

/**
 * Marks a design project: its name, the systems it connects and its lint configuration.
 */
export interface Manifest {
  $schema?: string;
  /**
   * The integration's name, e.g. `CommCare to Salesforce patient sync`.
   */
  name: string;
  /**
   * What the integration achieves, in a sentence or two.
   */
  description?: string;
  /**
   * Who reviews design changes: GitHub users or teams such as `@health-ngo/integrations`.
   */
  owners?: string[];
  /**
   * Every system the integration touches, keyed by the id other files use.
   */
  systems: {
    [k: string]: System | undefined;
  };
  lint?: LintConfig;
}

export interface System {
  /**
   * The system's name as people say it, e.g. `CommCare HQ`.
   */
  name?: string;
  /**
   * What kind of system: commcare, kobo, dhis2, godata, salesforce, openfn, mssql, postgres, mysql, odk, openmrs, fhir, http, sftp, email, other.
   */
  type: string;
  description?: Text;
  /**
   * Where the system's API is documented.
   */
  apiDocs?: string;
  /**
   * The system's exported metadata, exactly as the system exports it: a file, a list of files, or a glob (`metadata/salesforce/*.json`). Formats: docs/metadata.md (Salesforce describes, DHIS2 metadata, Kobo asset or XLSForm, CommCare, Go.Data, SQL DDL, OpenFn adaptor metadata, `*.fields.yaml`).
   */
  metadata?: RelativeFile | [RelativeFile, ...RelativeFile[]];
  /**
   * The system or API version the design was written against.
   */
  version?: string;
}

/**
 * Which ruleset applies, per-rule severities, per-file overrides and ignored files.
 */
export interface LintConfig {
  /**
   * recommended (default), strict, or ready (the readiness gate).
   */
  extends?: "recommended" | "strict" | "ready";
  rules?: RuleSettings;
  overrides?: {
    /**
     * Globs relative to the project folder.
     *
     * @minItems 1
     */
    files: [string, ...string[]];
    rules: RuleSettings;
  }[];
  /**
   * Globs relative to the project folder whose files are not checked.
   */
  ignore?: string[];
}

/**
 * Rule id to severity, or [severity, options].
 */
export interface RuleSettings {
  [k: string]:
    | (
        | Severity
        | [Severity]
        | [
            Severity,
            {
              [k: string]: unknown | undefined;
            }
          ]
      )
    | undefined;
}

/**
 * The id of a system declared under `systems` in interop-design.yaml.
 */
export type SystemId = string;

/**
 * User stories: As a <role>, I want <goal> so that <benefit>.
 */
export interface StoriesFile {
  $schema?: string;
  stories: Story[];
}

export interface Story {
  /**
   * The story's id, e.g. `US-1`. Flows list the stories they serve.
   */
  id: string;
  title?: string;
  /**
   * Who wants this: a role, e.g. `community health worker`.
   */
  asA?: string;
  /**
   * What they want to do.
   */
  iWant?: string;
  /**
   * Why: the benefit.
   */
  soThat?: string;
  /**
   * The whole sentence instead of the three parts: `As a ..., I want ... so that ...`.
   */
  text?: string;
  systems?: SystemId[];
  priority?: "must" | "should" | "could";
  status?: "draft" | "agreed";
  /**
   * Given ..., when ..., then ...
   */
  acceptance?: string[];
  notes?: Text;
}

/**
 * The literal `unknown`: an honest gap. It is a warning and blocks readiness.
 */
export type Unknown = "unknown";

/**
 * Answers to the key design questions. Any answer may be the literal `unknown`: a warning that blocks readiness.
 */
export interface Requirements {
  $schema?: string;
  /**
   * The problem the integration solves and the efficiency it gains.
   */
  purpose?:
    | Unknown
    | {
        problem: Unknown | string;
        efficiency?: Unknown | string;
        notes?: string;
      };
  resources?:
    | Unknown
    | {
        system: SystemId;
        /**
         * The record type, e.g. `Patient__c`, `trackedEntity`, `case`.
         */
        resource: string;
        /**
         * What the integration does to the resource: create, update, upsert, delete or read.
         *
         * @minItems 1
         */
        operations: [
          "create" | "update" | "upsert" | "delete" | "read",
          ...("create" | "update" | "upsert" | "delete" | "read")[]
        ];
        /**
         * When a record is created, updated or deleted.
         */
        rule?: string;
      }[];
  direction?: Unknown | ("one-way" | "two-way");
  /**
   * Which system wins when data disagrees: a system id, or a map of resource to system id. Required when two-way.
   */
  systemOfRecord?:
    | Unknown
    | SystemId
    | {
        [k: string]: SystemId;
      };
  volume?:
    | Unknown
    | [
        {
          count: number;
          /**
           * The period the count is for: minute, hour, day, week, month or year.
           */
          per: "minute" | "hour" | "day" | "week" | "month" | "year";
          /**
           * The records counted, e.g. `cases`, `submissions`.
           */
          of: string;
          peak?: number;
        },
        ...{
          count: number;
          /**
           * The period the count is for: minute, hour, day, week, month or year.
           */
          per: "minute" | "hour" | "day" | "week" | "month" | "year";
          /**
           * The records counted, e.g. `cases`, `submissions`.
           */
          of: string;
          peak?: number;
        }[]
      ];
  frequency?: Unknown | ("real-time" | "batch");
  /**
   * A five-field cron expression, e.g. `0 23 * * *`. Required when batch.
   */
  schedule?: Unknown | string;
  triggers?: Unknown | [Trigger, ...Trigger[]];
  changeLikelihood?:
    | Unknown
    | {
        /**
         * low, medium or high.
         */
        level: Unknown | ("low" | "medium" | "high");
        notes?: string;
      };
  capacity?:
    | Unknown
    | {
        technical?: Unknown | ("low" | "medium" | "high");
        ongoingSupport?:
          | Unknown
          | {
              /**
               * Whether someone supports the integration after go-live.
               */
              available: boolean;
              by?: string;
            };
        selfManage?: Unknown | ("yes" | "no" | "undecided");
        sysadmin?: Unknown | ("full-time" | "part-time" | "none");
        jsonJavascript?: Unknown | ("none" | "basic" | "proficient");
      };
  apiDocs?:
    | Unknown
    | {
        system: SystemId;
        /**
         * Where the API documentation is.
         */
        url: string;
      }[];
  sampleData?: Unknown | RelativeFile[];
  notes?: Text;
}

export interface Trigger {
  type: "event" | "schedule" | "manual";
  /**
   * The id of a system declared under `systems` in interop-design.yaml.
   */
  system?: string;
  /**
   * What happens, e.g. `case created`, `form submitted`.
   */
  event?: string;
  schedule?: string;
  description?: string;
}

/**
 * A stable identifier: letters, digits, '.', '_' and '-', starting with a letter or digit. Other files refer to it.
 */
export type Id = string;

export type Edge =
  | Id
  | {
      to: Id;
      /**
       * success (default), failure, always, or {condition: label}.
       */
      on?:
        | ("success" | "failure" | "always")
        | {
            /**
             * A short label for the branch, e.g. `patient exists`.
             */
            condition: string;
          };
    };

/**
 * One data flow diagram for one trigger: swim lanes, steps and the path of every failure.
 */
export interface Flow {
  $schema?: string;
  /**
   * The flow's id; mappings list the flows they serve.
   */
  id: string;
  title?: string;
  description?: Text;
  /**
   * Ids of the user stories this flow serves.
   */
  stories?: Id[];
  trigger: Trigger;
  /**
   * One lane per system or user role.
   *
   * @minItems 1
   */
  lanes: [Lane, ...Lane[]];
  /**
   * The first step is where the trigger enters.
   *
   * @minItems 1
   */
  steps: [Step, ...Step[]];
}

export interface Lane {
  /**
   * A stable identifier: letters, digits, '.', '_' and '-', starting with a letter or digit. Other files refer to it.
   */
  id: string;
  kind: "system" | "user";
  name?: string;
}

export interface Step {
  id: Id;
  /**
   * A stable identifier: letters, digits, '.', '_' and '-', starting with a letter or digit. Other files refer to it.
   */
  lane: string;
  /**
   * user for a person's action, system for an automated one.
   */
  actor?: "user" | "system";
  /**
   * What happens, in a short sentence.
   */
  action: string;
  /**
   * Whether the step writes to a system (defaults to true for steps with a mapping).
   */
  writes?: boolean;
  /**
   * A stable identifier: letters, digits, '.', '_' and '-', starting with a letter or digit. Other files refer to it.
   */
  mapping?: string;
  /**
   * The job that implements the step. Only allowed once its mapping is ready.
   */
  job?: string;
  next?: Edge[];
}

/**
 * Where a value sits inside one record: `properties.dob`, `body["patient_address/Upazilla"]`, `dataValues[].value`, `items[0].code`, `attributes[attribute=w75KJ2mc4zz].value`.
 */
export type FieldPath = string;

/**
 * The value's type. Numeric types accept a JSON number or a string that is exactly that number (Kobo and CommCare send numbers as strings).
 */
export type FieldType =
  | "string"
  | "number"
  | "integer"
  | "boolean"
  | "date"
  | "datetime"
  | "choice"
  | "multichoice"
  | "object"
  | "array"
  | "any";

export type Scalar = string | number | boolean;

/**
 * Unicode date field symbols (yyyy, MM, dd, HH, mm, ss, SSS, XXX ...); literal letters in single quotes, e.g. `yyyy-MM-dd'T'HH:mm`.
 */
export type DatePattern = string;

/**
 * MAJOR.MINOR.PATCH: bump MAJOR for breaking changes, MINOR for additions, PATCH for editorial changes.
 */
export type Semver = string;

/**
 * One source resource to one destination resource, field by field.
 */
export interface Mapping {
  $schema?: string;
  /**
   * The mapping's id; flow steps name it.
   */
  id: string;
  title?: string;
  description?: Text;
  /**
   * The version of this spec. `diff` checks that each change is bumped right.
   */
  version: string;
  /**
   * draft, in-review, or ready (complete: jobs may be written against it).
   */
  status: "draft" | "in-review" | "ready";
  /**
   * Ids of the flows that apply this mapping.
   */
  flows?: Id[];
  source: Endpoint;
  destination: DestinationEndpoint;
  fields: Field[];
  /**
   * One entry per version, newest first.
   */
  changelog?: {
    version: Semver;
    /**
     * YYYY-MM-DD
     */
    date?: string;
    /**
     * What changed in this version: a sentence or a list.
     */
    changes: string | [string, ...string[]];
    by?: string;
  }[];
  /**
   * Source records and the destination fields the mapping must produce: `interop-design test` runs them.
   */
  tests?: Test[];
}

/**
 * Where the data comes from.
 */
export interface Endpoint {
  system: SystemId;
  /**
   * The record type, e.g. `case (patient)`, `Patient__c`, `trackedEntity`.
   */
  resource: string;
  description?: string;
  samples?: {
    /**
     * A file under sampleData/.
     */
    file: string;
    /**
     * Selects the record(s) in the file, e.g. `data`, `data.rows[]`. Default: the whole file is one record (an NDJSON file: each line).
     */
    records?: string;
  }[];
}

/**
 * Where the data goes, and how it is written.
 */
export interface DestinationEndpoint {
  system: SystemId;
  /**
   * The record type, e.g. `case (patient)`, `Patient__c`, `trackedEntity`.
   */
  resource: string;
  description?: string;
  samples?: {
    /**
     * A file under sampleData/.
     */
    file: string;
    /**
     * Selects the record(s) in the file, e.g. `data`, `data.rows[]`. Default: the whole file is one record (an NDJSON file: each line).
     */
    records?: string;
  }[];
  /**
   * create, update, upsert or delete. update and upsert need a key.
   */
  operation?: "create" | "update" | "upsert" | "delete";
  key?: Key;
}

/**
 * The fields that identify the same record on both sides; used to update or upsert.
 */
export interface Key {
  source?: FieldPath;
  destination: FieldPath;
}

export interface Field {
  id?: Id;
  source?: SourceField;
  destination: DestinationField;
  transform?: Transform;
  /**
   * new and needs-discussion are what a reviewer must look at.
   */
  status?: "new" | "needs-discussion" | "agreed" | "deprecated";
  comment?: string;
  notes?: string;
}

export interface SourceField {
  path?: FieldPath;
  /**
   * Several source paths: combined by the transform, or, with `pick: first`, alternatives of which the first present value is taken (a question renamed between form versions).
   *
   * @minItems 1
   */
  paths?: [FieldPath, ...FieldPath[]];
  type?: FieldType;
  /**
   * An illustrative value. Never real personal data.
   */
  sample?: unknown;
  /**
   * The choice values (codes, never labels) a choice or multichoice field can hold.
   */
  choices?: Scalar[];
  /**
   * How the source writes the value: a date pattern such as `dd/MM/yyyy`, or `text-boolean` ("true", "false", "yes", "no" read as booleans).
   */
  format?: string;
  description?: string;
  /**
   * The question's label as users see it (documentation only).
   */
  label?: string;
  /**
   * With `paths`: `first` takes the first path present in the record (fallback paths).
   */
  pick?: "first";
  /**
   * Absent in some records by design (skip logic: Kobo omits unanswered conditional questions). Partial presence is info, absence no error.
   */
  optional?: boolean;
}

export interface DestinationField {
  path: FieldPath;
  type?: FieldType;
  /**
   * The destination rejects a record without it.
   */
  required?: boolean;
  /**
   * The values the destination accepts (picklist API values, option codes).
   */
  choices?: Scalar[];
  /**
   * The longest text the destination field holds.
   */
  maxLength?: number;
  /**
   * How the destination expects the value written, e.g. `yyyy-MM-dd`.
   */
  format?: string;
  description?: string;
  /**
   * The field label users see (documentation only; map API names).
   */
  label?: string;
}

/**
 * direct when absent; otherwise one of constant, valueMap (with unmapped/default for an inline map), format, jsonata or expression (with description), or lookup.
 */
export interface Transform {
  /**
   * The same value for every record.
   */
  constant?: unknown;
  /**
   * Inline `{from: to}` pairs, or the id of a *.valuemap.yaml.
   */
  valueMap?:
    | Id
    | {
        [k: string]: Scalar;
      };
  /**
   * One step of the documented vocabulary (docs/transform.md). `to`: `iso-date`, `iso-datetime`, a Unicode date pattern such as `dd/MM/yyyy` or `yyyy-MM-dd'T'HH:mm:ssXXX`, `e164` (phone number, with `country`), `split` (text to a list), `join` (a list to text), `trim`, `upper` or `lower`.
   */
  format?: {
    /**
     * How the source writes the value: a date as `iso-date`, `iso-datetime` or a Unicode date pattern such as `dd/MM/yyyy` (default: the source field's `format`, else ISO 8601); or `split`: multichoice text (Kobo, CommCare: `"fever cough"`) split at white space before a value map, e.g. `{ from: split, to: join, separator: ";" }`.
     */
    from?: ("iso-date" | "iso-datetime" | "split") | DatePattern;
    /**
     * What the value becomes.
     */
    to: ("iso-date" | "iso-datetime" | "e164" | "split" | "join" | "trim" | "upper" | "lower") | DatePattern;
    /**
     * IANA zone (e.g. `Africa/Nairobi`) or offset (`+03:00`) in which source date-times without an offset are read (default UTC).
     */
    timeZone?: string;
    /**
     * IANA zone or offset in which date-times are written (default UTC).
     */
    toTimeZone?: string;
    /**
     * With `to: e164`: the ISO 3166-1 alpha-2 country of numbers written without a country code, e.g. `KE`.
     */
    country?: string;
    /**
     * With `split` or `join`: the text between items (default one space; Salesforce multi-select picklists use `;`).
     */
    separator?: string;
  };
  /**
   * A short formula. Say what it does in `description`.
   */
  expression?: string;
  lookup?: {
    system: SystemId;
    /**
     * The record type looked up, e.g. `Contact`.
     */
    resource: string;
    by: string;
    /**
     * The field of the found record that is written, e.g. `Id`.
     */
    returns?: string;
    /**
     * A sample file of the looked-up records (e.g. `sampleData/salesforce-contacts.json`) from which preview and tests resolve the lookup.
     */
    fixture?: string;
  };
  description?: string;
  /**
   * With an inline `valueMap`: what a value the map does not list becomes: error (default), default (the `default` beside it) or passthrough (unchanged).
   */
  unmapped?: "error" | "default" | "passthrough";
  /**
   * With an inline `valueMap` and `unmapped: default`: the value written for codes the map does not list.
   */
  default?: string | number | boolean;
  /**
   * A JSONata expression evaluated with the source record as `$`, under a time and step budget; regular-expression literals are refused. Say what it does in `description`.
   */
  jsonata?: string;
}

/**
 * A source record and the destination fields the mapping must produce from it.
 */
export interface Test {
  /**
   * What the test shows, e.g. `female patient with a phone number`.
   */
  name: string;
  /**
   * The source record: `{ file, record: N }` (the Nth record that file's `records` selects, from 0) or `{ record: { ... } }` inline.
   */
  given:
    | {
        /**
         * A sample file the mapping's source names.
         */
        file: string;
        /**
         * Which record of the file, from 0 (default 0).
         */
        record?: number;
      }
    | {
        /**
         * The source record itself (synthetic data only: it is scanned like samples).
         */
        record: {
          [k: string]: unknown | undefined;
        };
      };
  /**
   * Destination paths (as written in the mapping) and the values they must have.
   */
  expect: {
    [k: string]: unknown | undefined;
  };
}

/**
 * A reusable map of choice values (codes, never labels) from one system's field to another's.
 */
export interface ValueMapFile {
  $schema?: string;
  /**
   * Mapping fields refer to it with `transform: { valueMap: <id> }`.
   */
  id: string;
  title?: string;
  description?: string;
  source?: Side;
  destination?: Side;
  entries: {
    from: Scalar;
    to: Scalar;
    comment?: string;
  }[];
  /**
   * What happens to a value with no entry: error (default), default (use `default`), passthrough (keep it).
   */
  unmapped?: "error" | "default" | "passthrough";
  default?: Scalar;
}

export interface Side {
  system: SystemId;
  /**
   * The field (question name, API name or data element) the values belong to.
   */
  field?: string;
  /**
   * Every value this side can hold: codes, never labels.
   */
  choices?: Scalar[];
}
