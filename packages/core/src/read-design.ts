import type { SchemaKind } from '@interop-design/schema';
import type { Diagnostic, Severity } from './diagnostic.js';
import { fingerprint, startOfFile } from './diagnostic.js';
import { decodeUtf8 } from './encoding.js';
import { FileTooLargeError, isFileStore, readErrorCode } from './file-store.js';
import type { DesignFs } from './fs.js';
import { limits, pushAll } from './limits.js';
import type { DesignDocument } from './project-model.js';
import { SourceFile } from './source.js';
import type { LocateTarget } from './source.js';
import { validPart, validateAgainstSchema } from './validate.js';
import { loadYaml } from './yaml-load.js';

/** Reports a finding at a node of a design document. */
export type Reporter = (doc: DesignDocument, ruleId: string, severity: Severity, message: string, pointer: string, target?: LocateTarget, args?: readonly unknown[]) => void;

/** A reporter that pushes onto `diagnostics`, positioned in the document's source. */
export function documentReporter(diagnostics: Diagnostic[]): Reporter {
  return (doc, ruleId, severity, message, pointer, target = 'value', args = []) => {
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
}

/** A finding about a whole file, at a line and column (default its start). */
export function fileFinding(file: string, ruleId: string, severity: Severity, message: string, line = 1, column = 1): Diagnostic {
  return { ruleId, severity, message, file, range: { start: { line, column }, end: { line, column } }, fingerprint: fingerprint(ruleId, file, undefined, [message]) };
}

export function symlinkDiagnostic(file: string): Diagnostic {
  return {
    ruleId: 'file-symlink',
    severity: 'warning',
    message: 'symlink not followed: its target is not read. Commit the file itself',
    file,
    range: startOfFile,
    fingerprint: fingerprint('file-symlink', file, undefined),
  };
}

/**
 * Reads a file through the store for a loader, at most `maxBytes`: `undefined` when it cannot be
 * read, with the finding (`file-unreadable` with the system's reason, or `file-too-large` when it
 * grew past the cap while it was read) pushed onto `diagnostics`.
 */
export function readForLoader(fs: DesignFs, file: string, maxBytes: number, what: string, diagnostics: Diagnostic[]): Uint8Array | undefined {
  try {
    return fs.readFile(file, maxBytes);
  } catch (error) {
    if (error instanceof FileTooLargeError) {
      diagnostics.push(fileFinding(file, 'file-too-large', 'error', `the file grew past ${maxBytes / 1024 / 1024} MiB, the limit for ${what}, while it was read: it is not checked`));
    } else diagnostics.push(unreadableFinding(file, error));
    return undefined;
  }
}

/** The finding for a file or folder that cannot be read: its path and the system's reason, never its content. */
export function unreadableFinding(file: string, error: unknown, folder = false): Diagnostic {
  const code = readErrorCode(error);
  const reason =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'ENOTREG'
        ? 'not a regular file (a FIFO, socket or device is never read)'
        : code === 'ELOOP'
          ? 'a symlink, not followed'
          : code ?? 'read error';
  return fileFinding(file, 'file-unreadable', 'error', `the ${folder ? 'folder' : 'file'} cannot be read (${reason}): ${folder ? 'its files are not checked' : 'it is not checked'}`);
}

export interface ReadDesignOptions {
  positions?: boolean;
  parseCache?: Map<string, unknown>;
}

/**
 * Reads, parses and validates one design file. `undefined` when there is nothing to give rules
 * (missing, a symlink, too large, not UTF-8): the finding says why.
 */
export function readDesign<T>(fs: DesignFs, file: string, kind: SchemaKind, diagnostics: Diagnostic[], options: ReadDesignOptions = {}): DesignDocument<T> | undefined {
  const report = documentReporter(diagnostics);
  const stat = fs.stat(file);
  if (!stat) return undefined;
  if (stat.type === 'symlink') {
    diagnostics.push(symlinkDiagnostic(file));
    return undefined;
  }
  if (stat.size > limits.maxDesignFileBytes) {
    diagnostics.push(fileFinding(file, 'file-too-large', 'error', `the file is larger than ${limits.maxDesignFileBytes / 1024 / 1024} MiB, the limit for design files: it is not read`));
    return undefined;
  }
  const bytes = readForLoader(fs, file, limits.maxDesignFileBytes, 'design files', diagnostics);
  if (!bytes) return undefined;
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    diagnostics.push(fileFinding(file, 'file-encoding', 'error', decoded.message, decoded.line, decoded.column));
    return undefined;
  }
  // The same text of the same kind parsed and validated cleanly before (the other commit of a diff).
  const cacheKey = `${kind}\u0000${decoded.text}`;
  const cached = options.parseCache?.get(cacheKey);
  if (cached !== undefined) {
    if (isFileStore(fs)) fs.keepText(file, decoded.text);
    return { kind, file, source: new SourceFile(file, decoded.text), data: cached as T, valid: true };
  }
  const loaded = loadYaml(file, decoded.text, { positions: options.positions ?? true });
  // The document keeps its source's text for the run: the store need not keep the bytes as well.
  if (isFileStore(fs)) fs.keepText(file, loaded.source.text);
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
}
