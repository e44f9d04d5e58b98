import { describe, expect, it } from 'vitest';
import type { DesignFs } from '../src/fs.js';
import { nodeFs } from '../src/fs.js';
import { loadProjects } from '../src/project.js';
import { minimalProject, testdir } from '@interop-design/test-utils';
import type { TreeEntry } from '@interop-design/test-utils';

/** The working tree, recording every file read. */
function spyFs(root: string): DesignFs & { reads: string[] } {
  const fs = nodeFs(root);
  const reads: string[] = [];
  return { ...fs, reads, readFile: (f) => (reads.push(f), fs.readFile(f)) };
}

function lint(files: Record<string, TreeEntry>, paths?: string[]) {
  const root = testdir(files);
  const fs = spyFs(root);
  const result = loadProjects(fs, paths);
  const diagnostics = [...result.diagnostics, ...result.projects.flatMap((p) => p.diagnostics)];
  return { root, fs, result, diagnostics, found: diagnostics.map((d) => [d.ruleId, d.file, d.range.start.line, d.range.start.column, d.path]) };
}

/** The minimal project with one line of one file replaced. */
function withLine(file: string, line: number, text: string): Record<string, string> {
  const files = minimalProject();
  const lines = (files[file] ?? '').split('\n');
  lines[line - 1] = text;
  files[file] = lines.join('\n');
  return files;
}

const M = 'mappings/kobo-row.mapping.yaml';
const F = 'flows/submission.flow.yaml';

