import type { DesignDocument, Project } from '@interop-design/core';
import { toPointer } from '@interop-design/core';
import type { Mapping, Scalar } from '@interop-design/schema';
import { findField, referenceChoices, resourcesNamed, sourceTypeFits, systemCatalogue, typeFits } from './match.js';
import type { Catalogue, CatalogueField, CatalogueResource, Choice, Origin, SystemCatalogue } from './types.js';

/** What changed in a system's metadata between two commits: a closed union, each kind with its own meaning. */
export const metadataChangeKinds = ['resource-removed', 'resource-added', 'field-removed', 'field-added', 'type-changed', 'choice-removed', 'choice-added'] as const;
export type MetadataChangeKind = (typeof metadataChangeKinds)[number];

/**
 * Why a mapping breaks: it reads or writes a removed field, names a removed resource, writes or
 * reads a removed (or deactivated) choice, declares a type the field no longer takes, or produces
 * no value for a new required field of its destination.
 */
export type BreakReason = 'uses-removed-field' | 'names-removed-resource' | 'writes-removed-value' | 'reads-removed-value' | 'type-no-longer-fits' | 'misses-new-required-field';

export interface Place {
  file: string;
  /** 1-based. */
  line: number;
  column: number;
}

/** A mapping a metadata change breaks, and where in the design the broken use is. */
export interface BrokenMapping extends Place {
  mapping: string;
  side: 'source' | 'destination';
  /** The mapping's field path (or resource text) that uses what changed. */
  field: string;
  reason: BreakReason;
  /** The mapping's declared type, for `type-no-longer-fits`. */
  declaredType?: string;
}

export interface MetadataChange {
  kind: MetadataChangeKind;
  system: string;
  /** The catalogue resource's id (Salesforce object, DHIS2 UID, table); absent for a system-wide option set. */
  resource?: string;
  /** The option set or reference-data category of a system-wide choice change (DHIS2 option set id, Go.Data category). */
  choiceSet?: string;
  /** The field path, as the catalogue has it. */
  field?: string;
  /** The picklist value or option code, for choice changes. */
  value?: string;
  /** Only for a removed choice: it is still listed, but inactive (Salesforce refuses it on write). */
  deactivated?: boolean;
  /** The system's type names, for `type-changed`. */
  from?: string;
  to?: string;
  /** Only for `field-added`: the new field is required. */
  required?: boolean;
  /** Where the metadata says it: the head commit's file for additions and changes, the base commit's for removals. */
  at: Place;
  breaks: BrokenMapping[];
}

/** One end of a mapping that a metadata change may touch: which resources it names at each commit, and its paths with pointers. */
interface MappingEnd {
  doc: DesignDocument<Mapping>;
  mapping: Mapping;
  side: 'source' | 'destination';
  system: string;
  base: CatalogueResource[];
  head: CatalogueResource[];
  paths: { path: string; pointer: string; index?: number }[];
}

function placeOf(catalogue: Catalogue, origin: Origin): Place {
  const r = catalogue.locate(origin);
  return { file: origin.file, line: r.start.line, column: r.start.column };
}

function docPlace(doc: DesignDocument, pointer: string): Place {
  const r = doc.source.locate(pointer, 'value');
  return { file: doc.file, line: r.start.line, column: r.start.column };
}

function endsOf(project: Project, base: Catalogue, head: Catalogue): MappingEnd[] {
  const out: MappingEnd[] = [];
  for (const doc of project.mappings) {
    const mapping = doc.valid ? doc.data : undefined;
    if (!mapping) continue;
    for (const side of ['source', 'destination'] as const) {
      const end = mapping[side];
      const b = base.systems.get(end.system);
      const h = head.systems.get(end.system);
      const paths: MappingEnd['paths'] = [];
      mapping.fields.forEach((f, i) => {
        if (side === 'destination') paths.push({ path: f.destination.path, pointer: toPointer(['fields', i, 'destination', 'path']), index: i });
        else {
          if (f.source?.path !== undefined) paths.push({ path: f.source.path, pointer: toPointer(['fields', i, 'source', 'path']), index: i });
          f.source?.paths?.forEach((p, j) => paths.push({ path: p, pointer: toPointer(['fields', i, 'source', 'paths', j]), index: i }));
        }
      });
      const key = mapping.destination.key?.[side];
      if (key !== undefined) paths.push({ path: key, pointer: toPointer(['destination', 'key', side]) });
      out.push({ doc, mapping, side, system: end.system, base: b ? resourcesNamed(b, end.resource) : [], head: h ? resourcesNamed(h, end.resource) : [], paths });
    }
  }
  return out;
}

