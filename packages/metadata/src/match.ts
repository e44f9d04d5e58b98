import { tryParseFieldPath } from '@interop-design/core';
import type { Catalogue, CatalogueField, CatalogueResource, Choice, StructureField, SystemCatalogue, TypeFamily } from './types.js';

/** A path's comparable form: keys joined by `.`, every index as `[]`, picks kept (`attributes[attribute=X].value`). */
export function canonicalPath(path: string): string {
  const parsed = tryParseFieldPath(path);
  if (parsed instanceof Error) return path;
  let out = '';
  for (const s of parsed.segments) {
    if (s.kind === 'key') out += out ? `.${s.key}` : s.key;
    else if (s.kind === 'filter') out += `[${s.key}=${s.value}]`;
    else out += '[]';
  }
  return out;
}

/** The pick segments of a path (`[attribute=X]`). */
function picks(path: string): { key: string; value: string }[] {
  const parsed = tryParseFieldPath(path);
  if (parsed instanceof Error) return [];
  return parsed.segments.flatMap((s) => (s.kind === 'filter' ? [{ key: s.key, value: s.value }] : []));
}

const wordChar = /[\p{L}\p{N}_]/u;

/** Whether `text` holds `word` as a whole word (not inside a longer identifier). */
function holdsWord(text: string, word: string): boolean {
  if (!word) return false;
  let from = 0;
  for (;;) {
    const i = text.indexOf(word, from);
    if (i < 0) return false;
    const before = text.charAt(i - 1);
    const after = text.charAt(i + word.length);
    if (!(before && wordChar.test(before)) && !(after && wordChar.test(after))) return true;
    from = i + 1;
  }
}

/**
 * The catalogue resources a mapping's resource text names: the text equals, or
 * holds as a whole word, a resource's id (as written) or name (in any case). Exact matches win over words.
 */
export function resourcesNamed(system: SystemCatalogue, text: string): CatalogueResource[] {
  const lower = text.toLowerCase();
  const exact = system.resources.filter((r) => r.id === text || r.name?.toLowerCase() === lower);
  if (exact.length) return exact;
  // Ids (API names, UIDs) match as written; display names in any case ("form (home visit)" names "Home Visit").
  return system.resources.filter((r) => holdsWord(text, r.id) || (r.name !== undefined && holdsWord(lower, r.name.toLowerCase())));
}

/**
 * The named resources that describe the record: all of them, except one that another named
 * resource is a part of (a DHIS2 program named with one of its stages: the record is the stage's
 * event, so the program's required attributes and tracked-entity structure are not asked of it).
 */
export function recordResources(resources: readonly CatalogueResource[]): CatalogueResource[] {
  const wholes = new Set(resources.flatMap((r) => (r.partOf === undefined ? [] : [r.partOf])));
  return resources.filter((r) => !wholes.has(r.id));
}

/** The payload structure a record of the named resources needs (see {@link recordResources}), each part with its resource, once. */
export function structureOf(resources: readonly CatalogueResource[]): { resource: CatalogueResource; part: StructureField }[] {
  const seen = new Set<string>();
  const out: { resource: CatalogueResource; part: StructureField }[] = [];
  for (const resource of recordResources(resources)) {
    for (const part of resource.structure ?? []) {
      if (seen.has(part.path)) continue;
      seen.add(part.path);
      out.push({ resource, part });
    }
  }
  return out;
}

export type FieldMatch =
  | { kind: 'found'; field: CatalogueField; resource: CatalogueResource }
  /** Payload structure the metadata does not describe: not judged. */
  | { kind: 'open' }
  | { kind: 'unknown'; suggestions: string[] };

const indexes = new WeakMap<CatalogueResource, Map<string, CatalogueField>>();
function index(resource: CatalogueResource): Map<string, CatalogueField> {
  let m = indexes.get(resource);
  if (!m) {
    m = new Map();
    for (const f of resource.fields.values()) {
      for (const p of [f.path, ...(f.aliases ?? [])]) {
        const c = canonicalPath(p);
        if (!m.has(c)) m.set(c, f);
        const flat = c.replace(/\[\]/gu, '');
        if (!m.has(flat)) m.set(flat, f);
      }
    }
    indexes.set(resource, m);
  }
  return m;
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] ?? 0;
      prev[j] = Math.min(up + 1, (prev[j - 1] ?? 0) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] ?? 99;
}

/** Field paths close to `path` by name or label, best first (at most 3). */
export function suggest(resources: readonly CatalogueResource[], path: string): string[] {
  const pickOf = (p: string): RegExpExecArray | null => /\[([^=\]]+)=([^\]]+)\]/u.exec(p);
  const wanted = canonicalPath(path).toLowerCase();
  const wantedPick = pickOf(canonicalPath(path));
  const last = wanted.split(/[./]/u).pop() ?? wanted;
  const scored: [number, string][] = [];
  for (const r of resources) for (const f of r.fields.values()) {
    const name = canonicalPath(f.path);
    let best: number;
    let limit = Math.max(2, Math.floor(last.length / 4));
    if (wantedPick) {
      // A misspelt UID: compare ids of the same pick key only.
      const fieldPick = pickOf(name);
      if (!fieldPick || fieldPick[1] !== wantedPick[1]) continue;
      best = distance(wantedPick[2] ?? '', fieldPick[2] ?? '');
      limit = 3;
    } else {
      const lower = name.toLowerCase();
      const label = f.label?.toLowerCase();
      best = Math.min(distance(wanted, lower), distance(last, lower.split(/[./]/u).pop() ?? lower), ...(label ? [distance(last, label), distance(wanted, label)] : []));
    }
    if (best <= limit) scored.push([best, f.path]);
  }
  return [...new Set(scored.sort((a, b) => a[0] - b[0]).map(([, p]) => p))].slice(0, 3);
}

