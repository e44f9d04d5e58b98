import { selectPath } from './json-path.js';
import { kindRegistry } from './kinds.js';
import type { Declaration, DesignDocument, Project } from './project-model.js';
import { documentsOf } from './documents.js';
import { toPointer } from './pointer.js';
import type { Reporter } from './read-design.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Fills the project's id indexes from the registry's declarations; a second declaration of an id is a finding. */
export function indexIds(project: Project, report: Reporter): void {
  for (const spec of kindRegistry) {
    if (!spec.declares) continue;
    const docs: DesignDocument[] = spec.kind === 'manifest' ? [project.manifest] : documentsOf(project, spec.kind);
    for (const doc of docs) {
      for (const row of spec.declares) {
        const map = project.index[row.index] as Map<string, Declaration<unknown>>;
        for (const m of selectPath(doc.data, row.path)) {
          const pointer = toPointer(m.segments);
          if (row.idFrom === 'key') {
            const key = m.segments[m.segments.length - 1];
            if (typeof key === 'string') map.set(key, { id: key, doc, pointer, value: m.value });
            continue;
          }
          if (!isObject(m.value)) continue;
          const id = m.value.id;
          if (typeof id !== 'string') continue;
          const prior = map.get(id);
          if (prior) report(doc, 'duplicate-id', 'error', `the ${row.what} id "${id}" is already declared in ${prior.doc.file}: ids must be unique in a project`, `${pointer}/id`, 'value', [row.what, id]);
          else map.set(id, { id, doc, pointer, value: m.value });
        }
      }
    }
  }
}
