import picomatch from 'picomatch';
import type { FileKind, Flow, Manifest, Mapping, Requirements, SchemaKind, StoriesFile, ValueMapFile } from '@interop-design/schema';
import type { Diagnostic, Severity } from './diagnostic.js';
import { fingerprint, sampleFingerprint, startOfFile } from './diagnostic.js';
import { decodeUtf8 } from './encoding.js';
import { tryParseFieldPath } from './field-path.js';
import type { DesignFs } from './fs.js';
import { joinInside } from './fs.js';
import { scanJson } from './json-scan.js';
import type { JsonIssue } from './json-scan.js';
import { fileKind, manifestNames, sampleFormat } from './kinds.js';
import { limits, pushAll } from './limits.js';
import { toPointer } from './pointer.js';
import { SourceFile } from './source.js';
import type { LocateTarget } from './source.js';
import { validPart, validateAgainstSchema } from './validate.js';
import type { ValidPart } from './validate.js';
import { loadYaml } from './yaml-load.js';

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
  index: {
    systems: Map<string, Declaration<unknown>>;
    stories: Map<string, Declaration<unknown>>;
    flows: Map<string, Declaration<Flow>>;
    mappings: Map<string, Declaration<Mapping>>;
    valueMaps: Map<string, Declaration<ValueMapFile>>;
  };
  /** Findings from reading, schema validation and cross-file references. */
  diagnostics: Diagnostic[];
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

const skippedDirs = new Set(['node_modules', '.git']);

/** Notes kept beside metadata exports (README.md, .gitkeep) are not metadata. */
function notData(file: string): boolean {
  const name = file.split('/').pop() ?? file;
  return /^(?:\.|readme(?:\.|$))|\.(?:md|txt)$/iu.test(name);
}

/** Whether a manifest path is a glob (`metadata/salesforce/*.json`) rather than one file. */
export function isGlob(path: string): boolean {
  return /[*?[\]{}]/u.test(path);
}

function isManifestName(name: string): boolean {
  return (manifestNames as readonly string[]).includes(name);
}

/** The folder of the project holding `file` (the nearest folder above it with a manifest), if any. */
export function projectOf(fs: DesignFs, file: string): string | undefined {
  const parts = file.split('/');
  for (let n = parts.length - 1; n >= 0; n--) {
    const dir = parts.slice(0, n).join('/');
    for (const name of manifestNames) {
      const candidate = dir ? `${dir}/${name}` : name;
      if (fs.stat(candidate)?.type === 'file') return dir;
    }
  }
  return undefined;
}

/** Project folders at or below `start` (a posix path relative to the root), without following symlinks. */
function findProjectDirs(fs: DesignFs, start: string): string[] {
  const found: string[] = [];
  const queue = [start];
  while (queue.length) {
    const dir = queue.shift() ?? '';
    let entries;
    try {
      entries = fs.readDir(dir);
    } catch {
      continue;
    }
    if (entries.some((e) => e.type === 'file' && isManifestName(e.name))) found.push(dir);
    for (const e of entries) {
      if (e.type === 'dir' && !skippedDirs.has(e.name) && !e.name.startsWith('.')) queue.push(dir ? `${dir}/${e.name}` : e.name);
    }
  }
  return found;
}

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

