import { execFileSync } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fileStore, loadProjects, nodeFs } from '@interop-design/core';
import type { DesignFs } from '@interop-design/core';
import { lintProject } from '@interop-design/lint';
import { loadCatalogue } from '@interop-design/metadata';
import { countingFs, minimalProject, testdir } from '@interop-design/test-utils';
import { checkSamples } from '../src/index.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('one read per file per run', () => {
  it('lint and check-samples on the examples read each file once, through the run\'s file store', async () => {
    const spy = countingFs(repo);
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

/** Fails like a file the user may not read: EACCES from the file system, as node:fs throws it. */
function denied(file: string): Error {
  return Object.assign(new Error(`EACCES: permission denied, open '${file}'`), { code: 'EACCES' });
}

/** The working tree, with reads of some files and listings of some folders denied, and some files growing while read. */
function faultyFs(root: string, faults: { deny?: string[]; denyDirs?: string[]; grow?: string[] }): DesignFs {
  const fs = nodeFs(root);
  const deny = new Set(faults.deny ?? []);
  const denyDirs = new Set(faults.denyDirs ?? []);
  const grow = new Set(faults.grow ?? []);
  // A file that never stops growing: every read finds another chunk of records.
  function* growing(chunkSize: number): Iterable<Uint8Array> {
    const chunk = new TextEncoder().encode('{"_id": 1, "wash/water_source": "piped"}\n'.repeat(Math.ceil(chunkSize / 42)).slice(0, chunkSize));
    for (;;) yield chunk;
  }
  return {
    readDir(dir) {
      if (denyDirs.has(dir)) throw denied(dir);
      return fs.readDir(dir);
    },
    stat: (file) => fs.stat(file),
    readFile(file, maxBytes) {
      if (deny.has(file)) throw denied(file);
      if (grow.has(file)) {
        const parts: Uint8Array[] = [];
        let total = 0;
        for (const c of growing(1024 * 1024)) {
          parts.push(c);
          total += c.length;
          if (total > (maxBytes ?? Number.MAX_SAFE_INTEGER)) break;
        }
        return Buffer.concat(parts);
      }
      return fs.readFile(file, maxBytes);
    },
    readChunks(file, chunkSize) {
      if (deny.has(file)) throw denied(file);
      if (grow.has(file)) return growing(chunkSize);
      return fs.readChunks?.(file, chunkSize) ?? [fs.readFile(file)];
    },
  };
}

const S = 'sampleData/submission.json';
const MAP = 'mappings/kobo-row.mapping.yaml';

async function runAll(fs: DesignFs, sampleOptions: { maxSampleBytes?: number } = {}) {
  const { projects } = loadProjects(fs);
  const [project] = projects;
  if (!project) throw new Error('no project');
  await loadCatalogue(project);
  const lint = lintProject(project, { ruleset: 'strict' }).diagnostics;
  const samples = checkSamples(project, { ruleset: 'strict', ...sampleOptions }).diagnostics;
  const brief = (ds: typeof lint) => ds.map((d) => [d.ruleId, d.file, d.range.start.line, d.message]);
  return { lint: brief(lint), samples: brief(samples) };
}

describe('hardening: files that cannot be read', () => {
  it('P43: an unreadable file (EACCES, through the file store seam) is a finding with its path, in lint and check-samples, and the run goes on', async () => {
    const root = testdir({ ...minimalProject(), 'metadata/kobo/form.json': '{"content": {"survey": []}}' });
    const { lint, samples } = await runAll(faultyFs(root, { deny: [S, 'valuemaps/water.valuemap.yaml', 'metadata/kobo/form.json'] }));
    expect(lint).toContainEqual(['file-unreadable', S, 1, 'the file cannot be read (permission denied): it is not checked']);
    expect(lint).toContainEqual(['file-unreadable', 'valuemaps/water.valuemap.yaml', 1, 'the file cannot be read (permission denied): it is not checked']);
    expect(lint).toContainEqual(['file-unreadable', 'metadata/kobo/form.json', 1, 'the file cannot be read (permission denied): it is not checked']);
    // The mapping is still linted: its other findings are there, and the sample's reading is reported at the mapping.
    expect(lint.some(([, file]) => file === MAP)).toBe(true);
    expect(samples).toContainEqual(['sample-records', MAP, 8, `${S} cannot be read (EACCES): it is not checked`]);
    expect(samples).toContainEqual(['sample-records', S, 1, 'the file cannot be read (EACCES): it is not scanned for credentials or personal data']);
  });

  it('P44: an unreadable folder is reported, not skipped silently', async () => {
    const root = testdir({ ...minimalProject(), 'flows/more/other.flow.yaml': 'id: other\n' });
    const { lint } = await runAll(faultyFs(root, { denyDirs: ['flows/more'] }));
    expect(lint).toContainEqual(['file-unreadable', 'flows/more', 1, 'the folder cannot be read (permission denied): its files are not checked']);
  });

  it('P45: a sample that grows while it is read stops at the cap (lint 64 MiB, check-samples its --max-sample-bytes)', async () => {
    const root = testdir(minimalProject());
    // The sample's size on disk is small; every read of it finds more, without end.
    const { lint } = await runAll(faultyFs(root, { grow: [S] }));
    expect(lint).toContainEqual(['file-too-large', S, 1, 'the file grew past 64 MiB, the limit for samples that lint checks, while it was read: it is not checked']);
    const fs = faultyFs(root, { grow: [S] });
    const [project] = loadProjects(fs, [''], { scanSamples: false }).projects;
    if (!project) throw new Error('no project');
    const found = checkSamples(project, { ruleset: 'strict', maxSampleBytes: 4096 }).diagnostics.map((d) => [d.ruleId, d.file, d.message]);
    expect(found).toContainEqual(['sample-records', MAP, `${S} grew past the 0 MiB sample limit while it was read: it is not checked`]);
  }, 30_000);

  it('P46: a FIFO and a socket in the tree are never opened: each is a finding', async () => {
    const root = testdir(minimalProject());
    execFileSync('mkfifo', [path.join(root, 'sampleData', 'pipe.ndjson')]);
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(path.join(root, 'sampleData', 'socket.json'), resolve));
    try {
      const { lint } = await runAll(nodeFs(root));
      expect(lint.filter(([id]) => id === 'file-unreadable')).toEqual([
        ['file-unreadable', 'sampleData/pipe.ndjson', 1, 'the file cannot be read (not a regular file (a FIFO, socket or device is never read)): it is not checked'],
        ['file-unreadable', 'sampleData/socket.json', 1, 'the file cannot be read (not a regular file (a FIFO, socket or device is never read)): it is not checked'],
      ]);
    } finally {
      server.close();
    }
  }, 20_000);
});
