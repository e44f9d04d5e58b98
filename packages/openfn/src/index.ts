export { adaptorFor, adaptorRef, adaptors, commonAdaptor } from './adaptors.js';
export type { AdaptorSpec, AdaptorWrite } from './adaptors.js';
export { bodyHash, exportProject, isUnchanged, readinessGaps, reconcile, withHeader } from './export.js';
export type { ExportGap, ExportResult, ExportedJob, Reconciled } from './export.js';
export { commentText, generateJob, pathLiteral } from './job.js';
export type { GeneratedJob, JobContext, JobNote } from './job.js';
export { jobKey, planFlow, specEdges, todoCondition } from './workflow.js';
export type { FlowPlan, SpecEdge, SpecTrigger } from './workflow.js';
