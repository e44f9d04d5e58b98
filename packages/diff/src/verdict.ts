import semver from 'semver';
import type { Change, Criticality } from './changes.js';

export type Bump = 'major' | 'minor' | 'patch' | 'none';

/** What the version did, as a verdict on the changes (README: Mapping versions). */
export type Verdict = 'ok' | 'not-bumped' | 'bump-too-small' | 'version-went-down' | 'no-changelog-entry' | 'bumped-without-change' | 'added' | 'removed' | 'invalid-version';

/** Verdicts that fail the run: the version does not say honestly what changed. */
export const failingVerdicts: ReadonlySet<Verdict> = new Set(['not-bumped', 'bump-too-small', 'version-went-down', 'no-changelog-entry', 'invalid-version']);

const rank: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };
const bumpFor: Record<Criticality, Bump> = { breaking: 'major', additive: 'minor', editorial: 'patch' };

/**
 * The bump the changes need. Below 1.0.0 a spec is in initial development: a breaking change
 * needs a minor bump and an addition a patch, as npm and changesets treat 0.x versions.
 */
export function requiredBump(changes: readonly Change[], baseVersion: string): Bump {
  let need: Bump = 'none';
  for (const c of changes) if (rank[bumpFor[c.criticality]] > rank[need]) need = bumpFor[c.criticality];
  if (semver.valid(baseVersion) && semver.major(baseVersion) === 0) need = need === 'major' ? 'minor' : need === 'minor' ? 'patch' : need;
  return need;
}

/** The bump from one version to another; `down` when it decreased. */
export function declaredBump(base: string, head: string): Bump | 'down' | 'invalid' {
  if (!semver.valid(base) || !semver.valid(head)) return 'invalid';
  const cmp = semver.compare(head, base);
  if (cmp === 0) return 'none';
  if (cmp < 0) return 'down';
  if (semver.major(head) !== semver.major(base)) return 'major';
  if (semver.minor(head) !== semver.minor(base)) return 'minor';
  return 'patch';
}

/** The verdict on a changed mapping. */
export function verdictFor(changes: readonly Change[], baseVersion: string, headVersion: string, headChangelog: readonly { version: string }[]): { verdict: Verdict; required: Bump; declared: Bump | 'down' | 'invalid' } {
  const required = requiredBump(changes, baseVersion);
  const declared = declaredBump(baseVersion, headVersion);
  const result = (verdict: Verdict) => ({ verdict, required, declared });
  if (declared === 'invalid') return result('invalid-version');
  if (declared === 'down') return result('version-went-down');
  if (declared === 'none') return result(required === 'none' ? 'ok' : 'not-bumped');
  if (required === 'none') return result('bumped-without-change');
  if (rank[declared] < rank[required]) return result('bump-too-small');
  if (!headChangelog.some((c) => c.version === headVersion)) return result('no-changelog-entry');
  return result('ok');
}
