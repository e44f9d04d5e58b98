import picomatch from 'picomatch';
import type { FileKind, Manifest } from '@interop-design/schema';
import type { Diagnostic } from './diagnostic.js';
import { allDocuments } from './documents.js';
import { findProjectDirs, isManifestName, projectOf, walkedDir } from './find-projects.js';
import type { DesignFs } from './fs.js';
import { joinInside } from './fs.js';
import { indexIds } from './index-ids.js';
import { fileKind, isNote, kindSpec, manifestNames, sampleFormat } from './kinds.js';
import { limits } from './limits.js';
import type { DesignDocument, LoadResult, Project } from './project-model.js';
import { documentReporter, fileFinding, readDesign, symlinkDiagnostic, unreadableFinding } from './read-design.js';
import { fileStore } from './file-store.js';
import { checkReferences } from './references.js';
import { scanSample } from './sample-syntax.js';
import { SourceFile } from './source.js';

export * from './project-model.js';
export { projectOf } from './find-projects.js';
export { isGlob } from './references.js';

/**
 * Finds every design project at or below the given paths (posix, relative to the root; default
 * the root) and loads each once. A path inside a project selects that project.
 */
export interface LoadOptions {
  /** Check the syntax of sample files (default true); `diff` has no use for it. */
  scanSamples?: boolean;
  /** Read only these kinds besides the manifest (default: all); `diff` needs mappings and value maps. */
  kinds?: readonly FileKind[];
  /** Gather source positions while parsing (default true); without them a finding's position costs a second parse. */
  positions?: boolean;
  /**
   * Parsed values by file text, shared between loads (diff loads two commits where most files
   * are the same). Only clean parses are kept; values must be treated as read-only.
   */
  parseCache?: Map<string, unknown>;
  /** Replaces the manifest's `lint.ignore` (the action passes the base commit's). */
  ignore?: readonly string[];
}

