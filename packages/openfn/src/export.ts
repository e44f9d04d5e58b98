import { createHash } from 'node:crypto';
import type { Project } from '@interop-design/core';
import { readiness } from '@interop-design/lint';
import type { Flow, Requirements } from '@interop-design/schema';
import { parse, stringify } from 'yaml';
import type { GeneratedJob, JobNote } from './job.js';
import { generateJob } from './job.js';
import type { SpecEdge, SpecTrigger } from './workflow.js';
import { jobKey, mappingOf, planFlow, specEdges } from './workflow.js';

/** A readiness gap of a mapping, located in the design. */
export interface ExportGap {
  mapping: string;
  message: string;
  file: string;
  line: number;
  column: number;
}

export interface ExportedJob {
  workflow: string;
  job: string;
  step: string;
  mapping?: string;
  /** The mapping's file (repository-relative), when the job applies one. */
  mappingFile?: string;
  generated: GeneratedJob;
  /** The body written to project.yaml: the marker header and the generated body. */
  body: string;
}

export interface ExportResult {
  /** The project's OpenFn project.yaml text. */
  yaml: string;
  /** Workflow keys, one per flow. */
  workflows: string[];
  jobs: ExportedJob[];
  /** Mappings that are not ready, and why (empty when every mapping is ready). */
  gaps: ExportGap[];
  /** What the job writer must still do, per job. */
  notes: { workflow: string; job: string; note: JobNote }[];
  /** Flow-level remarks (no trigger, ...). */
  flowNotes: { workflow: string; message: string }[];
  /** Mappings that no flow step applies: no job is generated for them. */
  unused: string[];
}

const marker = '// interop-design: generated job';

/** The hash of a generated body (the text after the header), as the header records it. */
export function bodyHash(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex').slice(0, 16);
}

/** The header that marks a job body as generated; `interop-design export openfn` checks it. */
export function withHeader(body: string): string {
  return `${marker} sha256:${bodyHash(body)} (a manual change is reported by the next export, not overwritten)\n${body}`;
}

/** Whether a body from project.yaml is still exactly what the export generated (its header's hash matches). */
export function isUnchanged(body: string): boolean {
  const nl = body.indexOf('\n');
  const first = nl < 0 ? body : body.slice(0, nl);
  const m = /^\/\/ interop-design: generated job sha256:([0-9a-f]{16}) /u.exec(first);
  return m !== null && m[1] === bodyHash(body.slice(nl + 1));
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/gu, '-').replace(/^-|-$/gu, '') || 'project';
}

/** Mappings not ready for job-writing, with every gap the readiness checklist lists. */
export function readinessGaps(project: Project): ExportGap[] {
  const out: ExportGap[] = [];
  for (const m of readiness(project).mappings) {
    if (m.status !== 'ready') {
      const doc = project.index.mappings.get(m.id)?.doc;
      const range = doc ? doc.source.locate('/status') : { start: { line: 1, column: 1 } };
      out.push({ mapping: m.id, message: `status is ${m.status}, not ready`, file: m.file, line: range.start.line, column: range.start.column });
    }
    for (const item of m.items) for (const g of item.gaps) out.push({ mapping: m.id, message: `${item.label}: ${g.message}`, file: g.file, line: g.range.start.line, column: g.range.start.column });
  }
  for (const doc of project.mappings) {
    if (!doc.valid) out.push({ mapping: doc.file, message: 'the mapping does not match its schema (run interop-design lint)', file: doc.file, line: 1, column: 1 });
  }
  return out;
}

function scheduleOf(project: Project): string | undefined {
  const r: Requirements | undefined = project.requirements?.valid ? project.requirements.data : undefined;
  return typeof r?.schedule === 'string' && r.schedule !== 'unknown' ? r.schedule : undefined;
}

/**
 * The OpenFn project of one design project: one workflow per flow, one job per automated step in
 * an OpenFn lane. Pure: the same design gives the same text, byte for byte.
 */
