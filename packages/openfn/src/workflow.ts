import type { Project } from '@interop-design/core';
import type { Edge, Flow, Mapping, Step } from '@interop-design/schema';

/** An edge of project.yaml, as OpenFn's CLI deploys it (`openfn deploy`, v1 project spec). */
export interface SpecEdge {
  source_trigger?: string;
  source_job?: string;
  target_job: string;
  condition_type: 'always' | 'on_job_success' | 'on_job_failure' | 'js_expression';
  condition_label?: string;
  condition_expression?: string;
  enabled: true;
}

export interface SpecTrigger {
  type: 'webhook' | 'cron';
  cron_expression?: string;
  enabled: true;
}

type Condition = { type: 'always' | 'on_job_success' | 'on_job_failure' } | { type: 'js_expression'; label: string };

/** The TODO condition of a labelled branch: never true until the job writer writes it. */
export const todoCondition = '/* TODO: write the condition of this branch (see condition_label) */ false';

/** Job and trigger keys: the step id with characters OpenFn names do not take replaced. */
export function jobKey(stepId: string): string {
  return stepId.replace(/[^A-Za-z0-9_-]/gu, '-');
}

function edgeOf(e: Edge): { to: string; on: NonNullable<Exclude<Edge, string>['on']> } {
  return typeof e === 'string' ? { to: e, on: 'success' } : { to: e.to, on: e.on ?? 'success' };
}

function conditionOf(on: ReturnType<typeof edgeOf>['on']): Condition {
  if (typeof on === 'object') return { type: 'js_expression', label: on.condition };
  return { type: on === 'failure' ? 'on_job_failure' : on === 'always' ? 'always' : 'on_job_success' };
}

/**
 * Composes the condition of a path that leaves a job and passes through other systems' steps
 * (the job's own requests): a failure anywhere on it is the job's failure; a labelled branch
 * stays a labelled branch; success and always keep the first edge's meaning.
 */
function compose(first: Condition, next: Condition): Condition {
  if (first.type === 'on_job_failure' || first.type === 'js_expression') return first;
  if (next.type === 'on_job_failure' || next.type === 'js_expression') return next;
  return first;
}

export interface FlowPlan {
  /** The flow's automated steps in the OpenFn lanes, in flow order. */
  jobs: Step[];
  trigger?: SpecTrigger;
  /** Trigger edges first, then job edges in step order. */
  edges: { from: string; fromTrigger: boolean; to: string; condition: Condition }[];
  /** Why the flow has no trigger, or what its trigger lacks. */
  notes: string[];
}

/** Lanes whose system is OpenFn (manifest `type: openfn`). */
export function openfnLanes(project: Project, flow: Flow): Set<string> {
  const systems = project.manifest.data?.systems ?? {};
  return new Set(flow.lanes.filter((l) => l.kind === 'system' && systems[l.id]?.type === 'openfn').map((l) => l.id));
}

/** How a flow becomes an OpenFn workflow: which steps are jobs, the trigger and the edges. */
export function planFlow(project: Project, flow: Flow, requirementsSchedule: string | undefined): FlowPlan {
  const lanes = openfnLanes(project, flow);
  const byId = new Map(flow.steps.map((s) => [s.id, s]));
  const isJob = (s: Step): boolean => lanes.has(s.lane) && s.actor !== 'user';
  const jobs = flow.steps.filter(isJob);
  const notes: string[] = [];
  const edges: FlowPlan['edges'] = [];
  const seen = new Set<string>();
  const addEdge = (from: string, fromTrigger: boolean, to: string, condition: Condition): void => {
    const id = `${fromTrigger ? 'trigger' : 'job'}:${from}->${to}`;
    if (seen.has(id)) return;
    seen.add(id);
    edges.push({ from, fromTrigger, to, condition });
  };
  /** The jobs reached from `start` through steps of other systems (never through a person's step). */
  const reach = (start: Step, condition: Condition, visit: (job: Step, c: Condition) => void, throughPeople: boolean, visited = new Set<string>()): void => {
    if (visited.has(start.id)) return;
    visited.add(start.id);
    if (isJob(start)) {
      visit(start, condition);
      return;
    }
    if (start.actor === 'user' && !throughPeople) return;
    for (const e of start.next ?? []) {
      const { to, on } = edgeOf(e);
      const target = byId.get(to);
      if (target) reach(target, compose(condition, conditionOf(on)), visit, throughPeople, visited);
    }
  };
  const t = flow.trigger;
  let trigger: SpecTrigger | undefined;
  if (t.type === 'event') trigger = { type: 'webhook', enabled: true };
  else if (t.type === 'schedule') {
    const schedule = t.schedule ?? requirementsSchedule;
    if (schedule !== undefined) trigger = { type: 'cron', cron_expression: schedule, enabled: true };
    else notes.push('the flow runs on a schedule but neither the flow nor the requirements give one: the workflow has no trigger');
  } else notes.push('the flow is started by hand: the workflow has no trigger (run it from OpenFn)');
  const first = flow.steps[0];
  if (trigger) reach(first, { type: 'always' }, (job) => { addEdge(trigger.type, true, job.id, { type: 'always' }); }, true);
  for (const job of jobs) {
    for (const e of job.next ?? []) {
      const { to, on } = edgeOf(e);
      const target = byId.get(to);
      if (target) reach(target, conditionOf(on), (next, c) => { if (next.id !== job.id) addEdge(job.id, false, next.id, c); }, false);
    }
  }
  return { jobs, ...(trigger ? { trigger } : {}), edges, notes };
}

/** The spec edges of a plan, keyed `source->target` as OpenFn writes them. */
export function specEdges(plan: FlowPlan): Record<string, SpecEdge> {
  const out: Record<string, SpecEdge> = {};
  for (const e of plan.edges) {
    const source = e.fromTrigger ? e.from : jobKey(e.from);
    const target = jobKey(e.to);
    const edge: SpecEdge = { ...(e.fromTrigger ? { source_trigger: source } : { source_job: source }), target_job: target, condition_type: e.condition.type, enabled: true };
    if (e.condition.type === 'js_expression') {
      edge.condition_label = e.condition.label;
      edge.condition_expression = todoCondition;
    }
    out[`${source}->${target}`] = edge;
  }
  return out;
}

/** The mapping a step applies, if the project declares it. */
export function mappingOf(project: Project, step: Step): { mapping: Mapping; file: string } | undefined {
  if (step.mapping === undefined) return undefined;
  const decl = project.index.mappings.get(step.mapping);
  return decl?.doc.valid ? { mapping: decl.value, file: decl.doc.file } : undefined;
}
