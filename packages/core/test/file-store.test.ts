import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileStore } from '../src/file-store.js';
import { nodeFs } from '../src/fs.js';
import { loadProjects } from '../src/project.js';
import { countingFs, minimalProject, testdir } from '@interop-design/test-utils';

const M = 'mappings/kobo-row.mapping.yaml';
const F = 'flows/submission.flow.yaml';
const V = 'valuemaps/water.valuemap.yaml';

describe('the file store keeps a parsed design file once', () => {
  it('after loading, a design file read again gives the bytes on disk (ASCII, non-ASCII, with a BOM), whole and in chunks, without reading the disk again', () => {
    const files = minimalProject();
    // Non-ASCII text (two-, three- and four-byte UTF-8) and a BOM, which the decoder drops.
    files[M] = (files[M] ?? '').replace('id: kobo-row', 'id: kobo-row\ndescription: "Données de l\'enquête – ménage 🏠"');
    files[F] = `\ufeff${files[F] ?? ''}`;
    const root = testdir(files);
    const spy = countingFs(root);
    const store = fileStore(spy);
    const { projects } = loadProjects(store);
    const [project] = projects;
    expect(project?.mappings.map((m) => [m.file, m.valid, m.data?.description])).toEqual([[M, true, "Données de l'enquête – ménage 🏠"]]);
    expect(project?.flows.map((f) => [f.file, f.valid])).toEqual([[F, true]]);
    for (const file of [M, F, V, 'interop-design.yaml']) {
      const disk = readFileSync(path.join(root, file));
      expect([file, Buffer.from(store.readFile(file)).equals(disk)]).toEqual([file, true]);
      const chunks = [...(store.readChunks?.(file, 7) ?? [])].map((c) => Buffer.from(c));
      expect([file, Buffer.concat(chunks).equals(disk), chunks.every((c) => c.length <= 7)]).toEqual([file, true, true]);
      expect([file, spy.reads.get(file)]).toEqual([file, 1]);
      // Not kept bytes: encoded again from the text the document holds, which is not held twice (with a BOM, the bytes are kept).
      expect([file, store.readFile(file) === store.readFile(file)]).toEqual([file, file === F]);
    }
    // A sample is not a parsed design file: its bytes are kept.
    const sample = 'sampleData/submission.json';
    expect(store.readFile(sample)).toBe(store.readFile(sample));
    expect(readFileSync(path.join(root, F))[0]).toBe(0xef);
  });

  it('refuses a read past its cap of a kept text, as of kept bytes', () => {
    const root = testdir(minimalProject());
    const store = fileStore(nodeFs(root));
    loadProjects(store);
    const size = readFileSync(path.join(root, M)).length;
    expect(store.readFile(M, size).length).toBe(size);
    expect(() => store.readFile(M, size - 1)).toThrow(/grew past/u);
  });

  it('ignores a text that is not the file\'s (different length): the bytes stay', () => {
    const root = testdir({ 'a.txt': 'héllo\n' });
    const store = fileStore(nodeFs(root));
    const bytes = store.readFile('a.txt');
    store.keepText('a.txt', 'hello\n');
    expect(Buffer.from(store.readFile('a.txt')).equals(Buffer.from(bytes))).toBe(true);
    // A file never read is not kept from a text either: it is read from disk.
    store.keepText('b.txt', 'x');
    expect(() => store.readFile('b.txt')).toThrow(/ENOENT/u);
  });
});
