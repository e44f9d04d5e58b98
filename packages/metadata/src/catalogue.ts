import type { Diagnostic, Project, Range, Severity } from '@interop-design/core';
import { decodeUtf8, FileTooLargeError, fingerprint, isGlob, joinInside, limits, loadYaml, readErrorCode, scanJson, SourceFile, toPointer } from '@interop-design/core';
import picomatch from 'picomatch';
import { readers } from './readers/index.js';
import { readXlsForm } from './readers/xlsform.js';
import { readDhis2Bytes } from './readers/dhis2.js';
import { preloadSqlParser } from './readers/sql.js';
import { afterFields } from './field.js';
import type { Catalogue, CatalogueResource, MetadataInput, Origin, ReadResult, SystemCatalogue } from './types.js';

const cache = new WeakMap<Project, Catalogue>();
const pending = new WeakMap<Project, Promise<Catalogue>>();

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function syntaxOf(file: string, bytes: Uint8Array): MetadataInput['syntax'] {
  if (/\.xlsx$/iu.test(file)) return 'xlsx';
  if (/\.sql$/iu.test(file)) return 'sql';
  if (/\.json$/iu.test(file)) return 'json';
  if (/\.ya?ml$/iu.test(file)) return 'yaml';
  // No known extension: sniff a zip (workbook) or JSON.
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'xlsx';
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09 || bytes[i] === 0xef || bytes[i] === 0xbb || bytes[i] === 0xbf)) i++;
  return bytes[i] === 0x7b || bytes[i] === 0x5b ? 'json' : 'other';
}

/** Which files each system names in the manifest (`systems.<id>.metadata`: a file, a list or globs), relative to the repository root. */
function systemFiles(project: Project, report: (ruleId: string, severity: Severity, message: string, pointer: string) => void): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const prefix = project.dir ? `${project.dir}/` : '';
  const inProject = project.metadata.map((m) => m.file);
  for (const [id, decl] of project.index.systems) {
    if (!isObject(decl.value)) continue;
    const raw = decl.value.metadata;
    const entries = Array.isArray(raw) ? raw.map((m, i) => [m, toPointer(['systems', id, 'metadata', i])] as const) : raw === undefined ? [] : [[raw, toPointer(['systems', id, 'metadata'])] as const];
    const files: string[] = [];
    for (const [entry, pointer] of entries) {
      if (typeof entry !== 'string' || entry === '') continue;
      if (isGlob(entry)) {
        const match = picomatch(entry, { dot: false });
        const found = inProject.filter((f) => f.startsWith(prefix) && match(f.slice(prefix.length)));
        if (!found.length) report('metadata-no-match', 'warning', `"${entry}" matches no file under metadata/ of this project: correct the glob or export the metadata`, pointer);
        files.push(...found);
        continue;
      }
      // Escapes, symlinks and missing files are reported by core's reference checks; they are not read.
      const resolved = entry.startsWith('/') ? undefined : joinInside(project.dir, entry);
      if (resolved !== undefined && project.fs.stat(resolved)?.type === 'file') files.push(resolved);
    }
    out.set(id, [...new Set(files)]);
  }
  return out;
}

/**
 * Builds the catalogue of a project: every metadata file read once, by the first reader that
 * recognises it. `workbooks` holds what the async path read from `.xlsx` files.
 */
