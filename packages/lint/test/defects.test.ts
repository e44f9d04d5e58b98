import { cpSync, readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProjects, nodeFs } from '@interop-design/core';
import { testdir } from '../../core/test/testdir.js';
import { lintProject } from '../src/engine.js';
import { rules } from '../src/rules/index.js';

const fixtures = path.join(import.meta.dirname, '__fixtures__');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(path.join(dir, n)).isDirectory() ? walk(path.join(dir, n)) : [path.join(dir, n)]));
}

function lintFixture(name: string) {
  const root = testdir({});
  cpSync(path.join(fixtures, name), path.join(root, name), { recursive: true });
  const [project] = loadProjects(nodeFs(root)).projects;
  if (!project) throw new Error('no project');
  return lintProject(project).diagnostics.map((d) => `${d.ruleId} ${d.file.slice(name.length + 1)}:${d.range.start.line}`);
}

/** `# expect: rule-a, rule-b` markers: the findings each line should get. */
function expectedFindings(name: string): string[] {
  const out: string[] = [];
  for (const file of walk(path.join(fixtures, name))) {
    const rel = path.relative(path.join(fixtures, name), file).split(path.sep).join('/');
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const m = /# expect: (.+)$/u.exec(line);
        for (const id of m?.[1]?.split(',') ?? []) out.push(`${id.trim()} ${rel}:${i + 1}`);
      });
  }
  return out.sort();
}

describe('a design with one defect per rule', () => {
  it('gets one finding per defect, at the defect\'s line', () => {
    const expected = expectedFindings('defects');
    expect(lintFixture('defects').sort()).toEqual(expected);
  });

  it('exercises every rule', () => {
    const covered = new Set(expectedFindings('defects').map((e) => e.split(' ')[0]));
    expect([...covered].sort()).toEqual(Object.keys(rules).sort());
  });

  it('has a corrected twin with no findings at all', () => {
    expect(lintFixture('corrected')).toEqual([]);
  });
});
