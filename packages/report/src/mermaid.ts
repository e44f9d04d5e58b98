import type { Edge, Flow } from '@interop-design/schema';

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

/**
 * A flow as a Mermaid flowchart: one subgraph per swim lane, people's steps as rounded boxes and
 * automated ones as rectangles, failure edges dashed and labelled, conditions on their edges.
 * Node ids are generated, so no id from the design reaches Mermaid's syntax. A system lane
 * without a name of its own is titled with the system's name from `systems` (the manifest's).
 */
export function renderFlowMermaid(flow: Flow, systems: Readonly<Record<string, { name?: string } | undefined>> = {}): string {
  const stepIds = new Map(flow.steps.map((s, i) => [s.id, `s${i}`]));
  const lines = ['flowchart LR'];
  flow.lanes.forEach((lane, li) => {
    const title = lane.name ?? (lane.kind === 'system' ? Object.hasOwn(systems, lane.id) ? systems[lane.id]?.name : undefined : undefined) ?? lane.id;
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
  flow.steps.forEach((step, si) => {
    for (const edge of step.next ?? []) {
      const { to, on } = edgeTarget(edge);
      const target = stepIds.get(to);
      if (target === undefined) continue;
      if (on === 'failure') lines.push(`  s${si} -. failure .-> ${target}`);
      else if (on === 'always') lines.push(`  s${si} -->|always| ${target}`);
      else if (typeof on === 'object') lines.push(`  s${si} -->|"${mermaidText(on.condition)}"| ${target}`);
      else lines.push(`  s${si} --> ${target}`);
    }
  });
  return lines.join('\n') + '\n';
}
