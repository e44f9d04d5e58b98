import type { DesignDocument, Diagnostic, LocateTarget, Project, Range } from '@interop-design/core';
import { isValidDocument, joinInside, toPointer } from '@interop-design/core';
import type { Flow, Mapping } from '@interop-design/schema';
import { interpolate } from './create-rule.js';
import choices, { gaps as choiceGaps } from './rules/mapping-choice-needs-value-map.js';
import changelog, { gaps as changelogGaps } from './rules/mapping-changelog.js';
import fieldStatus, { gaps as statusGaps } from './rules/mapping-field-status.js';
import key, { gaps as keyGaps } from './rules/mapping-key.js';
import required, { gaps as requiredGaps } from './rules/mapping-required-destination.js';
import metadataRequired, { gaps as metadataRequiredGaps } from './rules/metadata-required.js';
import samplePaths, { gaps as sampleGaps } from './rules/mapping-sample-paths.js';
import mappingTest, { gaps as testGaps } from './rules/mapping-test.js';
import { unknownAnswers } from './rules/requirements-unknown.js';
import type { ReportDescriptor, Rule } from './types.js';
import { reachableSteps, stepsWithoutFailurePath } from './util.js';

export interface ReadinessGap {
  item: string;
  message: string;
  doc: DesignDocument;
  pointer: string;
  target?: LocateTarget;
  /** Where the gap is when it is not in the mapping itself (a sample file). */
  at?: { file: string; range: Range };
}

export interface ChecklistItem {
  id: string;
  label: string;
  ok: boolean;
  gaps: { message: string; file: string; range: Range }[];
}

/** The readiness checklist, in order: what a mapping needs before jobs may be written against it. */
const mappingItems: { id: string; label: string; rule: Rule; gaps: (p: Project, m: Mapping, d: DesignDocument) => ReportDescriptor<string>[] }[] = [
  { id: 'fields-agreed', label: 'every field agreed', rule: fieldStatus, gaps: statusGaps },
  { id: 'required-produced', label: 'every required destination field produced', rule: required, gaps: requiredGaps },
  { id: 'metadata-required-produced', label: 'every field and payload part the destination\'s metadata requires produced', rule: metadataRequired, gaps: metadataRequiredGaps },
  { id: 'choices-mapped', label: 'every choice field mapped through a covering value map', rule: choices, gaps: choiceGaps },
  { id: 'key', label: 'upsert/update has a key', rule: key, gaps: keyGaps },
  { id: 'sample-paths', label: 'every source path found in a sample', rule: samplePaths, gaps: sampleGaps },
  { id: 'tests', label: 'at least one passing test, and no failing one', rule: mappingTest, gaps: testGaps },
  { id: 'changelog', label: 'the version has a changelog entry', rule: changelog, gaps: changelogGaps },
];

function flowsOf(project: Project, mapping: Mapping): { doc: DesignDocument<Flow>; flow: Flow }[] {
  return (mapping.flows ?? []).flatMap((id) => {
    const decl = project.index.flows.get(id);
    return decl?.doc.valid ? [{ doc: decl.doc as DesignDocument<Flow>, flow: decl.value }] : [];
  });
}

function failurePathGaps(project: Project, mapping: Mapping): ReadinessGap[] {
  return flowsOf(project, mapping).flatMap(({ doc, flow }) =>
    stepsWithoutFailurePath(flow).map(({ step, index }) => ({ item: 'failure-paths', message: `flow "${flow.id}" step "${step.id}" writes to a system without a failure path`, doc, pointer: toPointer(['steps', index, 'id']) })),
  );
}

function requirementGaps(project: Project): ReadinessGap[] {
  const doc = project.requirements;
  if (!doc || !isValidDocument(doc)) return [];
  return unknownAnswers(doc.data).map((pointer) => ({ item: 'requirements-known', message: `requirement ${pointer.slice(1).replaceAll('/', '.')} is unknown`, doc, pointer }));
}

/**
 * The sample checks' errors that concern a mapping: those reported at its lines, and those in the
 * sample files it names (a broken record, a credential). `undefined` findings: the checks did not run.
 */
