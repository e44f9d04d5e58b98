import type { FileKind, SchemaKind } from '@interop-design/schema';
import type { ProjectIndex } from './project-model.js';

/**
 * The registry of file kinds: how a file of each kind is recognised, where the loaded document
 * goes in the project, which ids it declares and what its references must name. The loader, the
 * id index, the reference checker and `Project.documents()` are all driven by it; a new kind is
 * a schema in @interop-design/schema, an entry here and, for rules, a slot on `Project`.
 */

/** The `Project` property that holds a design kind's documents. */
export type DocumentSlot = 'stories' | 'requirements' | 'flows' | 'mappings' | 'valueMaps';

/** An id a document declares into one of the project's indexes. */
export interface DeclarationRow {
  /** Where the declaring object is (see json-path.ts); its `id`, or with `idFrom: 'key'` its key, is the id. */
  path: string;
  index: keyof ProjectIndex;
  /** How findings name the id ("the story id ..."). */
  what: string;
  idFrom?: 'id' | 'key';
}

/** What a referenced value must name. */
export type ReferenceTarget = 'system' | 'story' | 'flow' | 'mapping' | 'valueMap' | 'lane' | 'step' | 'file' | 'field-path';

/** A place in a document that names something (a declarative reference check, as in a Spectral ruleset). */
export interface ReferenceRow {
  /** Where the referring value is (see json-path.ts); values that are not strings are the schema's business. */
  path: string;
  names: ReferenceTarget;
  /** Only where the object holding the value has these properties (`lanes[*].id` of `kind: system` lanes). */
  where?: Readonly<Record<string, string>>;
  /** Values that name nothing: the answer `unknown`, or a glob the metadata package expands. */
  skip?: 'unknown' | 'glob';
}

/** Ids unique within one document (lanes and steps of a flow); references to them stay in the document. */
export interface LocalIdRow {
  path: string;
  what: 'lane' | 'step';
}

export interface KindSpec {
  kind: FileKind;
  /** The file name pattern of a design kind; sample and metadata files are known by their folder. */
  name?: RegExp;
  folder?: 'sampleData' | 'metadata';
  /** Where loaded documents go (the manifest is `project.manifest`). */
  slot?: DocumentSlot;
  /** A project holds at most one file of this kind. */
  single?: boolean;
  declares?: readonly DeclarationRow[];
  localIds?: readonly LocalIdRow[];
  references?: readonly ReferenceRow[];
}

// Names are matched whole, line breaks included (`s`): a file cannot dodge the linter by its name.
const yamlExt = String.raw`\.(?:ya?ml|json)$`;
const named = (prefix: string): RegExp => new RegExp(`^${prefix}${yamlExt}`, 'su');

