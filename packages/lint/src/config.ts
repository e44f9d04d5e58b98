import type { Project, ResolvedConfig, RulesetName } from '@interop-design/core';
import { resolveConfigFor } from '@interop-design/core';
import type { LintConfig } from '@interop-design/schema';
import { rules } from './rules/index.js';

export type { ResolvedConfig } from '@interop-design/core';

/** The project's lint configuration with lint's rules (see `resolveConfigFor` in @interop-design/core). */
export function resolveConfig(project: Project, override?: RulesetName, external?: LintConfig): ResolvedConfig {
  return resolveConfigFor(rules, project, override, external);
}