export function loadProjects(given: DesignFs, paths: readonly string[] = [''], options: LoadOptions = {}): LoadResult {
  // One store per run (a store given is used as it is): every file is read once, whoever asks.
  const fs = fileStore(given);
  const result: LoadResult = { projects: [], diagnostics: [], missing: [], empty: [] };
  const dirs = new Set<string>();
  for (const raw of paths) {
    const start = joinInside(raw);
    if (start === undefined) {
      result.missing.push(raw);
      continue;
    }
    const stat = start === '' ? { type: 'dir' as const, size: 0 } : fs.stat(start);
    if (!stat) {
      result.missing.push(raw);
      continue;
    }
    if (stat.type === 'symlink') {
      result.diagnostics.push(symlinkDiagnostic(start));
      continue;
    }
    const found = stat.type === 'dir' ? findProjectDirs(fs, start) : [projectOf(fs, start)].filter((d): d is string => d !== undefined);
    if (found.length === 0) {
      const above = stat.type === 'dir' ? projectOf(fs, `${start}/x`) : undefined;
      if (above !== undefined) found.push(above);
    }
    if (found.length === 0) result.empty.push(raw);
    for (const d of found) dirs.add(d);
  }
  for (const dir of [...dirs].sort()) result.projects.push(loadProject(fs, dir, options));
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
function own(o: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

/** The files of a project folder by kind, stopping at nested projects and skipping what `isIgnored` matches. */
function walkProject(fs: DesignFs, dir: string, isIgnored: (inner: string) => boolean, wanted: readonly FileKind[] | undefined, project: Project): { file: string; kind: FileKind }[] {
  const rel = (name: string): string => (dir ? `${dir}/${name}` : name);
  const files: { file: string; kind: FileKind }[] = [];
  const queue = [''];
  while (queue.length) {
    const sub = queue.shift() ?? '';
    const here = sub ? rel(sub) : dir;
    let entries;
    try {
      entries = fs.readDir(here);
    } catch (error) {
      // An unreadable folder is reported: skipping it silently would pass what it holds unchecked.
      project.diagnostics.push(unreadableFinding(here, error, true));
      continue;
    }
    if (sub && entries.some((e) => e.type === 'file' && isManifestName(e.name))) continue;
    for (const e of entries) {
      const inner = sub ? `${sub}/${e.name}` : e.name;
      if (isIgnored(inner) || (e.type === 'dir' && isIgnored(`${inner}/`))) {
        project.ignored.push(inner);
        continue;
      }
      if (e.type === 'dir') {
        if (walkedDir(e.name)) queue.push(inner);
        continue;
      }
      const kind = fileKind(inner);
      if (!kind || kind === 'manifest' || (wanted && !wanted.includes(kind))) continue;
      if (e.type === 'symlink') {
        project.diagnostics.push(symlinkDiagnostic(rel(inner)));
        continue;
      }
      if (e.type === 'file') files.push({ file: rel(inner), kind });
      // A FIFO, socket or device where a design or sample file would be: never opened.
      else project.diagnostics.push(unreadableFinding(rel(inner), Object.assign(new Error('not a regular file'), { code: 'ENOTREG' })));
    }
  }
  return files;
}

/** Loads one project folder: every design file parsed once, validated, indexed and cross-checked. */
export function loadProject(given: DesignFs, dir: string, options: LoadOptions = {}): Project {
  const fs = fileStore(given);
  const diagnostics: Diagnostic[] = [];
  const report = documentReporter(diagnostics);
  const rel = (name: string): string => (dir ? `${dir}/${name}` : name);
  const readOptions = { ...(options.positions !== undefined ? { positions: options.positions } : {}), ...(options.parseCache ? { parseCache: options.parseCache } : {}) };

  // The manifest first: its `lint.ignore` decides which files are read.
  const manifestFile = manifestNames.map(rel).find((f) => fs.stat(f)) ?? rel(manifestNames[0]);
  const manifest = readDesign<Manifest>(fs, manifestFile, 'manifest', diagnostics, readOptions) ?? {
    kind: 'manifest' as const,
    file: manifestFile,
    source: new SourceFile(manifestFile, ''),
    data: undefined,
    valid: false,
  };
  const manifestData = isObject(manifest.data) ? manifest.data : {};
  const lintConfig = isObject(own(manifestData, 'lint')) ? (own(manifestData, 'lint') as Record<string, unknown>) : {};
  const ownIgnore = own(lintConfig, 'ignore');
  const ignoreGlobs = options.ignore ? [...options.ignore] : (Array.isArray(ownIgnore) ? ownIgnore : []).filter((g): g is string => typeof g === 'string');
  const isIgnored = ignoreGlobs.length ? picomatch(ignoreGlobs, { dot: true }) : () => false;
  const name = own(manifestData, 'name');

  const project: Project = {
    dir,
    fs,
    name: typeof name === 'string' ? name : dir || '.',
    manifest,
    stories: [],
    requirements: undefined,
    flows: [],
    mappings: [],
    valueMaps: [],
    metadata: [],
    samples: [],
    ignored: [],
    index: { systems: new Map(), stories: new Map(), flows: new Map(), mappings: new Map(), valueMaps: new Map() },
    diagnostics,
    // A method, not a closure: a copy of the project (`{ ...project, flows }`) lists its own documents.
    documents() {
      return allDocuments(this);
    },
  };

  for (const { file, kind } of walkProject(fs, dir, isIgnored, options.kinds, project)) {
    if (kind === 'metadata') {
      // Read by @interop-design/metadata (its readers know JSON, YAML, SQL and workbooks); the size cap is checked here.
      if (isNote(file)) continue;
      const size = fs.stat(file)?.size ?? 0;
      if (size > limits.maxMetadataFileBytes) diagnostics.push(fileFinding(file, 'file-too-large', 'error', `the file is larger than ${limits.maxMetadataFileBytes / 1024 / 1024} MiB, the limit for metadata files: it is not read`));
      else project.metadata.push({ file, size });
      continue;
    }
    if (kind === 'sample') {
      if (options.scanSamples === false) project.samples.push({ file, format: sampleFormat(file) ?? 'json', size: fs.stat(file)?.size ?? 0, scanned: false });
      else {
        const info = scanSample(fs, file, diagnostics);
        if (info) project.samples.push(info);
      }
      continue;
    }
    const spec = kindSpec(kind);
    if (kind === 'manifest' || !spec.slot) continue;
    const doc = readDesign(fs, file, kind, diagnostics, readOptions);
    if (!doc) continue;
    place(project, spec.slot, doc, spec.single === true, diagnostics);
  }

  indexIds(project, report);
  // With only some kinds read, references to the others cannot be judged: index, report nothing.
  checkReferences(fs, project, options.kinds ? () => undefined : report);
  return project;
}

/** Puts a loaded document in its slot; a second file of a single-file kind is a finding. */
function place(project: Project, slot: NonNullable<ReturnType<typeof kindSpec>['slot']>, doc: DesignDocument, single: boolean, diagnostics: Diagnostic[]): void {
  const held = project[slot] as DesignDocument | DesignDocument[] | undefined;
  if (Array.isArray(held)) {
    held.push(doc);
    return;
  }
  if (single && held) {
    diagnostics.push(fileFinding(doc.file, 'duplicate-file', 'error', `a project has one ${doc.kind} file; ${held.file} is already one`));
    return;
  }
  (project as unknown as Record<string, DesignDocument>)[slot] = doc;
}