export function loadProjects(fs: DesignFs, paths: readonly string[] = [''], options: LoadOptions = {}): LoadResult {
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

/** How many files a project is made of: manifest, stories, requirements, flows, mappings, value maps, metadata and samples. */
export function projectFileCount(p: Project): number {
  return 1 + p.stories.length + (p.requirements ? 1 : 0) + p.flows.length + p.mappings.length + p.valueMaps.length + p.metadata.length + p.samples.length;
}

function symlinkDiagnostic(file: string): Diagnostic {
  return {
    ruleId: 'file-symlink',
    severity: 'warning',
    message: 'symlink not followed: its target is not read. Commit the file itself',
    file,
    range: startOfFile,
    fingerprint: fingerprint('file-symlink', file, undefined),
  };
}

type Reporter = (doc: DesignDocument, ruleId: string, severity: Severity, message: string, pointer: string, target?: LocateTarget, args?: readonly unknown[]) => void;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
function own(o: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

/** Loads one project folder: every design file parsed once, validated, indexed and cross-checked. */
export function loadProject(fs: DesignFs, dir: string, options: LoadOptions = {}): Project {
  const diagnostics: Diagnostic[] = [];
  const report: Reporter = (doc, ruleId, severity, message, pointer, target = 'value', args = []) => {
    diagnostics.push({
      ruleId,
      severity,
      message,
      file: doc.file,
      range: doc.source.locate(pointer, target),
      path: pointer,
      fingerprint: fingerprint(ruleId, doc.file, pointer, args),
    });
  };
  const fileDiagnostic = (file: string, ruleId: string, severity: Severity, message: string, line = 1, column = 1): void => {
    diagnostics.push({ ruleId, severity, message, file, range: { start: { line, column }, end: { line, column } }, fingerprint: fingerprint(ruleId, file, undefined, [message]) });
  };
  const rel = (name: string): string => (dir ? `${dir}/${name}` : name);

  const readDesign = <T>(file: string, kind: SchemaKind): DesignDocument<T> | undefined => {
    const stat = fs.stat(file);
    if (!stat) return undefined;
    if (stat.type === 'symlink') {
      diagnostics.push(symlinkDiagnostic(file));
      return undefined;
    }
    if (stat.size > limits.maxDesignFileBytes) {
      fileDiagnostic(file, 'file-too-large', 'error', `the file is larger than ${limits.maxDesignFileBytes / 1024 / 1024} MiB, the limit for design files: it is not read`);
      return undefined;
    }
    const decoded = decodeUtf8(fs.readFile(file));
    if (!decoded.ok) {
      fileDiagnostic(file, 'file-encoding', 'error', decoded.message, decoded.line, decoded.column);
      return undefined;
    }
    // The same text of the same kind parsed and validated cleanly before (the other commit of a diff).
    const cacheKey = `${kind}\u0000${decoded.text}`;
    const cached = options.parseCache?.get(cacheKey);
    if (cached !== undefined) return { kind, file, source: new SourceFile(file, decoded.text), data: cached as T, valid: true };
    const loaded = loadYaml(file, decoded.text, { positions: options.positions ?? true });
    pushAll(diagnostics, loaded.diagnostics);
    const doc: DesignDocument<T> = { kind, file, source: loaded.source, data: loaded.value as T | undefined, valid: false };
    if (loaded.diagnostics.some((d) => d.severity === 'error' && d.ruleId !== 'yaml-unsupported-tag')) return doc;
    if (loaded.value === undefined || loaded.value === null) {
      report(doc, 'schema', 'error', `the file is empty: a ${kind} file holds a mapping; see the schema for its keys`, '', 'value', ['empty']);
      doc.data = undefined;
      return doc;
    }
    const problems = validateAgainstSchema(kind, loaded.value);
    for (const p of problems) report(doc, 'schema', 'error', p.message, p.pointer, p.target, p.args);
    doc.valid = problems.length === 0;
    if (!doc.valid) {
      const part = validPart(kind, loaded.value);
      if (part) doc.partial = part;
    }
    if (doc.valid && loaded.diagnostics.length === 0) options.parseCache?.set(cacheKey, loaded.value);
    return doc;
  };

  // The manifest first: its `lint.ignore` decides which files are read.
  const manifestFile = manifestNames.map(rel).find((f) => fs.stat(f)) ?? rel(manifestNames[0]);
  const manifest = readDesign<Manifest>(manifestFile, 'manifest') ?? {
    kind: 'manifest' as const,
    file: manifestFile,
    source: new SourceFile(manifestFile, ''),
    data: undefined,
    valid: false,
  };
  const manifestData = isObject(manifest.data) ? manifest.data : {};
  const lintConfig = isObject(own(manifestData, 'lint')) ? (own(manifestData, 'lint') as Record<string, unknown>) : {};
  const ignoreGlobs = options.ignore ? [...options.ignore] : asArray(own(lintConfig, 'ignore')).filter((g): g is string => typeof g === 'string');
  const isIgnored = ignoreGlobs.length ? picomatch(ignoreGlobs, { dot: true }) : () => false;

  const project: Project = {
    dir,
    fs,
    name: asString(own(manifestData, 'name')) ?? (dir || '.'),
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
  };

  // Walk the project, stopping at nested projects.
  const files: { file: string; inner: string; kind: FileKind }[] = [];
  const queue = [''];
  while (queue.length) {
    const sub = queue.shift() ?? '';
    const here = sub ? rel(sub) : dir;
    let entries;
    try {
      entries = fs.readDir(here);
    } catch {
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
        if (!skippedDirs.has(e.name) && !e.name.startsWith('.')) queue.push(inner);
        continue;
      }
      const kind = fileKind(inner);
      if (!kind || kind === 'manifest' || (options.kinds && !options.kinds.includes(kind))) continue;
      if (e.type === 'symlink') {
        diagnostics.push(symlinkDiagnostic(rel(inner)));
        continue;
      }
      if (e.type === 'file') files.push({ file: rel(inner), inner, kind });
    }
  }

  for (const { file, kind } of files) {
    switch (kind) {
      case 'stories': {
        const doc = readDesign<StoriesFile>(file, kind);
        if (doc) project.stories.push(doc);
        break;
      }
      case 'requirements': {
        const doc = readDesign<Requirements>(file, kind);
        if (doc && project.requirements) {
          fileDiagnostic(file, 'duplicate-file', 'error', `a project has one requirements file; ${project.requirements.file} is already one`);
        } else if (doc) project.requirements = doc;
        break;
      }
      case 'flow': {
        const doc = readDesign<Flow>(file, kind);
        if (doc) project.flows.push(doc);
        break;
      }
      case 'mapping': {
        const doc = readDesign<Mapping>(file, kind);
        if (doc) project.mappings.push(doc);
        break;
      }
      case 'valuemap': {
        const doc = readDesign<ValueMapFile>(file, kind);
        if (doc) project.valueMaps.push(doc);
        break;
      }
      case 'metadata': {
        // Read by @interop-design/metadata (its readers know JSON, YAML, SQL and workbooks); the size cap is checked here.
        if (notData(file)) break;
        const size = fs.stat(file)?.size ?? 0;
        if (size > limits.maxMetadataFileBytes) fileDiagnostic(file, 'file-too-large', 'error', `the file is larger than ${limits.maxMetadataFileBytes / 1024 / 1024} MiB, the limit for metadata files: it is not read`);
        else project.metadata.push({ file, size });
        break;
      }
      case 'sample':
        if (options.scanSamples === false) {
          const size = fs.stat(file)?.size ?? 0;
          project.samples.push({ file, format: sampleFormat(file) ?? 'json', size, scanned: false });
        } else scanSample(fs, file, project, diagnostics);
        break;
      case 'manifest':
        break;
    }
  }

  // With only some kinds read, references to the others cannot be judged: index, report nothing.
  indexAndCheck(fs, project, options.kinds ? () => undefined : report);
  return project;
}

function scanSample(fs: DesignFs, file: string, project: Project, diagnostics: Diagnostic[]): void {
  const stat = fs.stat(file);
  if (!stat) return;
  const name = file.split('/').pop() ?? file;
  let format = sampleFormat(name);
  // A sample's keys are data (a phone number as a key is common): no pointer into the sample is
  // shown or hashed; the finding's position says where it is.
  const ordinals = new Map<string, number>();
  const push = (ruleId: string, severity: Severity, message: string, source: SourceFile | undefined, offset: number, end: number): void => {
    const range = source ? source.range(offset, end) : startOfFile;
    const n = ordinals.get(ruleId) ?? 0;
    ordinals.set(ruleId, n + 1);
    diagnostics.push({ ruleId, severity, message, file, range, fingerprint: sampleFingerprint(ruleId, file, undefined, n) });
  };
  if (stat.size > limits.maxLintSampleBytes) {
    project.samples.push({ file, format: format ?? 'json', size: stat.size, scanned: false });
    return;
  }
  const decoded = decodeUtf8(fs.readFile(file));
  if (!decoded.ok) {
    diagnostics.push({ ruleId: 'file-encoding', severity: 'error', message: decoded.message, file, range: { start: { line: decoded.line, column: decoded.column }, end: { line: decoded.line, column: decoded.column } }, fingerprint: fingerprint('file-encoding', file, undefined) });
    return;
  }
  const text = decoded.text;
  if (!format) {
    const first = /\S/u.exec(text)?.[0];
    if (first === '{' || first === '[') format = 'json';
    else {
      push('sample-unknown-format', 'warning', 'not a JSON or NDJSON sample: it is scanned for credentials, not checked otherwise; name sample files *.json, *.ndjson or *.jsonl', undefined, 0, 0);
      project.samples.push({ file, format: 'other', size: stat.size, scanned: false });
      return;
    }
  }
  project.samples.push({ file, format, size: stat.size, scanned: true });
  const source = new SourceFile(file, text);
  // scanJson's offsets are into the whole text, also when it scans one NDJSON line of it.
  const report = (issue: JsonIssue): void => {
    const ruleId = issue.kind === 'syntax' ? 'sample-syntax' : issue.kind === 'depth' ? 'sample-depth-limit' : issue.kind === 'duplicate-key' ? 'sample-duplicate-key' : 'sample-unsafe-integer';
    const severity: Severity = issue.kind === 'unsafe-integer' ? 'info' : issue.kind === 'duplicate-key' ? 'warning' : 'error';
    push(ruleId, severity, issue.message, source, issue.offset, issue.end);
  };
  if (format === 'json') {
    for (const issue of scanJson(text, { maxDepth: limits.maxJsonDepth }).issues) report(issue);
    return;
  }
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (text.slice(start, end).trim() !== '') {
      for (const issue of scanJson(text, { maxDepth: limits.maxJsonDepth }, start, end).issues) {
        report(issue);
      }
    }
    start = end + 1;
  }
}

