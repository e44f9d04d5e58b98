import { describe, expect, it } from 'vitest';
import { loadProjects, nodeFs } from '@interop-design/core';
import { testdir } from '../../core/test/testdir.js';
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
    expect(found.filter((d) => d.severity === 'error')).toEqual([]);
  }, 60_000);
});
