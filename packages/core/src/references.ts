import { fingerprint } from './diagnostic.js';
import { tryParseFieldPath } from './field-path.js';
import type { DesignFs } from './fs.js';
import { joinInside } from './fs.js';
import { eachPath } from './json-path.js';
import { kindRegistry } from './kinds.js';
import type { ReferenceRow, ReferenceTarget } from './kinds.js';
import { documentsOf } from './documents.js';
import type { DesignDocument, Project } from './project-model.js';
import { toPointer } from './pointer.js';
import type { Reporter } from './read-design.js';

/** Whether a manifest path is a glob (`metadata/salesforce/*.json`) rather than one file. */
export function isGlob(path: string): boolean {
  return /[*?[\]{}]/u.test(path);
}

const indexed = {
  story: { index: 'stories', ruleId: 'reference-story', what: 'story', kind: 'stories' },
  flow: { index: 'flows', ruleId: 'reference-flow', what: 'flow', kind: 'flow' },
  mapping: { index: 'mappings', ruleId: 'reference-mapping', what: 'mapping', kind: 'mapping' },
  valueMap: { index: 'valueMaps', ruleId: 'reference-valuemap', what: 'value map', kind: 'valuemap' },
} as const;

/** Checks one referencing value; `at` gives its JSON Pointer (call it during the check only). */
type Checker = (doc: DesignDocument, at: () => string, id: string, local: Map<string, Set<string>>) => void;

function holds(parent: unknown, where: Readonly<Record<string, string>> | undefined): boolean {
  if (!where) return true;
  if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) return false;
  return Object.entries(where).every(([k, v]) => Object.prototype.hasOwnProperty.call(parent, k) && (parent as Record<string, unknown>)[k] === v);
}

/**
 * The one reference checker: for each document, each row of its kind's `references` in the
 * registry selects values and checks that they name what the row says. Ids local to a document
 * (lanes, steps) are checked for uniqueness first.
 */
export function checkReferences(fs: DesignFs, project: Project, report: Reporter): void {
  const { index } = project;
  const systemIds = [...index.systems.keys()];
  // A file that did not parse may declare the id: its syntax error is the finding, not the reference.
  const unparsed = new Map<string, boolean>();
  const anyUnparsed = (kind: (typeof indexed)[keyof typeof indexed]['kind']): boolean => {
    let v = unparsed.get(kind);
    if (v === undefined) unparsed.set(kind, (v = documentsOf(project, kind).some((d) => d.data === undefined)));
    return v;
  };

  const checkers: Record<ReferenceTarget, Checker> = {
    system(doc, at, id) {
      if (index.systems.has(id) || project.manifest.data === undefined) return;
      report(doc, 'reference-system', 'error', `unknown system "${id}": declare it under systems in ${project.manifest.file}${systemIds.length ? ` (declared: ${systemIds.join(', ')})` : ''}`, at(), 'value', [id]);
    },
    story: (doc, at, id) => {
      refIndexed('story', doc, at, id);
    },
    flow: (doc, at, id) => {
      refIndexed('flow', doc, at, id);
    },
    mapping: (doc, at, id) => {
      refIndexed('mapping', doc, at, id);
    },
    valueMap: (doc, at, id) => {
      refIndexed('valueMap', doc, at, id);
    },
    lane(doc, at, id, local) {
      const lanes = local.get('lane') ?? new Set<string>();
      if (!lanes.has(id)) report(doc, 'reference-lane', 'error', `unknown lane "${id}": declare it under lanes${lanes.size ? ` (lanes: ${[...lanes].join(', ')})` : ''}`, at(), 'value', [id]);
    },
    step(doc, at, id, local) {
      if (!(local.get('step') ?? new Set()).has(id)) report(doc, 'reference-step', 'error', `unknown step "${id}": no step in this flow has that id`, at(), 'value', [id]);
    },
    file(doc, at, value) {
      if (value === '') return;
      const pointer = at();
      const resolved = value.startsWith('/') || /^[A-Za-z]:[\\/]/u.test(value) ? undefined : joinInside(project.dir, value);
      if (resolved === undefined) {
        report(doc, 'path-escapes-repository', 'error', 'path escapes the repository: use a path relative to the project folder that stays inside the repository', pointer, 'value', [value]);
        return;
      }
      const stat = fs.stat(resolved);
      if (!stat) report(doc, 'reference-file', 'error', `no file at ${resolved}: commit it or correct the path`, pointer, 'value', [value]);
      else if (stat.type === 'symlink') report(doc, 'file-symlink', 'warning', 'symlink not followed: its target is not read. Commit the file itself', pointer, 'value', [value]);
      else if (stat.type !== 'file') report(doc, 'reference-file', 'error', `${resolved} is not a file`, pointer, 'value', [value]);
    },
    'field-path'(doc, at, value) {
      const parsed = tryParseFieldPath(value);
      if (!(parsed instanceof Error)) return;
      const pointer = at();
      const range = doc.source.locate(pointer, 'value');
      // The error's offset is into the value: past the opening quote when the value is quoted.
      const quoted = /^["']/u.test(doc.source.text.split('\n')[range.start.line - 1]?.slice(range.start.column - 1) ?? '');
      const column = range.start.column + parsed.offset + (quoted ? 1 : 0);
      project.diagnostics.push({
        ruleId: 'field-path-syntax',
        severity: 'error',
        message: `invalid field path: ${parsed.message}`,
        file: doc.file,
        range: { start: { line: range.start.line, column }, end: { line: range.start.line, column: column + 1 } },
        path: pointer,
        fingerprint: fingerprint('field-path-syntax', doc.file, pointer, [value]),
      });
    },
  };
  function refIndexed(target: keyof typeof indexed, doc: DesignDocument, at: () => string, id: string): void {
    const t = indexed[target];
    if (index[t.index].has(id) || anyUnparsed(t.kind)) return;
    report(doc, t.ruleId, 'error', `unknown ${t.what} "${id}": no ${t.what} in this project has that id`, at(), 'value', [id]);
  }

  for (const spec of kindRegistry) {
    if (!spec.references && !spec.localIds) continue;
    for (const doc of documentsOf(project, spec.kind)) {
      if (doc.data === undefined) continue;
      const local = localIds(doc, spec.localIds ?? [], report);
      for (const row of spec.references ?? []) checkRow(doc, row, local, checkers);
    }
  }
}

/** The ids declared and unique within one document (lanes and steps of a flow). */
function localIds(doc: DesignDocument, rows: readonly { path: string; what: 'lane' | 'step' }[], report: Reporter): Map<string, Set<string>> {
  const local = new Map<string, Set<string>>();
  for (const row of rows) {
    const ids = new Set<string>();
    eachPath(doc.data, row.path, (value, _parent, segments) => {
      if (typeof value !== 'string') return;
      if (ids.has(value)) report(doc, 'duplicate-id', 'error', `the ${row.what} id "${value}" appears twice in this ${doc.kind}`, toPointer(segments()), 'value', [row.what, value]);
      ids.add(value);
    });
    local.set(row.what, ids);
  }
  return local;
}

function checkRow(doc: DesignDocument, row: ReferenceRow, local: Map<string, Set<string>>, checkers: Record<ReferenceTarget, Checker>): void {
  const check = checkers[row.names];
  eachPath(doc.data, row.path, (value, parent, segments) => {
    if (typeof value !== 'string' || !holds(parent, row.where)) return;
    if (row.skip === 'unknown' && value === 'unknown') return;
    if (row.skip === 'glob' && isGlob(value)) return;
    // The pointer is built only for a finding: most references resolve.
    check(doc, () => toPointer(segments()), value, local);
  });
}