/** Indexes ids across files, reports duplicates and references to things that do not exist. */
function indexAndCheck(fs: DesignFs, project: Project, report: Reporter): void {
  const { index } = project;
  const declare = <T>(map: Map<string, Declaration<T>>, what: string, doc: DesignDocument, pointer: string, id: unknown, value: T): void => {
    if (typeof id !== 'string') return;
    const prior = map.get(id);
    if (prior) {
      report(doc, 'duplicate-id', 'error', `the ${what} id "${id}" is already declared in ${prior.doc.file}: ids must be unique in a project`, `${pointer}/id`, 'value', [what, id]);
      return;
    }
    map.set(id, { id, doc, pointer, value });
  };

  const manifestData = project.manifest.data;
  if (isObject(manifestData) && isObject(manifestData.systems)) {
    for (const [id, system] of Object.entries(manifestData.systems)) index.systems.set(id, { id, doc: project.manifest, pointer: toPointer(['systems', id]), value: system });
  }
  for (const doc of project.stories) {
    asArray(isObject(doc.data) ? doc.data.stories : undefined).forEach((story, i) => {
      if (isObject(story)) declare(index.stories, 'story', doc, toPointer(['stories', i]), story.id, story);
    });
  }
  for (const doc of project.flows) if (isObject(doc.data)) declare(index.flows, 'flow', doc, '', doc.data.id, doc.data);
  for (const doc of project.mappings) if (isObject(doc.data)) declare(index.mappings, 'mapping', doc, '', doc.data.id, doc.data);
  for (const doc of project.valueMaps) if (isObject(doc.data)) declare(index.valueMaps, 'value map', doc, '', doc.data.id, doc.data);

  const systemIds = [...index.systems.keys()];
  const refSystem = (doc: DesignDocument, pointer: string, id: unknown): void => {
    if (typeof id !== 'string' || index.systems.has(id) || project.manifest.data === undefined) return;
    report(doc, 'reference-system', 'error', `unknown system "${id}": declare it under systems in ${project.manifest.file}${systemIds.length ? ` (declared: ${systemIds.join(', ')})` : ''}`, pointer, 'value', [id]);
  };
  // A file that did not parse may declare the id: its syntax error is the finding, not the reference.
  const unparsed = (docs: readonly DesignDocument[]): boolean => docs.some((d) => d.data === undefined);
  const refTo = (map: Map<string, unknown>, ruleId: string, what: string, docs: readonly DesignDocument[]) => (doc: DesignDocument, pointer: string, id: unknown): void => {
    if (typeof id !== 'string' || map.has(id) || unparsed(docs)) return;
    report(doc, ruleId, 'error', `unknown ${what} "${id}": no ${what} in this project has that id`, pointer, 'value', [id]);
  };
  const refStory = refTo(index.stories, 'reference-story', 'story', project.stories);
  const refFlow = refTo(index.flows, 'reference-flow', 'flow', project.flows);
  const refMapping = refTo(index.mappings, 'reference-mapping', 'mapping', project.mappings);
  const refValueMap = refTo(index.valueMaps, 'reference-valuemap', 'value map', project.valueMaps);
  const refFile = (doc: DesignDocument, pointer: string, value: unknown): void => {
    if (typeof value !== 'string' || value === '') return;
    const resolved = value.startsWith('/') || /^[A-Za-z]:[\\/]/u.test(value) ? undefined : joinInside(project.dir, value);
    if (resolved === undefined) {
      report(doc, 'path-escapes-repository', 'error', 'path escapes the repository: use a path relative to the project folder that stays inside the repository', pointer, 'value', [value]);
      return;
    }
    const stat = fs.stat(resolved);
    if (!stat) report(doc, 'reference-file', 'error', `no file at ${resolved}: commit it or correct the path`, pointer, 'value', [value]);
    else if (stat.type === 'symlink') report(doc, 'file-symlink', 'warning', 'symlink not followed: its target is not read. Commit the file itself', pointer, 'value', [value]);
    else if (stat.type !== 'file') report(doc, 'reference-file', 'error', `${resolved} is not a file`, pointer, 'value', [value]);
  };
  const checkPath = (doc: DesignDocument, segments: readonly (string | number)[], value: unknown): void => {
    if (typeof value !== 'string') return;
    const parsed = tryParseFieldPath(value);
    if (!(parsed instanceof Error)) return;
    const pointer = toPointer(segments);
    const range = doc.source.locate(pointer, 'value');
    const quoted = /^["']/u.test(doc.source.text.split('\n')[range.start.line - 1]?.slice(range.start.column - 1) ?? '');
    const column = range.start.column + parsed.offset + (quoted ? 1 : 0);
    project.diagnostics.push({
      ruleId: 'field-path-syntax',
      severity: 'error',
      message: `invalid field path: ${parsed.message}`,
      file: doc.file,
      range: { start: { line: range.start.line, column }, end: { line: range.start.line, column: column + 1 } },
      path: pointer,
      fingerprint: fingerprint('field-path-syntax', doc.file, pointer, [value]),
    });
  };

  // Manifest: metadata files (a file, a list, or globs that @interop-design/metadata expands).
  if (isObject(manifestData) && isObject(manifestData.systems)) {
    for (const [id, system] of Object.entries(manifestData.systems)) {
      if (!isObject(system)) continue;
      const metadata = own(system, 'metadata');
      const list = Array.isArray(metadata) ? metadata.map((m, i) => [m, toPointer(['systems', id, 'metadata', i])] as const) : [[metadata, toPointer(['systems', id, 'metadata'])] as const];
      for (const [m, pointer] of list) if (typeof m !== 'string' || !isGlob(m)) refFile(project.manifest, pointer, m);
    }
  }
  // Stories: systems.
  for (const doc of project.stories) {
    asArray(isObject(doc.data) ? doc.data.stories : undefined).forEach((story, i) => {
      if (isObject(story)) asArray(story.systems).forEach((s, j) => {
        refSystem(doc, toPointer(['stories', i, 'systems', j]), s);
      });
    });
  }
  // Requirements.
  const req = project.requirements;
  if (req && isObject(req.data)) {
    const r = req.data;
    asArray(r.resources).forEach((res, i) => {
      if (isObject(res)) refSystem(req, toPointer(['resources', i, 'system']), res.system);
    });
    if (typeof r.systemOfRecord === 'string' && r.systemOfRecord !== 'unknown') refSystem(req, '/systemOfRecord', r.systemOfRecord);
    if (isObject(r.systemOfRecord)) for (const [k, v] of Object.entries(r.systemOfRecord)) refSystem(req, toPointer(['systemOfRecord', k]), v);
    asArray(r.triggers).forEach((t, i) => {
      if (isObject(t)) refSystem(req, toPointer(['triggers', i, 'system']), t.system);
    });
    asArray(r.apiDocs).forEach((a, i) => {
      if (isObject(a)) refSystem(req, toPointer(['apiDocs', i, 'system']), a.system);
    });
    asArray(r.sampleData).forEach((f, i) => {
      refFile(req, toPointer(['sampleData', i]), f);
    });
  }
  // Flows.
  for (const doc of project.flows) {
    const f = doc.data;
    if (!isObject(f)) continue;
    asArray(f.stories).forEach((s, i) => {
      refStory(doc, toPointer(['stories', i]), s);
    });
    if (isObject(f.trigger)) refSystem(doc, '/trigger/system', f.trigger.system);
    const laneIds = new Set<string>();
    asArray(f.lanes).forEach((lane, i) => {
      if (!isObject(lane) || typeof lane.id !== 'string') return;
      if (laneIds.has(lane.id)) report(doc, 'duplicate-id', 'error', `the lane id "${lane.id}" appears twice in this flow`, toPointer(['lanes', i, 'id']), 'value', ['lane', lane.id]);
      laneIds.add(lane.id);
      if (lane.kind === 'system') refSystem(doc, toPointer(['lanes', i, 'id']), lane.id);
    });
    const stepIds = new Set<string>();
    asArray(f.steps).forEach((step, i) => {
      if (!isObject(step) || typeof step.id !== 'string') return;
      if (stepIds.has(step.id)) report(doc, 'duplicate-id', 'error', `the step id "${step.id}" appears twice in this flow`, toPointer(['steps', i, 'id']), 'value', ['step', step.id]);
      stepIds.add(step.id);
    });
    asArray(f.steps).forEach((step, i) => {
      if (!isObject(step)) return;
      if (typeof step.lane === 'string' && !laneIds.has(step.lane)) {
        report(doc, 'reference-lane', 'error', `unknown lane "${step.lane}": declare it under lanes${laneIds.size ? ` (lanes: ${[...laneIds].join(', ')})` : ''}`, toPointer(['steps', i, 'lane']), 'value', [step.lane]);
      }
      refMapping(doc, toPointer(['steps', i, 'mapping']), step.mapping);
      asArray(step.next).forEach((edge, j) => {
        const to = typeof edge === 'string' ? edge : isObject(edge) ? edge.to : undefined;
        const pointer = typeof edge === 'string' ? toPointer(['steps', i, 'next', j]) : toPointer(['steps', i, 'next', j, 'to']);
        if (typeof to === 'string' && !stepIds.has(to)) report(doc, 'reference-step', 'error', `unknown step "${to}": no step in this flow has that id`, pointer, 'value', [to]);
      });
    });
  }
  // Mappings.
  for (const doc of project.mappings) {
    const m = doc.data;
    if (!isObject(m)) continue;
    asArray(m.flows).forEach((id, i) => {
      refFlow(doc, toPointer(['flows', i]), id);
    });
    for (const side of ['source', 'destination'] as const) {
      const end = own(m, side);
      if (!isObject(end)) continue;
      refSystem(doc, toPointer([side, 'system']), end.system);
      asArray(end.samples).forEach((s, i) => {
        if (!isObject(s)) return;
        refFile(doc, toPointer([side, 'samples', i, 'file']), s.file);
        checkPath(doc, [side, 'samples', i, 'records'], s.records);
      });
      if (side === 'destination' && isObject(end.key)) {
        checkPath(doc, ['destination', 'key', 'source'], end.key.source);
        checkPath(doc, ['destination', 'key', 'destination'], end.key.destination);
      }
    }
    asArray(m.fields).forEach((field, i) => {
      if (!isObject(field)) return;
      if (isObject(field.source)) {
        checkPath(doc, ['fields', i, 'source', 'path'], field.source.path);
        asArray(field.source.paths).forEach((p, j) => {
          checkPath(doc, ['fields', i, 'source', 'paths', j], p);
        });
      }
      if (isObject(field.destination)) checkPath(doc, ['fields', i, 'destination', 'path'], field.destination.path);
      if (isObject(field.transform)) {
        if (typeof field.transform.valueMap === 'string') refValueMap(doc, toPointer(['fields', i, 'transform', 'valueMap']), field.transform.valueMap);
        if (isObject(field.transform.lookup)) {
          refSystem(doc, toPointer(['fields', i, 'transform', 'lookup', 'system']), field.transform.lookup.system);
          refFile(doc, toPointer(['fields', i, 'transform', 'lookup', 'fixture']), field.transform.lookup.fixture);
        }
      }
    });
    // Mapping tests read their `given.file` like samples.
    asArray(m.tests).forEach((test, i) => {
      if (isObject(test) && isObject(test.given)) refFile(doc, toPointer(['tests', i, 'given', 'file']), test.given.file);
    });
  }
  // Value maps.
  for (const doc of project.valueMaps) {
    const v = doc.data;
    if (!isObject(v)) continue;
    for (const side of ['source', 'destination'] as const) {
      const end = own(v, side);
      if (isObject(end)) refSystem(doc, toPointer([side, 'system']), end.system);
    }
  }
}