/** A value a mapping field writes (destination) or reads (source) that the spec names, with where it says so. */
interface NamedValue {
  value: Scalar;
  doc: DesignDocument;
  pointer: string;
}

/** Destination side: value-map targets and default, destination choices, a constant. Source side: source choices and value-map keys. */
function namedValues(project: Project, end: MappingEnd, index: number): NamedValue[] {
  const field = end.mapping.fields[index];
  if (!field) return [];
  const out: NamedValue[] = [];
  const at = (...rest: (string | number)[]): string => toPointer(['fields', index, ...rest]);
  const vm = field.transform?.valueMap;
  if (typeof vm === 'string') {
    const decl = project.index.valueMaps.get(vm);
    decl?.value.entries.forEach((e, k) => {
      out.push({ value: end.side === 'destination' ? e.to : e.from, doc: decl.doc, pointer: toPointer(['entries', k, end.side === 'destination' ? 'to' : 'from']) });
    });
    if (end.side === 'destination' && decl?.value.unmapped === 'default' && decl.value.default !== undefined) out.push({ value: decl.value.default, doc: decl.doc, pointer: '/default' });
  } else if (vm) {
    for (const [from, to] of Object.entries(vm)) out.push({ value: end.side === 'destination' ? to : from, doc: end.doc, pointer: at('transform', 'valueMap', from) });
    if (end.side === 'destination' && field.transform?.unmapped === 'default' && field.transform.default !== undefined) out.push({ value: field.transform.default, doc: end.doc, pointer: at('transform', 'default') });
  }
  const choices = end.side === 'destination' ? field.destination.choices : field.source?.choices;
  choices?.forEach((c, k) => out.push({ value: c, doc: end.doc, pointer: at(end.side, 'choices', k) }));
  const constant = field.transform?.constant;
  if (end.side === 'destination' && (typeof constant === 'string' || typeof constant === 'number' || typeof constant === 'boolean')) out.push({ value: constant, doc: end.doc, pointer: at('transform', 'constant') });
  return out;
}

/** Whether a named value holds `code`: equal as written, or one of the codes of a multichoice constant (`a;b`). */
function holds(value: Scalar, code: string, separator: string | undefined): boolean {
  const text = String(value);
  return text === code || (separator !== undefined && separator.trim() !== '' && text.split(separator).includes(code));
}

/** The resource of `resources` with this id (a mapping names resources of its system by id or name). */
function named(resources: readonly CatalogueResource[], id: string): CatalogueResource | undefined {
  return resources.find((r) => r.id === id);
}

/** Mapping paths on `end` that resolve to `field` among `resources`. */
function uses(end: MappingEnd, resources: readonly CatalogueResource[], fieldPath: string): MappingEnd['paths'] {
  if (!resources.length) return [];
  return end.paths.filter((p) => {
    const m = findField(resources, p.path);
    return m.kind === 'found' && m.field.path === fieldPath;
  });
}

function activeCodes(choices: readonly Choice[] | undefined): Map<string, Choice> {
  return new Map((choices ?? []).map((c) => [c.value, c]));
}

/** Choices of `base` that `head` no longer accepts (gone, or now inactive), and choices `head` adds. */
function choiceDelta(base: readonly Choice[] | undefined, head: readonly Choice[] | undefined): { removed: { value: string; deactivated: boolean }[]; added: string[] } {
  const b = activeCodes(base);
  const h = activeCodes(head);
  const removed: { value: string; deactivated: boolean }[] = [];
  for (const [value, c] of b) {
    if (!c.active) continue;
    const now = h.get(value);
    if (!now) removed.push({ value, deactivated: false });
    else if (!now.active) removed.push({ value, deactivated: true });
  }
  const added = [...h.values()].filter((c) => c.active && !b.get(c.value)?.active).map((c) => c.value);
  return { removed, added };
}

/** The findings that kept a file of the system from being read (syntax, size, encoding, an unread workbook). */
function unreadable(catalogue: Catalogue, system: SystemCatalogue): { file: string; ruleId: string }[] {
  const files = new Set(system.files);
  return catalogue.diagnostics.filter((d) => files.has(d.file) && (d.severity === 'error' || d.ruleId === 'metadata-not-read' || d.ruleId === 'metadata-unrecognised')).map((d) => ({ file: d.file, ruleId: d.ruleId }));
}

