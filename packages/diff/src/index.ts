export { ChangeType, criticalityOf } from './changes.js';
export type { Change, Criticality } from './changes.js';
export { compareMappings, compareValueMaps, matchFields } from './compare.js';
export { diffProjects } from './diff.js';
export type { MappingDiff, ProjectDiff } from './diff.js';
export { verdictDiagnostic } from './finding.js';
export { declaredBump, failingVerdicts, requiredBump, verdictFor } from './verdict.js';
export type { Bump, Verdict } from './verdict.js';
