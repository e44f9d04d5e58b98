import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach } from 'vitest';
import { loadProjects, nodeFs } from '@interop-design/core';
import type { Project } from '@interop-design/core';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export type TreeEntry = string | Uint8Array | { symlink: string };

/**
 * A throwaway repository (it has a `.git` folder) holding the given files; removed after the test.
 * Keys are posix paths; `{ symlink: target }` makes a symbolic link.
 */
export function testdir(files: Record<string, TreeEntry>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'interop-design-'));
  made.push(root);
  mkdirSync(path.join(root, '.git'));
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, ...rel.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    if (typeof content === 'object' && 'symlink' in content) symlinkSync(content.symlink, file);
    else writeFileSync(file, content);
  }
  return root;
}

/** A small valid project: manifest, one story, one flow, one mapping, one value map and a sample. */
export function minimalProject(prefix = ''): Record<string, string> {
  const p = (f: string): string => `${prefix}${f}`;
  return {
    [p('interop-design.yaml')]: 'name: Test project\nsystems:\n  kobo: { type: kobo }\n  openfn: { type: openfn }\n  mssql: { type: mssql }\n',
    [p('stories.yaml')]: 'stories:\n  - id: S-1\n    asA: data manager\n    iWant: submissions in the database\n    soThat: dashboards are current\n    systems: [kobo, mssql]\n',
    [p('flows/submission.flow.yaml')]: [
      'id: submission',
      'stories: [S-1]',
      'trigger: { type: event, system: kobo, event: submission received }',
      'lanes:',
      '  - { id: kobo, kind: system }',
      '  - { id: openfn, kind: system }',
      'steps:',
      '  - { id: post, lane: kobo, actor: system, action: Posts the submission, next: [save] }',
      '  - id: save',
      '    lane: openfn',
      '    actor: system',
      '    action: Saves the row',
      '    mapping: kobo-row',
      '    next:',
      '      - { to: alert, on: failure }',
      '  - { id: alert, lane: openfn, actor: system, action: Emails the admin }',
      '',
    ].join('\n'),
    [p('mappings/kobo-row.mapping.yaml')]: [
      'id: kobo-row',
      'version: 1.0.0',
      'status: draft',
      'flows: [submission]',
      'source:',
      '  system: kobo',
      '  resource: submission',
      '  samples: [{ file: sampleData/submission.json }]',
      'destination: { system: mssql, resource: dbo.row, operation: upsert, key: { source: _id, destination: kobo_id } }',
      'fields:',
      '  - source: { path: _id, type: integer }',
      '    destination: { path: kobo_id, type: integer, required: true }',
      '  - source: { path: \'["wash/water_source"]\', type: choice }',
      '    destination: { path: water_source, type: string }',
      '    transform: { valueMap: water }',
      '',
    ].join('\n'),
    [p('valuemaps/water.valuemap.yaml')]: 'id: water\nentries:\n  - { from: piped, to: PIPED }\n',
    [p('sampleData/submission.json')]: '{"_id": 1, "wash/water_source": "piped"}\n',
  };
}

/** A text replacement in one file of a project: `[file, from, to]`; `from: ''` on a missing file creates it. */
export type Edit = [file: string, from: string, to: string];

/** `files` with text replacements applied; throws when a `from` is not found, so tests cannot drift. */
export function edited(edits: readonly Edit[], files: Record<string, TreeEntry>): Record<string, TreeEntry> {
  const out: Record<string, TreeEntry> = { ...files };
  for (const [file, from, to] of edits) {
    const text = out[file];
    if (typeof text !== 'string') {
      if (from !== '') throw new Error(`no file ${file}`);
      out[file] = to;
      continue;
    }
    if (!text.includes(from)) throw new Error(`${file} does not contain ${JSON.stringify(from)}`);
    out[file] = text.replace(from, to);
  }
  return out;
}

/** Writes `files` to a throwaway repository and loads the one design project in it. */
export function loadOne(files: Record<string, TreeEntry>): Project {
  const [project] = loadProjects(nodeFs(testdir(files))).projects;
  if (!project) throw new Error('no project');
  return project;
}

/** 1-based line and column of the first occurrence of `needle` (after `after`, if given) in a text. */
export function at(text: string, needle: string, after = ''): { line: number; column: number } {
  return span(text, needle, after).start;
}

/**
 * The range `needle` covers at its first occurrence (after `after`, if given): 1-based start,
 * and the end just past its last character, as diagnostics' ranges end.
 */
export function span(text: string, needle: string, after = ''): { start: { line: number; column: number }; end: { line: number; column: number } } {
  const from = after ? text.indexOf(after) : 0;
  if (from < 0) throw new Error(`${JSON.stringify(after)} not found`);
  const offset = text.indexOf(needle, from);
  if (offset < 0) throw new Error(`${JSON.stringify(needle)} not found`);
  const position = (o: number) => {
    const before = text.slice(0, o).split('\n');
    return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
  };
  return { start: position(offset), end: position(offset + needle.length) };
}
