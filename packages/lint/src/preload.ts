import type { Project } from '@interop-design/core';
import { preloadTransforms } from '@interop-design/transform';
import { preloadCron } from './rules/requirements-schedule.js';

/**
 * Loads, ahead of {@link lintProject}, the libraries only some projects need: those of the
 * mappings' transforms (JSONata, phone numbers: the rules run the mappings' tests) and cron-parser
 * when a requirements or flow file writes a `schedule`. Most projects need none of them, and a run
 * then neither reads nor holds them. The commands, the book and the Action await it; a run
 * without it falls back to `require` (which a bundle cannot do).
 */
export async function preloadLint(project: Project): Promise<void> {
  const schedules = [project.requirements, ...project.flows].some((d) => d?.source.text.includes('schedule'));
  await Promise.all([preloadTransforms(project), schedules ? preloadCron() : undefined]);
}
