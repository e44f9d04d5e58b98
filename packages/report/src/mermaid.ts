import type { Edge, Flow, Trigger } from '@interop-design/schema';

/**
 * Text for a Mermaid label: letters, digits and plain punctuation pass; every other character
 * becomes a Mermaid entity code (`#60;`), so design text cannot close the label, add HTML or a
 * link, or end the code fence it sits in.
 */
export function mermaidText(text: string): string {
  return Array.from(text.replace(/\s+/gu, ' ').trim(), (c) => (/^[\p{L}\p{N} ,.:;()/+=?_'-]$/u.test(c) && !/[\u200b-\u200f\u2028-\u202e\u2060-\u2064]/u.test(c) ? c : `#${c.codePointAt(0) ?? 0};`)).join('');
}

function edgeTarget(edge: Edge): { to: string; on: string | { condition: string } } {
  return typeof edge === 'string' ? { to: edge, on: 'success' } : { to: edge.to, on: edge.on ?? 'success' };
}

type Systems = Readonly<Record<string, { name?: string } | undefined>>;

function systemName(systems: Systems, id: string): string | undefined {
  return Object.hasOwn(systems, id) ? systems[id]?.name : undefined;
}

/** The trigger's label: what starts the flow, and where. */
export function triggerLabel(trigger: Trigger, systems: Systems = {}): string {
  const where = trigger.system === undefined ? undefined : (systemName(systems, trigger.system) ?? trigger.system);
  const what =
    trigger.type === 'event' ? (trigger.event ?? trigger.description ?? 'event')
    : trigger.type === 'schedule' ? (trigger.schedule ?? trigger.description ?? 'on a schedule')
    : (trigger.description ?? 'started by hand');
  const kind = trigger.type === 'event' ? 'Event' : trigger.type === 'schedule' ? 'Schedule' : 'Manual';
  return `${kind}: ${what}${where === undefined ? '' : ` (${where})`}`;
}

/** Failure edges: dashed, labelled and red (`linkStyle`, so the arrow head is red too). */
const failureStyle = 'stroke:#b3261e,stroke-width:2px,color:#b3261e';

/**
 * A flow as a Mermaid flowchart: the trigger as the entry node (a flag shape) pointing at the
 * steps nothing else leads to, one subgraph per swim lane that has steps, people's steps as
 * rounded boxes and automated ones as rectangles, failure edges dashed, red and labelled,
 * conditions on their edges. Node ids are generated, so no id from the design reaches Mermaid's
 * syntax. A system lane without a name of its own is titled with the system's name from
 * `systems` (the manifest's).
 */
export function renderFlowMermaid(flow: Flow, systems: Systems = {}): string {
  const stepIds = new Map(flow.steps.map((s, i) => [s.id, `s${i}`]));
  const lines = ['flowchart LR'];
  lines.push(`  t0>"${mermaidText(triggerLabel(flow.trigger, systems))}"]`);
  flow.lanes.forEach((lane, li) => {
    // A lane without steps would be an empty box: left out.
    if (!flow.steps.some((s) => s.lane === lane.id)) return;
    const title = lane.name ?? (lane.kind === 'system' ? systemName(systems, lane.id) : undefined) ?? lane.id;
    lines.push(`  subgraph l${li}["${mermaidText(title)}"]`);
    flow.steps.forEach((step, si) => {
      if (step.lane !== lane.id) return;
      const label = mermaidText(step.action);
      lines.push(step.actor === 'user' ? `    s${si}(["${label}"])` : `    s${si}["${label}"]`);
    });
    lines.push('  end');
  });
  // Steps whose lane is not declared still appear, outside every lane.
  const lanes = new Set(flow.lanes.map((l) => l.id));
  flow.steps.forEach((step, si) => {
    if (!lanes.has(step.lane)) lines.push(`  s${si}["${mermaidText(step.action)}"]`);
  });
  // The trigger enters at every step no other step leads to (the first step when all are reached).
  const reached = new Set(flow.steps.flatMap((s) => (s.next ?? []).map((e) => edgeTarget(e).to).filter((to) => to !== s.id)));
  const entries = flow.steps.flatMap((s, si) => (reached.has(s.id) ? [] : [si]));
  let edges = 0;
  const failures: number[] = [];
  for (const si of entries.length ? entries : [0]) {
    lines.push(`  t0 --> s${si}`);
    edges++;
  }
  flow.steps.forEach((step, si) => {
    for (const edge of step.next ?? []) {
      const { to, on } = edgeTarget(edge);
      const target = stepIds.get(to);
      if (target === undefined) continue;
      if (on === 'failure') {
        lines.push(`  s${si} -. failure .-> ${target}`);
        failures.push(edges);
      } else if (on === 'always') lines.push(`  s${si} -->|always| ${target}`);
      else if (typeof on === 'object') lines.push(`  s${si} -->|"${mermaidText(on.condition)}"| ${target}`);
      else lines.push(`  s${si} --> ${target}`);
      edges++;
    }
  });
  if (failures.length) lines.push(`  linkStyle ${failures.join(',')} ${failureStyle}`);
  return lines.join('\n') + '\n';
}
