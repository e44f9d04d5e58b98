import type { Project } from '@interop-design/core';
import { compileInProject, preloadLint, runTests } from '@interop-design/lint';
import { catalogueOf, loadCatalogue } from '@interop-design/metadata';
import type { Test } from '@interop-design/schema';
import type { BookHooks, SystemMetadataSummary, TestRun } from './page.js';

/** What a system's exported metadata describes: its resources and how many fields each has. */
function metadataSummary(project: Project, systemId: string): SystemMetadataSummary | undefined {
  const system = catalogueOf(project).systems.get(systemId);
  if (!system?.resources.length) return undefined;
  return {
    resources: system.resources.map((r) => {
      const fields = [...r.fields.values()];
      return { id: r.id, ...(r.name !== undefined ? { name: r.name } : {}), fields: fields.length, required: fields.filter((f) => f.required).length };
    }),
  };
}

/**
 * Runs every mapping's inline tests (JSONata included, under its budget) ahead of the synchronous
 * book: the record each produces and whether it passes. Tests that read a sample file are never
 * shown, so their records are not kept.
 */
async function inlineTestRuns(projects: readonly Project[]): Promise<Map<Test, TestRun>> {
  const runs = new Map<Test, TestRun>();
  for (const project of projects) {
    for (const doc of project.mappings) {
      const mapping = doc.data;
      if (!doc.valid || !mapping?.tests?.some((t) => !('file' in t.given))) continue;
      const outcomes = await runTests(project, mapping);
      const compiled = compileInProject(project, mapping);
      for (const [i, test] of (mapping.tests ?? []).entries()) {
        if ('file' in test.given) continue;
        try {
          const result = await compiled.runAsync(test.given.record);
          const outcome = outcomes.find((o) => o.index === i);
          runs.set(test, { record: result.record, ...(outcome ? { passed: outcome.passed } : {}) });
        } catch (error) {
          runs.set(test, { error: error instanceof Error ? error.message : String(error) });
        }
      }
    }
  }
  return runs;
}

/**
 * The hooks `buildBook` needs for the overview and the mapping tests, as the CLI and the Action
 * give them: reads each project's metadata catalogue (workbooks are read asynchronously; lint
 * then shares it) and runs the inline tests.
 */
export async function bookHooks(projects: readonly Project[]): Promise<Required<BookHooks>> {
  for (const p of projects) {
    await loadCatalogue(p);
    await preloadLint(p);
  }
  const runs = await inlineTestRuns(projects);
  return { systemMetadata: metadataSummary, runTest: (_project, _mapping, test) => runs.get(test) };
}