/** Every kind, in the order projects are indexed and checked. */
export const kindRegistry: readonly KindSpec[] = [
  {
    kind: 'manifest',
    name: named('interop-design'),
    declares: [{ path: 'systems.*', index: 'systems', what: 'system', idFrom: 'key' }],
    references: [
      // Metadata files: a file, a list, or globs that @interop-design/metadata expands.
      { path: 'systems.*.metadata', names: 'file', skip: 'glob' },
      { path: 'systems.*.metadata[*]', names: 'file', skip: 'glob' },
    ],
  },
  {
    kind: 'stories',
    name: named(String.raw`(?:.+\.)?stories`),
    slot: 'stories',
    declares: [{ path: 'stories[*]', index: 'stories', what: 'story' }],
    references: [{ path: 'stories[*].systems[*]', names: 'system' }],
  },
  {
    kind: 'requirements',
    name: named('requirements'),
    slot: 'requirements',
    single: true,
    references: [
      { path: 'resources[*].system', names: 'system' },
      { path: 'systemOfRecord', names: 'system', skip: 'unknown' },
      { path: 'systemOfRecord.*', names: 'system' },
      { path: 'triggers[*].system', names: 'system' },
      { path: 'apiDocs[*].system', names: 'system' },
      { path: 'sampleData[*]', names: 'file' },
    ],
  },
  {
    kind: 'flow',
    name: named(String.raw`.+\.flow`),
    slot: 'flows',
    declares: [{ path: '', index: 'flows', what: 'flow' }],
    localIds: [
      { path: 'lanes[*].id', what: 'lane' },
      { path: 'steps[*].id', what: 'step' },
    ],
    references: [
      { path: 'stories[*]', names: 'story' },
      { path: 'trigger.system', names: 'system' },
      { path: 'lanes[*].id', names: 'system', where: { kind: 'system' } },
      { path: 'steps[*].lane', names: 'lane' },
      { path: 'steps[*].mapping', names: 'mapping' },
      { path: 'steps[*].next[*]', names: 'step' },
      { path: 'steps[*].next[*].to', names: 'step' },
    ],
  },
  {
    kind: 'mapping',
    name: named(String.raw`.+\.mapping`),
    slot: 'mappings',
    declares: [{ path: '', index: 'mappings', what: 'mapping' }],
    references: [
      { path: 'flows[*]', names: 'flow' },
      { path: 'source.system', names: 'system' },
      { path: 'source.samples[*].file', names: 'file' },
      { path: 'source.samples[*].records', names: 'field-path' },
      { path: 'destination.system', names: 'system' },
      { path: 'destination.samples[*].file', names: 'file' },
      { path: 'destination.samples[*].records', names: 'field-path' },
      { path: 'destination.key.source', names: 'field-path' },
      { path: 'destination.key.destination', names: 'field-path' },
      { path: 'fields[*].source.path', names: 'field-path' },
      { path: 'fields[*].source.paths[*]', names: 'field-path' },
      { path: 'fields[*].destination.path', names: 'field-path' },
      { path: 'fields[*].transform.valueMap', names: 'valueMap' },
      { path: 'fields[*].transform.lookup.system', names: 'system' },
      { path: 'fields[*].transform.lookup.fixture', names: 'file' },
      // Mapping tests read their `given.file` like samples.
      { path: 'tests[*].given.file', names: 'file' },
    ],
  },
  {
    kind: 'valuemap',
    name: named(String.raw`.+\.valuemap`),
    slot: 'valueMaps',
    declares: [{ path: '', index: 'valueMaps', what: 'value map' }],
    references: [
      { path: 'source.system', names: 'system' },
      { path: 'destination.system', names: 'system' },
    ],
  },
  { kind: 'sample', folder: 'sampleData' },
  { kind: 'metadata', folder: 'metadata' },
];

/** The registry entry of a kind. */
export function kindSpec(kind: FileKind): KindSpec {
  const spec = kindRegistry.find((k) => k.kind === kind);
  if (!spec) throw new Error(`no kind ${kind}`);
  return spec;
}

/** The design kinds that have a document slot on `Project`, in registry order. */
export const slottedKinds = kindRegistry.filter((k): k is KindSpec & { kind: SchemaKind; slot: DocumentSlot } => k.slot !== undefined);

/** Notes kept beside samples (README.md, .gitkeep) are not samples. */
const notData = /^(?:\.|readme(?:\.|$))|\.(?:md|txt)$/iu;

/** Notes kept beside sample and metadata exports (README.md, .gitkeep) are not data. */
export function isNote(file: string): boolean {
  return notData.test(file.split('/').pop() ?? file);
}

/** The kind of a file from its path inside the project (posix, relative to the project folder). */
export function fileKind(relative: string): FileKind | undefined {
  const parts = relative.split('/');
  const name = parts[parts.length - 1] ?? '';
  const folders = parts.slice(0, -1);
  // The sample folder wins over the metadata folder, and both over names.
  if (folders.includes('sampleData')) return notData.test(name) ? undefined : 'sample';
  if (folders.includes('metadata')) return 'metadata';
  for (const spec of kindRegistry) if (spec.name?.test(name)) return spec.kind;
  return undefined;
}

export const manifestNames = ['interop-design.yaml', 'interop-design.yml', 'interop-design.json'] as const;

/** Sample file format by extension; files without a known extension are sniffed by the caller. */
export function sampleFormat(name: string): 'json' | 'ndjson' | undefined {
  if (/\.(?:ndjson|jsonl)$/iu.test(name)) return 'ndjson';
  if (/\.json$/iu.test(name)) return 'json';
  return undefined;
}