function build(project: Project, workbooks: Map<string, ReadResult | Error>): Catalogue {
  const diagnostics: Diagnostic[] = [];
  const texts = new Map<string, string>();
  // Files read from the index of their bytes (a DHIS2 package): decoded only when a position is asked for.
  const undecoded = new Map<string, Uint8Array>();
  const textOf = (file: string): string | undefined => {
    let t = texts.get(file);
    const bytes = undecoded.get(file);
    if (t === undefined && bytes) {
      const decoded = decodeUtf8(bytes);
      t = decoded.ok ? decoded.text : '';
      texts.set(file, t);
      undecoded.delete(file);
    }
    return t;
  };
  const sources = new Map<string, SourceFile>();
  const source = (file: string): SourceFile => {
    let s = sources.get(file);
    if (!s) {
      s = new SourceFile(file, textOf(file) ?? '');
      sources.set(file, s);
    }
    return s;
  };
  const locate = (origin: Origin): Range => {
    if (origin.line !== undefined) return { start: { line: origin.line, column: origin.column ?? 1 }, end: { line: origin.line, column: origin.column ?? 1 } };
    const pointer = origin.pointer ?? (origin.at ? toPointer(origin.at) : undefined);
    if (pointer === undefined || textOf(origin.file) === undefined) return { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
    return source(origin.file).locate(pointer, 'value');
  };
  const at = (file: string, ruleId: string, severity: Severity, message: string, line = 1, column = 1): void => {
    diagnostics.push({ ruleId, severity, message, file, range: { start: { line, column }, end: { line, column } }, fingerprint: fingerprint(ruleId, file, undefined, [message]) });
  };
  const manifestFinding = (ruleId: string, severity: Severity, message: string, pointer: string): void => {
    diagnostics.push({ ruleId, severity, message, file: project.manifest.file, range: project.manifest.source.locate(pointer, 'value'), path: pointer, fingerprint: fingerprint(ruleId, project.manifest.file, pointer, [message]) });
  };

  const named = systemFiles(project, manifestFinding);
  const all = new Set<string>([...project.metadata.map((m) => m.file), ...[...named.values()].flat()]);
  const results = new Map<string, ReadResult>();
  for (const file of [...all].sort()) {
    const stat = project.fs.stat(file);
    if (!stat || stat.type !== 'file') continue;
    if (stat.size > limits.maxMetadataFileBytes) {
      // Files under metadata/ were reported by the loader; a file named from elsewhere is reported here.
      if (!project.metadata.some((m) => m.file === file)) at(file, 'file-too-large', 'error', `the file is larger than ${limits.maxMetadataFileBytes / 1024 / 1024} MiB, the limit for metadata files: it is not read`);
      continue;
    }
    let bytes;
    try {
      bytes = project.fs.readFile(file, limits.maxMetadataFileBytes);
    } catch (error) {
      // Read through the run's file store: an unreadable file (or one grown past the cap while read) is a finding with its path.
      at(file, error instanceof FileTooLargeError ? 'file-too-large' : 'file-unreadable', 'error', error instanceof FileTooLargeError ? `the file grew past ${limits.maxMetadataFileBytes / 1024 / 1024} MiB, the limit for metadata files, while it was read: it is not read` : `the file cannot be read (${readErrorCode(error) === 'EACCES' ? 'permission denied' : readErrorCode(error) ?? 'read error'}): it is not checked`);
      continue;
    }
    const syntax = syntaxOf(file, bytes);
    const input: MetadataInput = { file, bytes, syntax };
    if (syntax === 'xlsx') {
      const done = workbooks.get(file);
      if (done instanceof Error) at(file, 'metadata-syntax', 'error', `not a readable workbook: ${done.message}`);
      else if (done) results.set(file, done);
      else at(file, 'metadata-not-read', 'info', 'workbooks are read by the interop-design CLI and Action (asynchronously); this run did not read it');
      continue;
    }
    if (syntax === 'json') {
      // A DHIS2 package is read from an index of its bytes, parsing only what is asked for (bytes
      // that index cleanly are well-formed UTF-8 JSON: they are decoded when a position is asked for).
      const indexed = readDhis2Bytes(input, limits.maxJsonDepth);
      if (indexed) {
        undecoded.set(file, bytes);
        results.set(file, indexed);
        continue;
      }
    }
    const decoded = decodeUtf8(bytes);
    if (!decoded.ok) {
      at(file, 'file-encoding', 'error', decoded.message, decoded.line, decoded.column);
      continue;
    }
    input.text = decoded.text;
    texts.set(file, decoded.text);
    if (syntax === 'json') {
      try {
        input.value = JSON.parse(decoded.text);
      } catch {
        const issue = scanJson(decoded.text, { maxDepth: limits.maxJsonDepth }).issues.find((i) => i.kind === 'syntax' || i.kind === 'depth');
        const pos = source(file).position(issue?.offset ?? 0);
        at(file, 'metadata-syntax', 'error', `invalid JSON: ${issue?.message ?? 'the text does not parse'}`, pos.line, pos.column);
        continue;
      }
    } else if (syntax === 'yaml') {
      const loaded = loadYaml(file, decoded.text, { positions: false });
      const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length) {
        diagnostics.push(...errors.map((d) => ({ ...d, ruleId: 'metadata-syntax' })));
        continue;
      }
      input.value = loaded.value;
    }
    const reader = readers.find((r) => r.recognises(input));
    if (!reader) {
      at(file, 'metadata-unrecognised', 'warning', 'no metadata reader recognises this file: export it in one of the formats docs/metadata.md lists (or describe it in a *.fields.yaml)');
      continue;
    }
    const result = reader.read(input);
    if (result instanceof Promise) continue; // only the workbook reader is async, and it is handled above
    if (result.syntaxError) {
      at(file, 'metadata-syntax', 'error', result.syntaxError.message, result.syntaxError.line, result.syntaxError.column);
      continue;
    }
    results.set(file, result);
  }
  for (const [file, result] of results) {
    for (const p of result.problems ?? []) {
      const r = locate(p.origin);
      at(file, 'metadata-invalid', 'warning', p.message, r.start.line, r.start.column);
    }
  }

  const systems = new Map<string, SystemCatalogue>();
  for (const [system, files] of named) {
    const cat: SystemCatalogue = { system, files, resources: [], choiceSets: new Map(), fieldChoiceSets: new Map() };
    for (const file of files) {
      const r = results.get(file);
      if (!r) continue;
      cat.resources.push(...r.resources);
      for (const set of r.choiceSets ?? []) cat.choiceSets.set(set.id, set);
      for (const [path, set] of r.fieldChoiceSets ?? []) cat.fieldChoiceSets.set(path, { set, origin: { file } });
    }
    // Option sets may come from another file of the system (single-object exports). Lazy
    // resources (DHIS2) get theirs when their fields are first asked for.
    const resolveChoices = (res: CatalogueResource): void => {
      for (const f of res.fields.values()) {
        if (f.choiceSet && !f.choices) {
          const set = cat.choiceSets.get(f.choiceSet);
          if (set) f.choices = set.choices;
        }
      }
    };
    for (const res of cat.resources) afterFields(res, resolveChoices);
    systems.set(system, cat);
  }
  return { systems, diagnostics, locate };
}

