import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach } from 'vitest';

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