/**
 * Systems `diffCatalogues` does not compare because a metadata file of theirs was not read at one
 * of the commits (a syntax error, a file over the size cap ...): comparing would report every
 * field of that file removed.
 */
export function metadataNotCompared(base: Catalogue, head: Catalogue): { system: string; commit: 'base' | 'head'; file: string; ruleId: string }[] {
  const out: { system: string; commit: 'base' | 'head'; file: string; ruleId: string }[] = [];
  for (const [commit, catalogue] of [['base', base], ['head', head]] as const) {
    for (const s of catalogue.systems.values()) for (const u of unreadable(catalogue, s)) out.push({ system: s.system, commit, ...u });
  }
  return out;
}

/**
 * What changed in the systems' metadata between two commits of one design project, and, for
 * each change, the mappings of `project` (the head commit's design) it breaks. Pure: reads only
 * the two catalogues and the project's parsed documents. Changes come sorted by system, then in
 * catalogue order; option-set fields are judged once, by their option set.
 */
export function diffCatalogues(base: Catalogue, head: Catalogue, project: Project | undefined): MetadataChange[] {
  const changes: MetadataChange[] = [];
  const ends = project ? endsOf(project, base, head) : [];
  const systems = [...new Set([...base.systems.keys(), ...head.systems.keys()])].sort();
  for (const system of systems) {
    const b = base.systems.get(system);
    const h = head.systems.get(system);
    // A system whose metadata was not read at one commit (none declared, or a file unreadable) is not compared: everything would look added or removed.
    if (!b || !h || !systemCatalogue(base, system) || !systemCatalogue(head, system) || unreadable(base, b).length || unreadable(head, h).length) continue;
    const mine = ends.filter((e) => e.system === system);
    diffResources(changes, base, head, b, h, mine, project);
    diffChoiceSets(changes, base, head, b, h, mine, project);
  }
  return changes;
}

function diffResources(changes: MetadataChange[], base: Catalogue, head: Catalogue, b: SystemCatalogue, h: SystemCatalogue, ends: MappingEnd[], project: Project | undefined): void {
  const system = b.system;
  const headById = new Map(h.resources.map((r) => [r.id, r]));
  const baseIds = new Set(b.resources.map((r) => r.id));
  for (const br of b.resources) {
    const hr = headById.get(br.id);
    if (!hr) {
      changes.push({
        kind: 'resource-removed', system, resource: br.id, at: placeOf(base, br.origin),
        // Only when the mapping names nothing at the head commit: the same form re-exported in another format gets another id.
        breaks: ends.filter((e) => named(e.base, br.id) && e.head.length === 0).map((e) => ({ mapping: e.mapping.id, side: e.side, field: e.mapping[e.side].resource, reason: 'names-removed-resource' as const, ...docPlace(e.doc, `/${e.side}/resource`) })),
      });
      continue;
    }
    const onResource = ends.filter((e) => named(e.base, br.id) ?? named(e.head, br.id));
    for (const bf of br.fields.values()) {
      const hf = hr.fields.get(bf.path);
      if (!hf) {
        changes.push({
          kind: 'field-removed', system, resource: br.id, field: bf.path, at: placeOf(base, bf.origin),
          breaks: onResource.flatMap((e) => uses(e, [br], bf.path).map((p) => ({ mapping: e.mapping.id, side: e.side, field: p.path, reason: 'uses-removed-field' as const, ...docPlace(e.doc, p.pointer) }))),
        });
        continue;
      }
      if (bf.type !== hf.type) {
        const breaks: BrokenMapping[] = [];
        for (const e of onResource) for (const p of uses(e, [hr], hf.path)) {
          const f = p.index === undefined ? undefined : e.mapping.fields[p.index];
          const declared = e.side === 'destination' ? f?.destination.type : f?.source?.type;
          if (declared === undefined) continue;
          const fitsNow = e.side === 'destination' ? typeFits(declared, hf.family) : sourceTypeFits(declared, hf.family);
          if (!fitsNow) breaks.push({ mapping: e.mapping.id, side: e.side, field: p.path, reason: 'type-no-longer-fits', declaredType: declared, ...docPlace(e.doc, toPointer(['fields', p.index ?? 0, e.side, 'type'])) });
        }
        changes.push({ kind: 'type-changed', system, resource: br.id, field: bf.path, from: bf.type, to: hf.type, at: placeOf(head, hf.origin), breaks });
      }
      // Choices that come from a system-wide option set are compared once, as the set's.
      if (!bf.choiceSet && !hf.choiceSet) diffFieldChoices(changes, base, head, system, br.id, bf, hf, onResource, hr, project);
    }
    for (const hf of hr.fields.values()) {
      if (br.fields.has(hf.path)) continue;
      // A new required field breaks the mappings that create records of the resource without it.
      const breaks = hf.required && hf.writable.create
        ? onResource.filter((e) => e.side === 'destination' && e.mapping.destination.operation !== 'update' && e.mapping.destination.operation !== 'delete' && !uses(e, [hr], hf.path).length)
          .map((e) => ({ mapping: e.mapping.id, side: e.side, field: hf.path, reason: 'misses-new-required-field' as const, ...docPlace(e.doc, '/fields') }))
        : [];
      changes.push({ kind: 'field-added', system, resource: br.id, field: hf.path, ...(hf.required ? { required: true } : {}), at: placeOf(head, hf.origin), breaks });
    }
  }
  for (const hr of h.resources) if (!baseIds.has(hr.id)) changes.push({ kind: 'resource-added', system, resource: hr.id, at: placeOf(head, hr.origin), breaks: [] });
}

