import type { FileKind } from '@interop-design/schema';
import { kindSpec, slottedKinds } from './kinds.js';
import type { DesignDocument, Project } from './project-model.js';

/** The loaded documents of one design kind, from the slot the registry gives it. */
export function documentsOf(project: Omit<Project, 'documents'>, kind: FileKind): DesignDocument[] {
  if (kind === 'manifest') return [project.manifest];
  const slot = kindSpec(kind).slot;
  if (!slot) return [];
  const held: DesignDocument | DesignDocument[] | undefined = project[slot];
  return held === undefined ? [] : Array.isArray(held) ? held : [held];
}

/** Every design document of a project, manifest first, then each kind in registry order. */
export function allDocuments(project: Omit<Project, 'documents'>): DesignDocument[] {
  const out: DesignDocument[] = [project.manifest];
  for (const spec of slottedKinds) for (const doc of documentsOf(project, spec.kind)) out.push(doc);
  return out;
}
