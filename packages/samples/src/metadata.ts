import type { Project } from '@interop-design/core';
import { catalogueOf, findField, resourcesNamed, systemCatalogue } from '@interop-design/metadata';
import type { CatalogueField, CatalogueResource } from '@interop-design/metadata';
import type { Mapping } from '@interop-design/schema';

/** What the systems' exported metadata says about a mapping's fields, for judging samples. */
export interface SampleMetadata {
  /** Whether the source form asks this question only under a condition: it may be absent from records. */
  conditional(path: string): boolean;
  /** The destination field the metadata describes at this path. */
  destination(path: string): CatalogueField | undefined;
  /** Whether the destination's metadata names the mapping's resource: its field names are then judged by metadata-unknown-field, not by the samples. */
  destinationJudged: boolean;
}

function resources(project: Project, mapping: Mapping, side: 'source' | 'destination'): CatalogueResource[] {
  const system = systemCatalogue(catalogueOf(project), mapping[side].system);
  return system ? resourcesNamed(system, mapping[side].resource) : [];
}

function field(list: readonly CatalogueResource[], path: string): CatalogueField | undefined {
  if (!list.length) return undefined;
  const found = findField(list, path);
  return found.kind === 'found' ? found.field : undefined;
}

export function sampleMetadata(project: Project, mapping: Mapping): SampleMetadata {
  const source = resources(project, mapping, 'source');
  const destination = resources(project, mapping, 'destination');
  return {
    conditional: (path) => field(source, path)?.conditional === true,
    destination: (path) => field(destination, path),
    destinationJudged: destination.length > 0,
  };
}

const datePattern = /^\d{4}-\d{2}-\d{2}$/u;
const dateTimePattern = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/u;
const numberPattern = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/u;

/** Whether a destination sample value is one the system stores in this field: its type family and, for lists, its choices. */
export function valueFits(value: unknown, f: CatalogueField): boolean {
  const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
  const accepted = f.choices && f.restricted !== false ? new Set(f.choices.filter((c) => c.active).map((c) => c.value)) : undefined;
  switch (f.family) {
    case 'number':
      return typeof value === 'number' || (typeof value === 'string' && numberPattern.test(value));
    case 'integer':
      return (typeof value === 'number' && Number.isInteger(value)) || (typeof value === 'string' && /^-?\d+$/u.test(value));
    case 'boolean':
      return typeof value === 'boolean' || text === 'true' || text === 'false' || text === '1' || text === '0';
    case 'date':
      return typeof value === 'string' && (datePattern.test(value) || dateTimePattern.test(value));
    case 'datetime':
      return typeof value === 'string' && (dateTimePattern.test(value) || datePattern.test(value));
    case 'choice':
      return text !== undefined && (!accepted || accepted.has(text));
    case 'multichoice':
      return text !== undefined && (!accepted || text.split(f.multiple?.separator ?? ';').filter(Boolean).every((v) => accepted.has(v)));
    case 'text':
      return text !== undefined && (f.maxLength === undefined || text.length <= f.maxLength);
    default:
      return true;
  }
}