/** Looks a mapping path up in the resources a mapping names. */
export function findField(resources: readonly CatalogueResource[], path: string): FieldMatch {
  const c = canonicalPath(path);
  const flat = c.replace(/\[\]/gu, '');
  for (const r of resources) {
    const f = index(r).get(c) ?? index(r).get(flat);
    if (f) return { kind: 'found', field: f, resource: r };
  }
  // A pick names a field by id (a DHIS2 attribute or data element UID): the id must exist.
  for (const p of picks(path)) {
    const owners = resources.filter((r) => r.pickKeys?.includes(p.key));
    if (!owners.length) continue;
    for (const r of owners) for (const f of r.fields.values()) {
      if (canonicalPath(f.path).includes(`[${p.key}=${p.value}]`)) return { kind: 'found', field: f, resource: r };
    }
    return { kind: 'unknown', suggestions: suggest(owners, path) };
  }
  if (resources.some((r) => r.isOpen?.(c) === true)) return { kind: 'open' };
  return { kind: 'unknown', suggestions: suggest(resources, path) };
}

/** Choices that system-wide reference data gives a path (Go.Data `gender`, `addresses[].typeId`). */
export function referenceChoices(system: SystemCatalogue, path: string): { set: string; choices: Choice[] } | undefined {
  const c = canonicalPath(path);
  for (const [p, { set }] of system.fieldChoiceSets) {
    if (canonicalPath(p) === c || canonicalPath(p).replace(/\[\]/gu, '') === c.replace(/\[\]/gu, '')) {
      const s = system.choiceSets.get(set);
      if (s) return { set, choices: s.choices };
    }
  }
  return undefined;
}

/**
 * Which catalogue type families each mapping field type may be written into (and read from).
 * Each system's own type names map to families in the one vocabulary (vocabulary.ts, `systemTypes`);
 * this table is the second step.
 */
export const typeCompatibility: Readonly<Record<string, readonly TypeFamily[]>> = {
  string: ['text', 'choice', 'multichoice', 'reference', 'date', 'datetime', 'time', 'any'],
  number: ['number', 'text', 'any'],
  integer: ['integer', 'number', 'text', 'choice', 'any'],
  boolean: ['boolean', 'text', 'any'],
  date: ['date', 'datetime', 'text', 'any'],
  datetime: ['datetime', 'date', 'text', 'any'],
  choice: ['choice', 'multichoice', 'text', 'integer', 'number', 'boolean', 'reference', 'any'],
  multichoice: ['multichoice', 'text', 'any'],
  object: ['object', 'any'],
  array: ['array', 'multichoice', 'object', 'any'],
  any: ['text', 'number', 'integer', 'boolean', 'date', 'datetime', 'time', 'choice', 'multichoice', 'reference', 'object', 'array', 'any'],
};

/** Which mapping field types may be declared for a value the system sends, by the system's type family. */
export const readCompatibility: Readonly<Record<TypeFamily, readonly string[]>> = {
  text: ['string', 'choice', 'any'],
  number: ['number', 'string', 'any'],
  integer: ['integer', 'number', 'string', 'any'],
  boolean: ['boolean', 'string', 'any'],
  date: ['date', 'string', 'any'],
  datetime: ['datetime', 'date', 'string', 'any'],
  time: ['string', 'any'],
  choice: ['choice', 'string', 'integer', 'number', 'boolean', 'any'],
  multichoice: ['multichoice', 'string', 'array', 'any'],
  reference: ['string', 'choice', 'integer', 'any'],
  object: ['object', 'any'],
  array: ['array', 'multichoice', 'any'],
  any: ['string', 'number', 'integer', 'boolean', 'date', 'datetime', 'choice', 'multichoice', 'object', 'array', 'any'],
};

/** Whether a source field declared `designType` can hold what the system sends. */
export function sourceTypeFits(designType: string, family: TypeFamily): boolean {
  return readCompatibility[family].includes(designType);
}

/** Whether a value of `designType` may be written into a field of `family`. */
export function typeFits(designType: string, family: TypeFamily): boolean {
  return family === 'any' || (typeCompatibility[designType]?.includes(family) ?? true);
}

/** The system catalogue of a system id, when the system declared metadata that was read. */
export function systemCatalogue(catalogue: Catalogue, system: string): SystemCatalogue | undefined {
  const s = catalogue.systems.get(system);
  return s && (s.resources.length > 0 || s.choiceSets.size > 0) ? s : undefined;
}
