import type { DesignDocument, Diagnostic, LocateTarget, Project, RelatedLocation, Severity, ValidDocument } from '@interop-design/core';
import type { Flow, Mapping, Requirements, StoriesFile, ValueMapFile } from '@interop-design/schema';

import type { RulesetName } from '@interop-design/core';

export { rulesetNames } from '@interop-design/core';
export type { RulesetName } from '@interop-design/core';

/**
 * What each ruleset is for, as the README and docs/rules/README.md say it. Every rule a
 * description names in backticks is one that ruleset does not make an error (a test holds them to
 * the rules' metadata): the rest are errors, except where the description says otherwise.
 */
export const rulesetDescriptions: Readonly<Record<RulesetName, string>> = {
  recommended: 'day-to-day review: defects are errors, gaps are warnings, fields awaiting review are info',
  strict:
    'every gap is an error, except an honest `unknown` answer (`requirements-unknown`, a warning until the ready gate) and a field needing discussion that does not say what (`mapping-field-comment`, a warning); fields awaiting review are listed as info (`mapping-field-status`), and so is a resource the exported metadata does not describe (`metadata-unknown-resource`)',
  ready: 'the readiness gate: every gap between each mapping and job-writing is an error (`mapping-field-comment` is off: the field\'s status already blocks readiness; `metadata-unknown-resource` stays info: not every object is exported)',
};

/** Schema-valid documents of each kind: what rules inspect. Their `data` is always there. */
export interface ValidDocuments {
  stories: ValidDocument<StoriesFile>[];
  requirements: ValidDocument<Requirements> | undefined;
  flows: ValidDocument<Flow>[];
  mappings: ValidDocument<Mapping>[];
  valueMaps: ValidDocument<ValueMapFile>[];
}

export interface ReportDescriptor<M extends string> {
  messageId: M;
  /** Values for `{{name}}` placeholders; also part of the fingerprint. Never sample values. */
  data?: Readonly<Record<string, string | number>>;
  doc: DesignDocument;
  /** JSON Pointer of the node concerned; a missing key is reported at its parent. */
  pointer: string;
  target?: LocateTarget;
  /** Other places that explain the finding (the metadata file's line for metadata-* rules). */
  related?: RelatedLocation[];
}

export interface RuleContext<M extends string> {
  project: Project;
  valid: ValidDocuments;
  /** The ruleset in force: rules such as mapping-ready report more under `ready`. */
  ruleset: RulesetName;
  /** What check-samples found, when it ran (readiness counts its errors). */
  sampleFindings?: readonly Diagnostic[];
  report: (descriptor: ReportDescriptor<M>) => void;
}

export interface RuleMeta<M extends string> {
  id: string;
  description: string;
  /** Severity in each ruleset that includes the rule; absent means off in that ruleset. */
  rulesets: Readonly<Partial<Record<RulesetName, Severity>>>;
  messages: Readonly<Record<M, string>>;
  docs: string;
}

export interface Rule<M extends string = string> {
  meta: RuleMeta<M>;
  check: (context: RuleContext<M>) => void;
}

/** A rule of any message ids, for registries. */
export type AnyRule = Rule<never> | Rule;
