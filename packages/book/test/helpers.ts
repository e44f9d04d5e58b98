import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadProjects, nodeFs } from '@interop-design/core';
import type { Project } from '@interop-design/core';
import { buildBook } from '../src/index.js';
import type { BookFile, BookOptions } from '../src/index.js';

export const repo = path.resolve(import.meta.dirname, '../../..');
export const examples = ['commcare-salesforce', 'dhis2-godata', 'kobo-mssql'];
export const hostileDir = path.join(import.meta.dirname, '__fixtures__', 'hostile');

/** The examples and the hostile fixture, loaded as the CLI loads them. */
export function loadAll(): Project[] {
  const fromRepo = loadProjects(nodeFs(repo), examples.map((e) => `examples/${e}`)).projects;
  const hostile = loadProjects(nodeFs(hostileDir), ['']).projects.map((p) => ({ ...p, dir: 'hostile' }));
  return [...fromRepo, ...hostile];
}

/** Writes the book to a fresh temporary folder and returns it with the files. */
export function writeBook(projects: readonly Project[], options: BookOptions = {}): { out: string; files: BookFile[] } {
  const out = mkdtempSync(path.join(tmpdir(), 'interop-design-book-'));
  const files = buildBook(projects, options);
  for (const f of files) {
    const target = path.join(out, ...f.path.split('/'));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, f.content);
  }
  return { out, files };
}

/** Every string leaf of a JSON value. */
export function leaves(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number') out.push(String(value));
  else if (Array.isArray(value)) for (const v of value) leaves(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) leaves(v, out);
  return out;
}

/** Every file below a folder, as absolute paths. */
export function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

export const text = (file: string): string => readFileSync(file, 'utf8');