function sampleCheckGaps(project: Project, mapping: Mapping, doc: DesignDocument, sampleFindings: readonly Diagnostic[] | undefined): ReadinessGap[] {
  if (!sampleFindings) return [];
  const files = new Set<string>();
  for (const side of [mapping.source, mapping.destination] as const) {
    for (const s of side.samples ?? []) {
      const f = joinInside(project.dir, s.file);
      if (f !== undefined) files.add(f);
    }
  }
  return sampleFindings
    .filter((d) => d.severity === 'error' && (d.file === doc.file || files.has(d.file)))
    .map((d) => ({ item: 'samples-clean', message: `${d.ruleId}: ${d.message}`, doc, pointer: d.file === doc.file ? (d.path ?? '') : '/source/samples', at: { file: d.file, range: d.range } }));
}

/**
 * Every gap between a mapping and readiness; empty when it may be marked ready. With
 * `sampleFindings` (what check-samples found in the project), their errors are gaps too.
 */
export function mappingGaps(project: Project, mapping: Mapping, doc: DesignDocument, sampleFindings?: readonly Diagnostic[]): ReadinessGap[] {
  const out: ReadinessGap[] = [];
  for (const item of mappingItems) {
    for (const g of item.gaps(project, mapping, doc)) {
      out.push({ item: item.id, message: interpolate(item.rule.meta.messages[g.messageId] ?? g.messageId, g.data), doc: g.doc, pointer: g.pointer, ...(g.target ? { target: g.target } : {}) });
    }
  }
  out.push(...sampleCheckGaps(project, mapping, doc, sampleFindings), ...failurePathGaps(project, mapping), ...requirementGaps(project));
  return out;
}

const allItems = [...mappingItems.map(({ id, label }) => ({ id, label })), { id: 'samples-clean', label: 'the sample checks find no error' }, { id: 'failure-paths', label: 'its flows have a failure path for every write' }, { id: 'requirements-known', label: 'no requirement is unknown' }];

export interface MappingReadiness {
  id: string;
  file: string;
  status: string;
  version: string;
  ready: boolean;
  items: ChecklistItem[];
}

export interface FlowReadiness {
  id: string;
  file: string;
  ready: boolean;
  items: ChecklistItem[];
}

function checklist(items: readonly { id: string; label: string }[], gaps: readonly ReadinessGap[]): ChecklistItem[] {
  return items.map(({ id, label }) => {
    const mine = gaps.filter((g) => g.item === id);
    return { id, label, ok: mine.length === 0, gaps: mine.map((g) => g.at ? { message: g.message, ...g.at } : { message: g.message, file: g.doc.file, range: g.doc.source.locate(g.pointer, g.target) }) };
  });
}

/**
 * The readiness checklist of every schema-valid mapping and flow of a project. `sampleFindings`:
 * what check-samples found in the project; its errors block readiness.
 */
export function readiness(project: Project, sampleFindings?: readonly Diagnostic[]): { mappings: MappingReadiness[]; flows: FlowReadiness[] } {
  const mappings = project.mappings.flatMap((doc) => {
    if (!isValidDocument(doc)) return [];
    const m = doc.data;
    const items = checklist(allItems, mappingGaps(project, m, doc, sampleFindings));
    return [{ id: m.id, file: doc.file, status: m.status, version: m.version, ready: items.every((i) => i.ok), items }];
  });
  const readyIds = new Set(mappings.filter((m) => m.ready && m.status === 'ready').map((m) => m.id));
  const flows = project.flows.flatMap((doc) => {
    if (!isValidDocument(doc)) return [];
    const flow = doc.data;
    const reached = reachableSteps(flow);
    const gaps: ReadinessGap[] = [
      ...stepsWithoutFailurePath(flow).map(({ step, index }) => ({ item: 'failure-paths', message: `step "${step.id}" writes to a system without a failure path`, doc, pointer: toPointer(['steps', index, 'id']) })),
      ...flow.steps.flatMap((step, index) => (reached.has(step.id) ? [] : [{ item: 'reachable', message: `step "${step.id}" cannot be reached from the trigger`, doc, pointer: toPointer(['steps', index, 'id']) }])),
      ...flow.steps.flatMap((step, index) =>
        step.mapping !== undefined && !readyIds.has(step.mapping) ? [{ item: 'mappings-ready', message: `mapping "${step.mapping}" of step "${step.id}" is not ready`, doc, pointer: toPointer(['steps', index, 'mapping']) }] : [],
      ),
    ];
    const items = checklist(
      [
        { id: 'failure-paths', label: 'a failure path for every automated write' },
        { id: 'reachable', label: 'every step reachable from the trigger' },
        { id: 'mappings-ready', label: 'every mapping it applies is ready' },
      ],
      gaps,
    );
    return [{ id: flow.id, file: doc.file, ready: items.every((i) => i.ok), items }];
  });
  return { mappings, flows };
}
