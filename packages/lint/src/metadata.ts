import { FieldPathError, formatFieldPath, tryParseFieldPath } from '@interop-design/core';
import type { DesignDocument, Project, RelatedLocation } from '@interop-design/core';
import { catalogueOf, findField, resourcesNamed, systemCatalogue } from '@interop-design/metadata';
import type { Catalogue, CatalogueField, CatalogueResource, FieldMatch, Origin, SystemCatalogue } from '@interop-design/metadata';
import type { Field, Mapping, Scalar } from '@interop-design/schema';
import { fieldPointer, resolveValueMap, sourcePaths } from './util.js';

/** One end of a mapping as the catalogue sees it: the system's metadata and the resources the mapping names. */
export interface MetadataSide {
  catalogue: Catalogue;
  system: SystemCatalogue;
  resources: CatalogueResource[];
}

/** The catalogue view of a mapping's source or destination; `undefined` when that system has no metadata. */
export function metadataSide(project: Project, mapping: Mapping, side: 'source' | 'destination'): MetadataSide | undefined {
  const catalogue = catalogueOf(project);
  const end = mapping[side];
  const system = systemCatalogue(catalogue, end.system);
  if (!system) return undefined;
  return { catalogue, system, resources: resourcesNamed(system, end.resource) };
}

/** A path written back in canonical form (`["a"].b` and `a.b` alike); `undefined` when it does not parse (another rule reports it). */
export function canonical(path: string): string | undefined {
  const parsed = tryParseFieldPath(path);
  return parsed instanceof FieldPathError ? undefined : formatFieldPath(parsed.segments);
}

/** The metadata file line a finding refers to. */
export function relatedAt(catalogue: Catalogue, origin: Origin, message: string): RelatedLocation[] {
  return [{ file: origin.file, range: catalogue.locate(origin), message }];
}

/** A path looked up on one side; `undefined` when the side names no resource (nothing to judge). */
export function lookup(side: MetadataSide | undefined, path: string): FieldMatch | undefined {
  if (!side?.resources.length) return undefined;
  return findField(side.resources, path);
}

export interface PathAt {
  path: string;
  pointer: string;
  field?: Field;
  index?: number;
}

/** Every source path of a mapping with its JSON pointer (fields and the key). */
export function sourcePathsOf(mapping: Mapping): PathAt[] {
  const out: PathAt[] = [];
  mapping.fields.forEach((field, i) => {
    if (field.source?.path !== undefined) out.push({ path: field.source.path, pointer: fieldPointer(i, 'source', 'path'), field, index: i });
    field.source?.paths?.forEach((p, j) => out.push({ path: p, pointer: fieldPointer(i, 'source', 'paths', j), field, index: i }));
  });
  if (mapping.destination.key?.source !== undefined) out.push({ path: mapping.destination.key.source, pointer: '/destination/key/source' });
  return out;
}

/** Every destination path of a mapping with its JSON pointer (fields and the key). */
export function destinationPathsOf(mapping: Mapping): PathAt[] {
  const out: PathAt[] = mapping.fields.map((field, i) => ({ path: field.destination.path, pointer: fieldPointer(i, 'destination', 'path'), field, index: i }));
  if (mapping.destination.key?.destination !== undefined) out.push({ path: mapping.destination.key.destination, pointer: '/destination/key/destination' });
  return out;
}

/** A value written to a destination field, and where the spec says it. */
export interface WrittenValue {
  value: Scalar;
  doc: DesignDocument;
  pointer: string;
  target?: 'key' | 'value';
  what: 'value map target' | 'value map source' | 'destination choice' | 'source choice' | 'constant' | 'value map default';
}

/** The values a field writes that the spec names: value-map targets and default, destination choices, a constant. */
export function writtenValues(project: Project, field: Field, index: number, doc: DesignDocument): WrittenValue[] {
  const out: WrittenValue[] = [];
  const vm = resolveValueMap(project, field);
  if (vm) {
    const vmDoc = vm.doc;
    if (vmDoc) {
      vm.entries.forEach((e, k) => {
        out.push({ value: e.to, doc: vmDoc, pointer: `/entries/${String(k)}/to`, what: 'value map target' });
      });
      if (vm.unmapped === 'default' && vm.default !== undefined) out.push({ value: vm.default, doc: vmDoc, pointer: '/default', what: 'value map default' });
    } else {
      for (const e of vm.entries) out.push({ value: e.to, doc, pointer: fieldPointer(index, 'transform', 'valueMap', String(e.from)), what: 'value map target' });
    }
  }
  field.destination.choices?.forEach((c, k) => {
    out.push({ value: c, doc, pointer: fieldPointer(index, 'destination', 'choices', k), what: 'destination choice' });
  });
  const constant = field.transform?.constant;
  if (typeof constant === 'string' || typeof constant === 'number' || typeof constant === 'boolean') out.push({ value: constant, doc, pointer: fieldPointer(index, 'transform', 'constant'), what: 'constant' });
  return out;
}

/** The values a field reads that the spec names: source choices and value-map keys. */
export function readValues(project: Project, field: Field, index: number, doc: DesignDocument): WrittenValue[] {
  const out: WrittenValue[] = [];
  field.source?.choices?.forEach((c, k) => {
    out.push({ value: c, doc, pointer: fieldPointer(index, 'source', 'choices', k), what: 'source choice' });
  });
  const vm = resolveValueMap(project, field);
  const vmDoc = vm?.doc;
  if (vm && vmDoc) vm.entries.forEach((e, k) => {
    out.push({ value: e.from, doc: vmDoc, pointer: `/entries/${String(k)}/from`, what: 'value map target' });
  });
  else if (vm) for (const e of vm.entries) out.push({ value: e.from, doc, pointer: fieldPointer(index, 'transform', 'valueMap', String(e.from)), target: 'key', what: 'value map target' });
  return out;
}

export { sourcePaths };
export type { CatalogueField };

/** A short name of a metadata file for messages: its path. */
export function fileOf(origin: Origin): string {
  return origin.file;
}
