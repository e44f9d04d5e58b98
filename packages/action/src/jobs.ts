import type { Project } from '@interop-design/core';
import { changedJobs, exportProject } from '@interop-design/openfn';
import type { JobChange } from '@interop-design/openfn';

/** Lines of one job's diff shown in the report. */
export const jobDiffLines = 40;

/**
 * The generated OpenFn jobs (`interop-design export openfn`) of the mappings in `ready` whose body
 * differs between the base and the head commit: what the jobs' authors must update. Jobs are
 * generated from the design files only (no sample record is read into a body). Empty without
 * ready mappings, so a design still in review pays nothing.
 */
export function jobChangesOf(base: Project | undefined, head: Project, ready: ReadonlySet<string>): JobChange[] {
  if (ready.size === 0) return [];
  return changedJobs(base ? exportProject(base) : undefined, exportProject(head), { maxLines: jobDiffLines }).filter((c) => c.mapping !== undefined && ready.has(c.mapping));
}