/**
 * The project's catalogue, built once per project and shared (lint, samples, diff). Workbooks
 * need the async `loadCatalogue`; without it they get a `metadata-not-read` info finding.
 */
export function catalogueOf(project: Project): Catalogue {
  let c = cache.get(project);
  if (!c) {
    c = build(project, new Map());
    cache.set(project, c);
  }
  return c;
}

/** Reads the project's metadata, workbooks included, and keeps the catalogue for `catalogueOf`. */
export function loadCatalogue(project: Project): Promise<Catalogue> {
  const done = cache.get(project);
  if (done) return Promise.resolve(done);
  let p = pending.get(project);
  if (!p) {
    p = (async () => {
      const workbooks = new Map<string, ReadResult | Error>();
      const sqlFiles = project.metadata.filter((m) => /\.sql$/iu.test(m.file));
      if (sqlFiles.length) {
        // Only the dialects these files need are loaded (each file is parsed once here; the reader takes the result).
        const sqlTexts: string[] = [];
        for (const m of sqlFiles) {
          try {
            const decoded = decodeUtf8(project.fs.readFile(m.file, limits.maxMetadataFileBytes));
            if (decoded.ok) sqlTexts.push(decoded.text);
          } catch {
            // Read errors are reported when the catalogue is built.
          }
        }
        await preloadSqlParser(sqlTexts);
      }
      for (const m of project.metadata) {
        if (!/\.xlsx$/iu.test(m.file) || project.fs.stat(m.file)?.type !== 'file') continue;
        try {
          workbooks.set(m.file, await readXlsForm({ file: m.file, bytes: project.fs.readFile(m.file, limits.maxMetadataFileBytes), syntax: 'xlsx' }));
        } catch (e) {
          workbooks.set(m.file, e instanceof Error ? e : new Error('unreadable'));
        }
      }
      const c = build(project, workbooks);
      cache.set(project, c);
      return c;
    })();
    pending.set(project, p);
  }
  return p;
}
