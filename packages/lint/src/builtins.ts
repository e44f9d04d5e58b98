/** Checks made by the loader and the engine rather than by a rule in the registry; not configurable. */
export const builtInChecks = {
  schema: 'The file matches the JSON Schema of its kind. The rules still read every valid part of a file that fails: only the invalid subtree is withheld.',
  'yaml-syntax': 'The file is well-formed YAML (or JSON); the first syntax error is reported.',
  'yaml-duplicate-key': 'No key appears twice in the same YAML mapping.',
  'yaml-unsupported-tag': 'No YAML tags such as !!js/function or !custom: their values are read as plain text.',
  'yaml-alias-limit': 'Aliases expand to at most 10,000 nodes and never into themselves.',
  'yaml-depth-limit': 'YAML collections nest at most 64 levels deep.',
  'yaml-multiple-documents': 'A design file holds one YAML document.',
  'yaml-version': 'A %YAML directive is ignored: files are read as YAML 1.2 core.',
  'file-encoding': 'Files are UTF-8 (a BOM is fine); UTF-16, NUL bytes and invalid UTF-8 are refused.',
  'file-too-large': 'Design files are at most 10 MiB; metadata files at most 64 MiB; a file that grows past its cap while it is read stops there.',
  'file-symlink': 'Symlinks are not followed, in the tree or as references.',
  'file-unreadable': 'Only regular files are read: a file or folder that cannot be read (permission denied, a FIFO, socket or device) is reported with its path, and the run goes on.',
  'duplicate-file': 'A project has one requirements file.',
  'duplicate-id': 'Ids of stories, flows, mappings, value maps, lanes and steps are unique.',
  'reference-system': 'Every system id used is declared in interop-design.yaml.',
  'reference-story': 'Every story a flow names exists.',
  'reference-flow': 'Every flow a mapping names exists.',
  'reference-mapping': 'Every mapping a flow step names exists.',
  'reference-valuemap': 'Every value map a field names exists.',
  'reference-lane': 'Every lane a step names is declared in its flow.',
  'reference-step': 'Every step an edge leads to exists in its flow.',
  'reference-file': 'Every file a design names exists.',
  'path-escapes-repository': 'File references stay inside the repository.',
  'field-path-syntax': 'Field paths follow the path grammar.',
  'sample-syntax': 'Sample files are well-formed JSON or NDJSON.',
  'sample-depth-limit': 'Sample records nest at most 256 levels deep.',
  'sample-duplicate-key': 'No key appears twice in the same sample object.',
  'sample-unsafe-integer': 'Integers longer than a double keeps are noted (info).',
  'sample-unknown-format': 'Files under sampleData/ are JSON or NDJSON.',
  'metadata-syntax': 'Metadata files parse in their format (JSON as JSON, YAML, SQL DDL, XLSForm workbooks): the error is at its line and column.',
  'metadata-unrecognised': 'Every file under metadata/ is in a format a metadata reader knows (docs/metadata.md).',
  'metadata-invalid': 'A *.fields.yaml matches its published schema (fields.schema.json); an XLSForm has a survey sheet.',
  'metadata-no-match': 'Every glob in systems.<id>.metadata matches a metadata file.',
  'metadata-not-read': 'Workbooks are read by the CLI and the Action; a synchronous library call notes that it did not read one (info).',
  'config-unknown-rule': 'Every rule id in the lint configuration exists.',
  'config-unused-pattern': 'Every glob in the lint configuration matches a file.',
  'unused-suppression': 'Every disable directive suppresses a finding of a real rule.',
  'suppression-reason': 'Every disable directive says why.',
  'suppression-not-allowed': 'A disable directive names only rules and the sample checks that judge values against a mapping: built-in checks (schema, syntax, references, file and path safety) and the sample checks that guard the data itself are never suppressed.',
  'mapping-version': "A changed mapping's version bump fits its changes, with a changelog entry (judged against the pull request's base commit by the action).",
} as const satisfies Record<string, string>;

/**
 * Checks `check-samples` makes; configurable like rules (severity per ruleset, `lint.rules`, overrides).
 * `suppressible`: the checks that judge sample values against a mapping may be silenced by a
 * directive on the mapping line they are reported at; the ones that guard the data itself never.
 */
export const sampleChecks = {
  'sample-path-missing': { description: 'Every mapped source path is found in at least one sample record.', severity: 'error', suppressible: true },
  'sample-path-partial': { description: 'A mapped source path found in only some records is worth a look: optional, or renamed between form versions?', severity: 'warning', suppressible: true },
  'sample-type': { description: 'Sample values match the declared type (numbers sent as strings count as numbers; dates are ISO 8601 or the declared format).', severity: 'error', suppressible: true },
  'sample-choice': { description: 'Every choice value in the samples is covered by the value map or the declared choices.', severity: 'error', suppressible: true },
  'sample-value': { description: 'Sample values fit the destination: no empty or null value feeds a required destination field, no value is longer than the destination maxLength the mapping declares, and a multichoice keeps one shape (an array or a space-separated string).', severity: 'error', suppressible: true },
  'sample-key': { description: 'The key field is present, non-empty and unique across the sample records.', severity: 'error', suppressible: true },
  'sample-destination-path': { description: 'Every destination path of the mapping exists in the destination samples with the declared type.', severity: 'error', suppressible: true },
  'sample-destination-unmapped': { description: 'Keys in the destination samples that the mapping never produces are listed, so the spec can be completed.', severity: 'info', suppressible: true },
  'sample-prediction': { description: 'The record the mapping builds from each source sample record agrees, field by field, with the destination sample record that has the same key (JSONata fields are not predicted here).', severity: 'warning', suppressible: true },
  'sample-records': { description: 'Each sample named by a mapping can be read and its `records` path selects records.', severity: 'error', suppressible: false },
  'sample-credentials': { description: 'No credentials in sample data: a password, token, secret or key under a key that names one, or a value shaped like an API token.', severity: 'error', suppressible: false },
  'sample-personal-data': { description: 'Likely personal data (emails, phone numbers, national ids, real-looking names next to phone numbers; dates of birth only beside another kind) in samples is reported per file, with a count; values are never shown. Files the manifest marks `samples.synthetic` are scanned for names next to phone numbers only.', severity: 'warning', suppressible: false },
} as const satisfies Record<string, { description: string; severity: 'error' | 'warning' | 'info'; suppressible: boolean }>;

export type SampleCheckId = keyof typeof sampleChecks;
