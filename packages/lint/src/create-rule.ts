import type { DesignDocument, Project } from '@interop-design/core';
import type { Mapping } from '@interop-design/schema';
import type { ReportDescriptor, Rule, RuleContext, RuleMeta } from './types.js';

/** Where each rule's documentation is published; `docs/rules/<id>.md` in the repository. */
export const docsBaseUrl = 'https://interop-design.dev/rules/';

/** Builds a rule with its metadata filled in (docs URL from the id). One rule per file in src/rules. */
export function createRule<M extends string>(definition: Omit<RuleMeta<M>, 'docs'> & { check: (context: RuleContext<M>) => void }): Rule<M> {
  const { check, ...meta } = definition;
  return { meta: { ...meta, docs: `${docsBaseUrl}${meta.id}` }, check };
}

/** Fills `{{name}}` placeholders of a message. */
export function interpolate(message: string, data: Readonly<Record<string, string | number>> = {}): string {
  return message.replace(/\{\{\s*(\w+)\s*\}\}/gu, (whole, name: string) => (Object.prototype.hasOwnProperty.call(data, name) ? String(data[name]) : whole));
}

/** Finds a rule's gaps in one mapping; shared by the rule and the readiness gate. */
export type MappingGaps<M extends string> = (project: Project, mapping: Mapping, doc: DesignDocument) => ReportDescriptor<M>[];

/** A rule whose findings are the gaps of each schema-valid mapping, as `gaps` finds them. */
export function createMappingRule<M extends string>(definition: Omit<RuleMeta<M>, 'docs'> & { gaps: MappingGaps<M> }): Rule<M> {
  const { gaps, ...meta } = definition;
  return createRule<M>({
    ...meta,
    check({ project, valid, report }) {
      for (const doc of valid.mappings) for (const gap of gaps(project, doc.data, doc)) report(gap);
    },
  });
}