function valueBreaks(project: Project | undefined, ends: readonly MappingEnd[], fieldMatches: (e: MappingEnd, path: string) => boolean, value: string, separator: string | undefined): BrokenMapping[] {
  if (!project) return [];
  const out: BrokenMapping[] = [];
  const seen = new Set<string>();
  for (const e of ends) {
    for (const p of e.paths) {
      if (p.index === undefined || !fieldMatches(e, p.path)) continue;
      for (const v of namedValues(project, e, p.index)) {
        if (!holds(v.value, value, separator)) continue;
        const place = docPlace(v.doc, v.pointer);
        const key = `${e.mapping.id}\u0000${place.file}\u0000${String(place.line)}\u0000${String(place.column)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ mapping: e.mapping.id, side: e.side, field: p.path, reason: e.side === 'destination' ? 'writes-removed-value' : 'reads-removed-value', ...place });
      }
    }
  }
  return out;
}

function diffFieldChoices(changes: MetadataChange[], base: Catalogue, head: Catalogue, system: string, resource: string, bf: CatalogueField, hf: CatalogueField, ends: MappingEnd[], hr: CatalogueResource, project: Project | undefined): void {
  const { removed, added } = choiceDelta(bf.choices, hf.choices);
  const on = (_end: MappingEnd, path: string): boolean => {
    const m = findField([hr], path);
    return m.kind === 'found' && m.field.path === hf.path;
  };
  for (const r of removed) {
    changes.push({
      kind: 'choice-removed', system, resource, field: bf.path, value: r.value, ...(r.deactivated ? { deactivated: true } : {}), at: placeOf(base, bf.origin),
      breaks: valueBreaks(project, ends, on, r.value, bf.multiple?.separator),
    });
  }
  for (const v of added) changes.push({ kind: 'choice-added', system, resource, field: hf.path, value: v, at: placeOf(head, hf.origin), breaks: [] });
}

function diffChoiceSets(changes: MetadataChange[], base: Catalogue, head: Catalogue, b: SystemCatalogue, h: SystemCatalogue, ends: MappingEnd[], project: Project | undefined): void {
  for (const [id, bs] of b.choiceSets) {
    const hs = h.choiceSets.get(id);
    // A whole option set removed shows as its fields' changes; only its codes are compared here.
    if (!hs) continue;
    const { removed, added } = choiceDelta(bs.choices, hs.choices);
    // A mapping path takes this set when its field's option set is it, or the system's reference data gives it (Go.Data `gender`).
    const takes = (e: MappingEnd, path: string): boolean => {
      const resources = e.head.length ? e.head : e.base;
      const m = resources.length ? findField(resources, path) : undefined;
      if (m?.kind === 'found') return m.field.choiceSet === id;
      return referenceChoices(h, path)?.set === id;
    };
    for (const r of removed) {
      changes.push({ kind: 'choice-removed', system: b.system, choiceSet: id, value: r.value, ...(r.deactivated ? { deactivated: true } : {}), at: placeOf(base, bs.origin), breaks: valueBreaks(project, ends, takes, r.value, undefined) });
    }
    for (const v of added) changes.push({ kind: 'choice-added', system: b.system, choiceSet: id, value: v, at: placeOf(head, hs.origin), breaks: [] });
  }
}
