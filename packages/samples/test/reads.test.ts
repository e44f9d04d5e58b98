import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fileStore, loadProjects, nodeFs } from '@interop-design/core';
import type { DesignFs } from '@interop-design/core';
import { lintProject } from '@interop-design/lint';
import { loadCatalogue } from '@interop-design/metadata';
import { checkSamples } from '../src/index.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The working tree, counting every read (whole or streamed) and every stat, per path. */
function spyFs(root: string): DesignFs & { reads: Map<string, number>; stats: Map<string, number> } {
  const fs = nodeFs(root);
  const reads = new Map<string, number>();
  const stats = new Map<string, number>();
  const count = (map: Map<string, number>, file: string): void => {
    map.set(file, (map.get(file) ?? 0) + 1);
  };
  return {
    reads,
    stats,
    readDir: (dir) => fs.readDir(dir),
    stat(file) {
      count(stats, file);
      return fs.stat(file);
    },
    readFile(file, maxBytes) {
      count(reads, file);
      return fs.readFile(file, maxBytes);
    },
    readChunks(file, chunkSize) {
      count(reads, file);
      return fs.readChunks?.(file, chunkSize) ?? [fs.readFile(file)];
    },
  };
}

describe('one read per file per run', () => {
  it('lint and check-samples on the examples read each file once, through the run\'s file store', async () => {
    const spy = spyFs(repo);
    const { projects } = loadProjects(fileStore(spy), ['examples']);
    expect(projects.map((p) => p.dir)).toEqual(['examples/commcare-salesforce', 'examples/dhis2-godata', 'examples/kobo-mssql']);
    for (const p of projects) {
      await loadCatalogue(p);
      lintProject(p, { ruleset: 'ready' });
      checkSamples(p, { ruleset: 'ready' });
    }
    // Something was checked: every design, metadata and sample file was read.
    const files = projects.flatMap((p) => [...p.documents().map((d) => d.file), ...p.metadata.map((m) => m.file), ...p.samples.map((s) => s.file)]);
    expect(files.length).toBeGreaterThan(30);
    for (const file of files) expect([file, spy.reads.get(file)]).toEqual([file, 1]);
    expect([...spy.reads].filter(([, n]) => n !== 1)).toEqual([]);
    expect([...spy.stats].filter(([, n]) => n !== 1)).toEqual([]);
  });
});
