import type { Flow, Manifest, Mapping, Requirements, SchemaKind, StoriesFile, ValueMapFile } from '@interop-design/schema';
import type { Diagnostic } from './diagnostic.js';
import type { DesignFs } from './fs.js';
import type { SourceFile } from './source.js';
import type { ValidPart } from './validate.js';

/** A parsed design file of one kind. `data` is set when the file parsed; `valid` when it also matched its schema. */
export interface DesignDocument<T = unknown> {
  kind: SchemaKind | 'metadata';
  file: string;
  source: SourceFile;
  data: T | undefined;
  valid: boolean;
  /** When the file parsed but fails its schema: the part of it the schema accepts, for rules to read. */
  partial?: ValidPart;
}

/**
 * A document rules may read: `data` is always there (the whole file when it matched its schema,
 * else the part of it the schema accepts), so rules need not check it again.
 */
export interface ValidDocument<T = unknown> extends DesignDocument<T> {
  data: T;
}

/** Whether a document matched its schema whole, with data to read. */
export function isValidDocument<T>(doc: DesignDocument<T>): doc is ValidDocument<T> {
  return doc.valid && doc.data !== undefined;
}

/** A file under `metadata/`: listed here, read and parsed by @interop-design/metadata's readers. */
export interface MetadataFileInfo {
  file: string;
  size: number;
}

export interface SampleFileInfo {
  file: string;
  /** `other`: a file under sampleData/ that is neither (a CSV export): scanned for credentials only. */
  format: 'json' | 'ndjson' | 'other';
  size: number;
  /** Whether `lint` scanned it (files over the lint cap are left to `check-samples`). */
  scanned: boolean;
}

/** Where an id is declared. */
export interface Declaration<T> {
  id: string;
  doc: DesignDocument;
  pointer: string;
  value: T;
}

/** The id indexes of a project, one per kind of id. */
export interface ProjectIndex {
  systems: Map<string, Declaration<unknown>>;
  stories: Map<string, Declaration<unknown>>;
  flows: Map<string, Declaration<Flow>>;
  mappings: Map<string, Declaration<Mapping>>;
  valueMaps: Map<string, Declaration<ValueMapFile>>;
}

export interface Project {
  /** Posix path of the project folder relative to the repository root (`''` for the root). */
  dir: string;
  /** What the project was read from; rules read samples and metadata through it. */
  fs: DesignFs;
  name: string;
  manifest: DesignDocument<Manifest>;
  stories: DesignDocument<StoriesFile>[];
  requirements: DesignDocument<Requirements> | undefined;
  flows: DesignDocument<Flow>[];
  mappings: DesignDocument<Mapping>[];
  valueMaps: DesignDocument<ValueMapFile>[];
  metadata: MetadataFileInfo[];
  samples: SampleFileInfo[];
  /** Files and folders skipped by `lint.ignore`, relative to the project folder. */
  ignored: string[];
  index: ProjectIndex;
  /** Findings from reading, schema validation and cross-file references. */
  diagnostics: Diagnostic[];
  /** Every design document: the manifest first, then each kind in the order of the kind registry. */
  documents(): DesignDocument[];
}

export interface LoadResult {
  projects: Project[];
  /** Findings outside any project (symlinked start paths). */
  diagnostics: Diagnostic[];
  /** Start paths that do not exist. */
  missing: string[];
  /** Start paths under which no interop-design.yaml was found. */
  empty: string[];
}

/** How many files a project is made of: manifest, stories, requirements, flows, mappings, value maps, metadata and samples. */
export function projectFileCount(p: Project): number {
  return p.documents().length + p.metadata.length + p.samples.length;
}
