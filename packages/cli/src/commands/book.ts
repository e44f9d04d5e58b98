import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildBook } from '@interop-design/book';
import type { SystemMetadataSummary, TestRun } from '@interop-design/book';
import type { Project } from '@interop-design/core';
import { compileInProject, rulesetNames, runTests } from '@interop-design/lint';
import type { RulesetName } from '@interop-design/lint';
import { catalogueOf, loadCatalogue } from '@interop-design/metadata';
import { plural } from '@interop-design/report';
import type { Test } from '@interop-design/schema';
import { ExitCode, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { cliVersion, loadForCommand } from './lint.js';

/** What each system's exported metadata describes: its resources and how many fields each has. */
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
 * Runs every mapping's inline tests (JSONata included) ahead of the synchronous book: the record
 * each produces and whether the test passes. Tests that read a sample file are never run here.
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

/** `interop-design book [paths..] --out <dir>`: the design book, a static site that works offline. */
export async function bookCommand(io: CliIo, paths: readonly string[], options: { out: string; ruleset?: string }): Promise<number> {
  if (options.ruleset !== undefined && !(rulesetNames as readonly string[]).includes(options.ruleset)) throw new UsageError(`unknown --ruleset "${options.ruleset}": use one of ${rulesetNames.join(', ')}`);
  const { result } = loadForCommand(io, paths);
  // Metadata workbooks are read asynchronously; lint and the overview then share the catalogue.
  for (const p of result.projects) await loadCatalogue(p);
  const runs = await inlineTestRuns(result.projects);
  const files = buildBook(result.projects, {
    generator: `interop-design ${cliVersion}`,
    ...(options.ruleset ? { ruleset: options.ruleset as RulesetName } : {}),
    systemMetadata: metadataSummary,
    runTest: (_project, _mapping, test) => runs.get(test),
  });
  const out = path.resolve(io.cwd, options.out);
  for (const file of files) {
    const target = path.join(out, ...file.path.split('/'));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
  io.stdout(`Wrote the design book of ${plural(result.projects.length, 'project')} to ${path.relative(io.cwd, out) || '.'}: open ${path.join(path.relative(io.cwd, out), 'index.html')}\n`);
  return ExitCode.ok;
}
