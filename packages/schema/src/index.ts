import common from '../schemas/common.schema.json' with { type: 'json' };
import flow from '../schemas/flow.schema.json' with { type: 'json' };
import manifest from '../schemas/manifest.schema.json' with { type: 'json' };
import mapping from '../schemas/mapping.schema.json' with { type: 'json' };
import requirements from '../schemas/requirements.schema.json' with { type: 'json' };
import stories from '../schemas/stories.schema.json' with { type: 'json' };
import valuemap from '../schemas/valuemap.schema.json' with { type: 'json' };

export type * from './types.js';

/** The YAML design-file kinds that have a schema. */
export const schemaKinds = ['manifest', 'stories', 'requirements', 'flow', 'mapping', 'valuemap'] as const;
export type SchemaKind = (typeof schemaKinds)[number];

/** Every file kind the loader recognises (README: A design project). */
export type FileKind = SchemaKind | 'sample' | 'metadata';

/** Where the schemas are published; `$id` of each schema. */
export const schemaBaseUrl = 'https://interop-design.dev/schemas/v1/';

/** The JSON Schema (draft 2020-12) of each kind, keyed by kind. */
export const schemas: Readonly<Record<SchemaKind, Readonly<Record<string, unknown>>>> = {
  manifest,
  stories,
  requirements,
  flow,
  mapping,
  valuemap,
};

/** Schemas that others reference by `$id` but that describe no file of their own. */
export const sharedSchemas: readonly Readonly<Record<string, unknown>>[] = [common];

/** The `$id` (published URL) of a kind's schema. */
export function schemaUrl(kind: SchemaKind): string {
  return `${schemaBaseUrl}${kind}.schema.json`;
}

/** File globs per kind, for editors (`yaml.schemas`) and for documentation. */
export const fileGlobs: Readonly<Record<SchemaKind, readonly string[]>> = {
  manifest: ['interop-design.yaml', 'interop-design.yml', 'interop-design.json'],
  stories: ['stories.yaml', 'stories.yml', 'stories.json', '*.stories.yaml', '*.stories.yml', '*.stories.json'],
  requirements: ['requirements.yaml', 'requirements.yml', 'requirements.json'],
  flow: ['*.flow.yaml', '*.flow.yml', '*.flow.json'],
  mapping: ['*.mapping.yaml', '*.mapping.yml', '*.mapping.json'],
  valuemap: ['*.valuemap.yaml', '*.valuemap.yml', '*.valuemap.json'],
};

/** The field types a mapping may declare. */
export const fieldTypes = [
  'string',
  'number',
  'integer',
  'boolean',
  'date',
  'datetime',
  'choice',
  'multichoice',
  'object',
  'array',
  'any',
] as const;
