import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProjects, nodeFs } from '@interop-design/core';
import type { Diagnostic, Project } from '@interop-design/core';
import { diffProjects, verdictDiagnostic } from '@interop-design/diff';
import { lintProject, readiness } from '@interop-design/lint';
import { checkSamples } from '@interop-design/samples';
import { repoRoot } from '@interop-design/test-utils/action';

// Lint used to free the position data of the shared Project, so whatever ran after it paid for a
// second parse and the Action had to call lint last. Positions are compact now and kept: any order
// gives the same findings, at the same lines and columns, and no file is parsed again.

const examples = ['kobo-mssql', 'commcare-salesforce', 'dhis2-godata'];

function load(example: string): Project {
  const project = loadProjects(nodeFs(repoRoot), [path.posix.join('examples', example)]).projects[0];
  if (!project) throw new Error(`no project in examples/${example}`);
  return project;
}

/** A base commit in which the first mapping has one field fewer: the head's mapping then needs a version bump. */
function base(example: string): Project {
  const project = load(example);
  const first = project.mappings.find((d) => d.valid)?.data;
  first?.fields.pop();
  return project;
}

interface Run {
  lint: Diagnostic[];
  samples: Diagnostic[];
  diff: Diagnostic[];
  readiness: unknown;
}

function others(project: Project, example: string): Omit<Run, 'lint'> {
  const samples = checkSamples(project).diagnostics;
  const diff = diffProjects(base(example), project).mappings.flatMap((m) => verdictDiagnostic(project, m) ?? []);
  return { samples, diff, readiness: readiness(project, samples) };
}

function allSources(project: Project) {
  return [project.manifest, ...project.stories, ...project.flows, ...project.mappings, ...project.valueMaps].map((d) => d.source);
}

describe('lint keeps the positions of the shared Project', () => {
  for (const example of examples) {
    it(`${example}: lint first or last gives the same findings with the same positions`, () => {
      const lintFirst = load(example);
      const lint1 = lintProject(lintFirst).diagnostics;
      // Nothing was freed: every file still has the positions it was loaded with.
      expect(allSources(lintFirst).every((s) => s.hasPositions)).toBe(true);
      const after = others(lintFirst, example);

      const lintLast = load(example);
      const before = others(lintLast, example);
      const lint2 = lintProject(lintLast).diagnostics;

      expect(lint1.length).toBeGreaterThan(0);
      expect(after.diff.length).toBeGreaterThan(0);
      expect(after.diff[0]?.range.start.line).toBeGreaterThan(1);
      expect(lint1).toEqual(lint2);
      expect(after).toEqual(before);
    });
  }
});
