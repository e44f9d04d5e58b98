import type { DesignDocument, Project } from '@interop-design/core';
import type { Mapping, ValueMapFile } from '@interop-design/schema';
import type { Change } from './changes.js';
import { ChangeType, change } from './changes.js';
import { compareMappings, compareValueMaps } from './compare.js';
import type { Bump, Verdict } from './verdict.js';
import { verdictFor } from './verdict.js';

export interface MappingDiff {
  id: string;
  status: 'added' | 'removed' | 'modified' | 'unchanged';
  baseFile?: string;
  headFile?: string;
  baseVersion?: string;
  headVersion?: string;
  changes: Change[];
  counts: { breaking: number; additive: number; editorial: number };
  required: Bump;
  declared: Bump | 'down' | 'invalid';
  verdict: Verdict;
  /** Destination paths of head fields marked needs-discussion or new. */
  needsDiscussion: string[];
}

export interface ProjectDiff {
  dir: string;
  mappings: MappingDiff[];
}

type Valid<T> = { doc: DesignDocument<T>; data: T };

function byId<T extends { id: string }>(docs: readonly DesignDocument<T>[]): Map<string, Valid<T>> {
  const out = new Map<string, Valid<T>>();
  for (const doc of docs) if (doc.valid && doc.data && !out.has(doc.data.id)) out.set(doc.data.id, { doc, data: doc.data });
  return out;
}

function counts(changes: readonly Change[]): MappingDiff['counts'] {
  return {
    breaking: changes.filter((c) => c.criticality === 'breaking').length,
    additive: changes.filter((c) => c.criticality === 'additive').length,
    editorial: changes.filter((c) => c.criticality === 'editorial').length,
  };
}

function discussion(m: Mapping): string[] {
  return m.fields.filter((f) => f.status === 'needs-discussion' || f.status === 'new').map((f) => f.destination.path);
}

/**
 * Compares a project at two points (either may be missing): every mapping added, removed,
 * renamed or changed, with changes to the value maps it names counted for it, and a verdict on
 * its version.
 */
export function diffProjects(base: Project | undefined, head: Project | undefined): ProjectDiff {
  const bm = byId<Mapping>(base?.mappings ?? []);
  const hm = byId<Mapping>(head?.mappings ?? []);
  const bv = byId<ValueMapFile>(base?.valueMaps ?? []);
  const hv = byId<ValueMapFile>(head?.valueMaps ?? []);
  const valueMapChanges = new Map<string, Change[]>();
  for (const [id, h] of hv) {
    const b = bv.get(id);
    if (b) valueMapChanges.set(id, compareValueMaps(b.data, h.data));
  }
  const mappings: MappingDiff[] = [];
  for (const id of [...new Set([...bm.keys(), ...hm.keys()])].sort()) {
    const b = bm.get(id);
    const h = hm.get(id);
    if (h && !b) {
      const changes = [change(ChangeType.MappingAdded, '', `mapping ${id} added`)];
      mappings.push({ id, status: 'added', headFile: h.doc.file, headVersion: h.data.version, changes, counts: counts(changes), required: 'none', declared: 'none', verdict: 'added', needsDiscussion: discussion(h.data) });
      continue;
    }
    if (b && !h) {
      // Still there but invalid or unreadable (too large, not UTF-8, a symlink) at the head: lint
      // reports why; the diff cannot judge it, and it was not removed.
      if (head?.mappings.some((d) => d.file === b.doc.file && !d.valid)) continue;
      if (head && head.fs.stat(b.doc.file) !== undefined && !head.mappings.some((d) => d.file === b.doc.file)) continue;
      const changes = [change(ChangeType.MappingRemoved, '', `mapping ${id} removed`)];
      mappings.push({ id, status: 'removed', baseFile: b.doc.file, baseVersion: b.data.version, changes, counts: counts(changes), required: 'major', declared: 'none', verdict: 'removed', needsDiscussion: [] });
      continue;
    }
    if (!b || !h) continue;
    // The same file at both commits parses to one shared value: nothing in it changed.
    const changes = b.data === h.data ? [] : compareMappings(b.data, h.data);
    if (b.doc.file !== h.doc.file) changes.unshift(change(ChangeType.MappingRenamed, '', `file ${b.doc.file} -> ${h.doc.file}`));
    // A named value map's changes count for every mapping that uses it.
    const used = new Set(h.data.fields.map((f) => f.transform?.valueMap).filter((v): v is string => typeof v === 'string'));
    for (const vm of used) {
      const wasUsed = b.data.fields.some((f) => f.transform?.valueMap === vm);
      if (wasUsed) changes.push(...(valueMapChanges.get(vm) ?? []).map((c) => ({ ...c, field: h.data.fields.find((f) => f.transform?.valueMap === vm)?.destination.path ?? '' })));
    }
    const { verdict, required, declared } = verdictFor(changes, b.data.version, h.data.version, h.data.changelog ?? []);
    mappings.push({
      id,
      status: changes.length ? 'modified' : 'unchanged',
      baseFile: b.doc.file,
      headFile: h.doc.file,
      baseVersion: b.data.version,
      headVersion: h.data.version,
      changes,
      counts: counts(changes),
      required,
      declared,
      verdict,
      needsDiscussion: discussion(h.data),
    });
  }
  // A mapping file the base could not read (too large, not UTF-8) and the head no longer has: its
  // id is unknown, but its removal is a removal all the same.
  const unreadable = new Set((base?.diagnostics ?? []).filter((d) => unreadableRules.has(d.ruleId) && mappingFile.test(d.file)).map((d) => d.file));
  for (const file of [...unreadable].sort()) {
    if (head?.fs.stat(file) !== undefined || base?.mappings.some((d) => d.file === file)) continue;
    const changes = [change(ChangeType.MappingRemoved, '', `mapping file ${file} removed (it could not be read at the base, so its id is not known)`)];
    mappings.push({ id: file, status: 'removed', baseFile: file, changes, counts: counts(changes), required: 'major', declared: 'none', verdict: 'removed', needsDiscussion: [] });
  }
  return { dir: head?.dir ?? base?.dir ?? '', mappings };
}

/** Findings by which the loader says it did not read a design file. */
const unreadableRules = new Set(['file-too-large', 'file-encoding']);
const mappingFile = /\.mapping\.(?:ya?ml|json)$/u;
