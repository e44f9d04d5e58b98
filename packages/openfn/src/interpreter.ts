import type { Project } from '@interop-design/core';
import type { Mapping, ValueMapFile } from '@interop-design/schema';
import { compileMapping } from '@interop-design/transform';
import type { Interpreter } from './verify.js';

/**
 * The preview interpreter (@interop-design/transform) as verify's reference. No lookup fixtures
 * are given: a lookup is the job writer's to implement, so its field is `unresolved` and left
 * out of the comparison, as the generated job leaves it as a TODO.
 */
export const transformInterpreter: Interpreter = (project: Project, mapping: Mapping) => {
  const valueMaps = new Map<string, ValueMapFile>();
  for (const d of project.valueMaps) if (d.valid && d.data) valueMaps.set(d.data.id, d.data);
  const compiled = compileMapping(mapping, { valueMaps });
  return { run: (record: unknown) => compiled.runAsync(record) };
};