export function exportProject(project: Project): ExportResult {
  const gaps = readinessGaps(project);
  const notReady = new Map<string, string>();
  for (const g of gaps) if (!notReady.has(g.mapping)) notReady.set(g.mapping, `mapping ${g.mapping} is not ready (${g.message})`);
  const schedule = scheduleOf(project);
  const flows = project.flows.flatMap((d) => (d.valid && d.data ? [d.data] : [])).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const jobs: ExportedJob[] = [];
  const notes: ExportResult['notes'] = [];
  const flowNotes: ExportResult['flowNotes'] = [];
  const used = new Set<string>();
  const workflows: Record<string, { name: string; jobs: Record<string, unknown>; triggers: Record<string, SpecTrigger>; edges: Record<string, SpecEdge> }> = {};
  for (const flow of flows) {
    const key = jobKey(flow.id);
    const plan = planFlow(project, flow, schedule);
    for (const n of plan.notes) flowNotes.push({ workflow: key, message: n });
    const specJobs: Record<string, unknown> = {};
    for (const step of plan.jobs) {
      const m = mappingOf(project, step);
      if (m) used.add(m.mapping.id);
      const unusable = !m && step.mapping !== undefined ? `mapping ${step.mapping} ${project.index.mappings.has(step.mapping) ? 'does not match its schema (run interop-design lint)' : 'is not declared in the project'}` : undefined;
      const generated = generateJob({ project, flow, step, ...(m ? { mapping: m.mapping, mappingFile: m.file } : {}), ...(unusable ? { unusableMapping: unusable } : {}), ...(m && notReady.has(m.mapping.id) ? { notReady: notReady.get(m.mapping.id) } : {}) });
      const body = withHeader(generated.body);
      const job = jobKey(step.id);
      jobs.push({ workflow: key, job, step: step.id, ...(m ? { mapping: m.mapping.id, mappingFile: m.file } : {}), generated, body });
      for (const note of generated.notes) notes.push({ workflow: key, job, note });
      specJobs[job] = { name: job, adaptor: generated.adaptor, credential: null, body };
    }
    workflows[key] = { name: flowName(flow), jobs: specJobs, triggers: plan.trigger ? { [plan.trigger.type]: plan.trigger } : {}, edges: specEdges(plan) };
  }
  const unused = project.mappings.flatMap((d) => (d.valid && d.data && !used.has(d.data.id) ? [d.data.id] : []));
  const manifest = project.manifest.data;
  const spec = {
    name: slug(manifest?.name ?? project.name),
    description: manifest?.description ?? `Generated by interop-design from ${project.dir || '.'}`,
    credentials: {},
    workflows,
  };
  const header = `# OpenFn project generated by interop-design export openfn from ${(project.dir || '.').replace(/[\r\n\u2028\u2029]+/gu, ' ')}: deploy it with \`openfn deploy\`.\n`;
  return { yaml: header + stringify(spec, { lineWidth: 0, blockQuote: 'literal', aliasDuplicateObjects: false }), workflows: Object.keys(workflows), jobs, gaps, notes, flowNotes, unused };
}

function flowName(flow: Flow): string {
  return (flow.title ?? flow.id).replace(/[\r\n]+/gu, ' ');
}

export interface Reconciled {
  yaml: string;
  /** Jobs whose body in the existing file was changed by hand: kept, and reported. */
  kept: { workflow: string; job: string; differs: boolean }[];
}

/**
 * Merges a new export with the project.yaml already on disk: a job body whose header hash no
 * longer matches was edited by hand, so it is kept (not overwritten) and reported; with `force`
 * every body is regenerated.
 */
export function reconcile(result: ExportResult, existing: string | undefined, force = false): Reconciled {
  if (existing === undefined || force) return { yaml: result.yaml, kept: [] };
  let old: unknown;
  try {
    old = parse(existing);
  } catch {
    return { yaml: result.yaml, kept: [] };
  }
  const bodyIn = (doc: unknown, wf: string, job: string): string | undefined => {
    const b = (doc as { workflows?: Record<string, { jobs?: Record<string, { body?: unknown }> }> } | null)?.workflows?.[wf]?.jobs?.[job]?.body;
    return typeof b === 'string' ? b : undefined;
  };
  const kept: Reconciled['kept'] = [];
  const fresh = parse(result.yaml) as { workflows: Record<string, { jobs: Record<string, { body: string }> }> };
  for (const j of result.jobs) {
    const before = bodyIn(old, j.workflow, j.job);
    if (before === undefined || isUnchanged(before) || before === j.body) continue;
    kept.push({ workflow: j.workflow, job: j.job, differs: true });
    const target = fresh.workflows[j.workflow]?.jobs[j.job];
    if (target) target.body = before;
  }
  if (kept.length === 0) return { yaml: result.yaml, kept };
  const headerEnd = result.yaml.indexOf('\n') + 1;
  return { yaml: result.yaml.slice(0, headerEnd) + stringify(fresh, { lineWidth: 0, blockQuote: 'literal', aliasDuplicateObjects: false }), kept };
}
