/** The rulesets a project can extend (README: Rulesets). */
export const rulesetNames = ['recommended', 'strict', 'ready'] as const;
export type RulesetName = (typeof rulesetNames)[number];

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
