import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProjects, nodeFs } from '@interop-design/core';
import { testdir } from '@interop-design/test-utils';
import { lintProject } from '../src/engine.js';
import { edited } from './helpers.js';

function lint(files: ReturnType<typeof edited>) {
  const [project] = loadProjects(nodeFs(testdir(files))).projects;
  if (!project) throw new Error('no project');
  return lintProject(project, { ruleset: 'strict' }).diagnostics;
}

describe('hardening: lint', () => {
  it('P17: lints a 1,000,000-record NDJSON sample without a stack overflow (no spread of unbounded arrays)', () => {
    const lines: string[] = [];
    for (let i = 0; i < 1_000_000; i++) lines.push(i === 999_999 ? `{"_id":${i},"wash/water_source":"well","first":"A","last":"B"}` : `{"_id":${i}}`);
    const files = edited([
      ['mappings/kobo-row.mapping.yaml', 'samples: [{ file: sampleData/submission.json, records: body }]', 'samples: [{ file: sampleData/all.ndjson }]'],
      ['requirements.yaml', 'sampleData: [sampleData/submission.json]', 'sampleData: [sampleData/all.ndjson]'],
      ['sampleData/submission.json', '{"body"', '{"unused"'],
      ['sampleData/all.ndjson', '', lines.join('\n') + '\n'],
    ]);
    const found = lint(files);
    // Every path is in the last record: nothing is unresolved, and nothing crashed.
    expect(found.filter((d) => d.ruleId === 'mapping-sample-paths')).toEqual([]);
    // (The base project's mapping test reads the sample this case empties: its failure is expected.)
    expect(found.filter((d) => d.severity === 'error' && d.ruleId !== 'mapping-test')).toEqual([]);
  }, 60_000);

  it('P19: a 40,000-entry value map is checked in linear time (the duplicate check was quadratic: 28-60 s)', () => {
    const entries = Array.from({ length: 40_000 }, (_, i) => `{from: ${i === 39_999 ? 7 : i}, to: WELL},`);
    const files = edited([['valuemaps/water.valuemap.yaml', '  - { from: well, to: WELL }\n', `  - { from: well, to: WELL }\n${entries.map((e) => `  - ${e.slice(0, -1)}`).join('\n')}\n`]]);
    const found = lint(files).filter((d) => d.ruleId === 'valuemap-duplicate-from');
    expect(found.map((d) => [d.file, d.range.start.line, d.message])).toEqual([['valuemaps/water.valuemap.yaml', 40_006, '"7" is already mapped by entry 10: remove one of the two']]);
  }, 25_000);

  it('P20: a FIFO named as a sample is not opened: lint finishes with a finding', () => {
    const files = edited([['mappings/kobo-row.mapping.yaml', 'samples: [{ file: sampleData/submission.json, records: body }]', 'samples: [{ file: sampleData/submission.json, records: body }, { file: sampleData/pipe.json }]']]);
    const root = testdir(files);
    execFileSync('mkfifo', [path.join(root, 'sampleData', 'pipe.json')]);
    const [project] = loadProjects(nodeFs(root)).projects;
    if (!project) throw new Error('no project');
    const found = lintProject(project, { ruleset: 'strict' }).diagnostics;
    expect(found.filter((d) => d.ruleId === 'reference-file').map((d) => [d.file, d.message])).toEqual([['mappings/kobo-row.mapping.yaml', 'sampleData/pipe.json is not a file']]);
  }, 20_000);
});