describe('loadProjects', () => {
  it('loads a valid project without findings, each file once', () => {
    const { found, result, fs } = lint(minimalProject());
    expect(found).toEqual([]);
    const [project] = result.projects;
    expect(project?.mappings.map((m) => m.file)).toEqual([M]);
    expect([...(project?.index.mappings.keys() ?? [])]).toEqual(['kobo-row']);
    expect(new Set(fs.reads).size).toBe(fs.reads.length);
  });

  it.each([
    ['unknown system', M, 6, '  system: kobotoolbox', ['reference-system', M, 6, 11, '/source/system']],
    ['unknown trigger system', F, 3, 'trigger: { type: event, system: kobo2, event: submission received }', ['reference-system', F, 3, 33, '/trigger/system']],
    ['unknown story', F, 2, 'stories: [S-2]', ['reference-story', F, 2, 11, '/stories/0']],
    ['unknown flow', M, 4, 'flows: [submissions]', ['reference-flow', M, 4, 9, '/flows/0']],
    ['unknown mapping', F, 13, '    mapping: kobo-rows', ['reference-mapping', F, 13, 14, '/steps/1/mapping']],
    ['unknown value map', M, 15, '    transform: { valueMap: waters }', ['reference-valuemap', M, 15, 28, '/fields/1/transform/valueMap']],
    ['unknown lane', F, 10, '    lane: open-fn', ['reference-lane', F, 10, 11, '/steps/1/lane']],
    ['unknown step', F, 15, '      - { to: alarm, on: failure }', ['reference-step', F, 15, 15, '/steps/1/next/0/to']],
    ['missing sample file', M, 8, '  samples: [{ file: sampleData/nope.json }]', ['reference-file', M, 8, 21, '/source/samples/0/file']],
    ['bad field path', M, 13, '  - source: { path: \'["wash/water_source"].\', type: choice }', ['field-path-syntax', M, 13, 43, '/fields/1/source/path']],
    ['bad records path', M, 8, '  samples: [{ file: sampleData/submission.json, records: "data..rows" }]', ['field-path-syntax', M, 8, 64, '/source/samples/0/records']],
    ['wrong type', M, 2, 'version: 1', ['schema', M, 2, 10, '/version']],
    ['missing key in a mapping', M, 9, 'destination: { system: mssql, operation: upsert }', ['schema', M, 9, 1, '/destination']],
    ['missing key at the root', M, 3, '', ['schema', M, 1, 1, '']],
  ])('reports %s at the line that names it', (_name, file, line, text, expected) => {
    expect(lint(withLine(file, line, text)).found).toEqual([expected]);
  });

  it('reports a YAML syntax error at its position and checks the other files', () => {
    const { found } = lint({ ...withLine(M, 11, '  - source: { path: _id, type: integer'), 'mappings/other.mapping.yaml': 'id: other\nversion: 1.0.0\nstatus: draft\nsource: { system: kobo, resource: r }\ndestination: { system: nowhere, resource: r }\nfields: []\n' });
    expect(found).toEqual([
      // The unclosed { is noticed where the next key starts.
      ['yaml-syntax', M, 12, 5, undefined],
      ['reference-system', 'mappings/other.mapping.yaml', 5, 24, '/destination/system'],
    ]);
  });

  it('reports duplicate ids at the second declaration', () => {
    const files = minimalProject();
    files['mappings/copy.mapping.yaml'] = files[M] ?? '';
    expect(lint(files).found).toEqual([['duplicate-id', 'mappings/kobo-row.mapping.yaml', 1, 5, '/id']]);
  });

  it('O5: refuses paths that leave the repository, without reading them', () => {
    for (const ref of ['../../etc/passwd', '/etc/passwd', '../../../../../../etc/passwd']) {
      const { found, fs } = lint(withLine(M, 8, `  samples: [{ file: "${ref}" }]`));
      expect(found).toEqual([['path-escapes-repository', M, 8, 21, '/source/samples/0/file']]);
      expect(fs.reads.filter((f) => f.includes('passwd'))).toEqual([]);
    }
    const { found } = lint({ ...minimalProject(), 'interop-design.yaml': 'name: x\nsystems:\n  kobo: { type: kobo, metadata: ../../../etc/passwd }\n  openfn: { type: openfn }\n  mssql: { type: mssql }\n' });
    expect(found).toEqual([['path-escapes-repository', 'interop-design.yaml', 3, 33, '/systems/kobo/metadata']]);
  });

  it('O5: a test\'s given file and a lookup fixture are references like samples', () => {
    const base = minimalProject()[M] ?? '';
    const files = { ...minimalProject(), [M]: `${base.trimEnd()}\ntests:\n  - name: t\n    given: { file: ../../etc/passwd }\n    expect: { a: 1 }\n  - name: u\n    given: { file: sampleData/none.json }\n    expect: { a: 1 }\n` };
    const { found, fs } = lint(files);
    const text = files[M];
    const line = (needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
    expect(found).toEqual([
      ['path-escapes-repository', M, line('../../etc/passwd'), 20, '/tests/0/given/file'],
      ['reference-file', M, line('sampleData/none.json'), 20, '/tests/1/given/file'],
    ]);
    expect(fs.reads.filter((f) => f.includes('passwd'))).toEqual([]);
  });

  it('O4: does not follow symlinks in the design tree', () => {
    const { found, fs } = lint({
      ...minimalProject(),
      '.git/config': '[remote "origin"]\n  url = https://token@example.invalid/x.git\n',
      'mappings/stolen.mapping.yaml': { symlink: '../.git/config' },
      'sampleData/outside.json': { symlink: '/etc/hostname' },
    });
    expect(found).toEqual([
      ['file-symlink', 'mappings/stolen.mapping.yaml', 1, 1, undefined],
      ['file-symlink', 'sampleData/outside.json', 1, 1, undefined],
    ]);
    expect(fs.reads.some((f) => f.includes('stolen') || f.includes('outside') || f.includes('.git'))).toBe(false);
  });

  it('O4: reports a symlinked reference instead of reading it', () => {
    const { found, fs } = lint({ ...withLine(M, 8, '  samples: [{ file: sampleData/link.json }]'), 'sampleData/link.json': { symlink: '../.git/config' }, '.git/config': 'secret' });
    expect(found).toContainEqual(['file-symlink', M, 8, 21, '/source/samples/0/file']);
    expect(fs.reads.some((f) => f.includes('link.json') || f.includes('.git'))).toBe(false);
  });

  it('P9: accepts a UTF-8 BOM and refuses UTF-16 and NUL bytes with a position', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(minimalProject()[M] ?? '')]);
    const utf16 = new Uint8Array([0xff, 0xfe, ...Array.from(new TextEncoder().encode('id: x\n')).flatMap((b) => [b, 0])]);
    const nul = new TextEncoder().encode('id: v\nentries:\n  - { from: a\u0000, to: b }\n');
    const { found } = lint({ ...minimalProject(), [M]: bom, 'valuemaps/utf16.valuemap.yaml': utf16, 'valuemaps/nul.valuemap.yaml': nul });
    expect(found).toEqual([
      ['file-encoding', 'valuemaps/nul.valuemap.yaml', 3, 14, undefined],
      ['file-encoding', 'valuemaps/utf16.valuemap.yaml', 1, 1, undefined],
    ]);
  });

  it('P14: empty files, comment-only files and lists get a schema finding', () => {
    const { found } = lint({ ...minimalProject(), 'valuemaps/empty.valuemap.yaml': '', 'valuemaps/comments.valuemap.yaml': '# to do\n', 'valuemaps/list.valuemap.yaml': '- from: a\n  to: b\n' });
    expect(found.sort()).toEqual([
      ['schema', 'valuemaps/comments.valuemap.yaml', 1, 1, ''],
      ['schema', 'valuemaps/empty.valuemap.yaml', 1, 1, ''],
      ['schema', 'valuemaps/list.valuemap.yaml', 1, 1, ''],
    ]);
  });

  it('P5: __proto__, constructor and prototype keys pollute nothing through the whole load', () => {
    const { found } = lint({
      ...minimalProject(),
      'valuemaps/proto.valuemap.yaml': 'id: proto\n__proto__: { polluted: yes }\nentries:\n  - { from: a, to: b, constructor: { prototype: { polluted: yes } } }\n',
      'sampleData/proto.json': '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}',
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(found).toEqual([
      ['schema', 'valuemaps/proto.valuemap.yaml', 2, 1, '/__proto__'],
      ['schema', 'valuemaps/proto.valuemap.yaml', 4, 23, '/entries/0/constructor'],
    ]);
  });

  it('checks sample syntax, depth and duplicate keys at their positions', () => {
    const { found } = lint({
      ...minimalProject(),
      'sampleData/dup.json': '{\n  "id": 1,\n  "id": 2\n}\n',
      'sampleData/deep.json': '['.repeat(100_000),
      'sampleData/lines.ndjson': '{"a":1}\n{"a":2,}\n',
      'sampleData/no extension': '[{"ok": true}]',
      'sampleData/README.md': '# notes',
    });
    expect(found).toEqual([
      ['sample-depth-limit', 'sampleData/deep.json', 1, 257, undefined],
      ['sample-duplicate-key', 'sampleData/dup.json', 3, 3, undefined], // no pointer into the sample: keys are data
      // A trailing comma is reported at the comma.
      ['sample-syntax', 'sampleData/lines.ndjson', 2, 7, undefined],
    ]);
  });

  it('O21: a sample key never reaches a finding\'s pointer, message or fingerprint', () => {
    const phone = (n: string) => `{\n  "contacts": {\n    "+2547000000${n}": 1,\n    "+2547000000${n}": 2,\n    "x": 12345678901234567890\n  }\n}\n`;
    const a = lint({ ...minimalProject(), 'sampleData/dup.json': phone('01') });
    const b = lint({ ...minimalProject(), 'sampleData/dup.json': phone('02') });
    const sample = (r: typeof a) => r.diagnostics.filter((d) => d.file === 'sampleData/dup.json');
    expect(sample(a).map((d) => [d.ruleId, d.range.start.line, d.path])).toEqual([['sample-duplicate-key', 4, undefined], ['sample-unsafe-integer', 5, undefined]]);
    for (const d of sample(a)) expect(JSON.stringify(d)).not.toContain('2547');
    // The fingerprint hashes the rule, the file and an ordinal: the same whatever the key.
    expect(sample(a).map((d) => d.fingerprint)).toEqual(sample(b).map((d) => d.fingerprint));
  });

  it('skips files matched by lint.ignore', () => {
    const { found } = lint({
      ...minimalProject(),
      'interop-design.yaml': `${minimalProject()['interop-design.yaml'] ?? ''}lint:\n  ignore: ["drafts/**"]\n`,
      'drafts/broken.mapping.yaml': 'id: [',
    });
    expect(found).toEqual([]);
  });

  it('finds nested and sibling projects once each, from any path inside them', () => {
    const files = { ...minimalProject('a/'), ...minimalProject('a/inner/'), ...minimalProject('b/') };
    expect(lint(files).result.projects.map((p) => [p.dir, p.mappings.length])).toEqual([
      ['a', 1],
      ['a/inner', 1],
      ['b', 1],
    ]);
    expect(lint(files, ['a/inner/mappings/kobo-row.mapping.yaml']).result.projects.map((p) => p.dir)).toEqual(['a/inner']);
    expect(lint(files, ['b/flows']).result.projects.map((p) => p.dir)).toEqual(['b']);
    const none = lint(files, ['missing', 'a']);
    expect(none.result.missing).toEqual(['missing']);
  });
});
