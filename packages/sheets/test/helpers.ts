import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProjects, nodeFs } from '@interop-design/core';
import type { Project } from '@interop-design/core';
import type { ExportInput } from '../src/index.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const exampleNames = ['commcare-salesforce', 'dhis2-godata', 'kobo-mssql'] as const;

export function loadExample(name: string): Project {
  const { projects } = loadProjects(nodeFs(repoRoot), [`examples/${name}`], { scanSamples: false });
  const p = projects[0];
  if (!p) throw new Error(`no project at examples/${name}`);
  return p;
}

export function exportInput(p: Project): ExportInput {
  const manifest = p.manifest.data;
  if (!manifest) throw new Error('no manifest');
  return {
    manifest,
    mappings: p.mappings.flatMap((d) => (d.data ? [d.data] : [])),
    valueMaps: p.valueMaps.flatMap((d) => (d.data ? [d.data] : [])),
  };
}

/** A mapping as plain data (undefined dropped), for comparison. */
export function asData(m: unknown): unknown {
  return JSON.parse(JSON.stringify(m)) as unknown;
}
