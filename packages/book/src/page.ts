import type { DesignDocument, Diagnostic, Project, ValidDocument } from '@interop-design/core';
import { isValidDocument } from '@interop-design/core';
import type { FlowReadiness, MappingReadiness } from '@interop-design/lint';
import { parseStory } from '@interop-design/lint';
import { plural, renderFlowMermaid, triggerLabel } from '@interop-design/report';
import type { Edge, Field, Flow, Manifest, Mapping, Requirements, Story, Test, Transform, Trigger, ValueMapFile } from '@interop-design/schema';
import type { SafeHtml } from './html.js';
import { anchor, html, safeUrl } from './html.js';

/** What the systems' exported metadata says about one system (packages/metadata fills it). */
export interface SystemMetadataSummary {
  resources: { id: string; name?: string; fields: number; required?: number }[];
}

/** The outcome of running a mapping on one test's inline record (packages/transform fills it). */
export type TestRun = { record: unknown; passed?: boolean } | { error: string };

/** Hooks for what other packages compute; each is optional and the book says what is missing. */
export interface BookHooks {
  /** The catalogue summary of one system's exported metadata. */
  systemMetadata?: (project: Project, systemId: string) => SystemMetadataSummary | undefined;
  /** The record the mapping produces from a test's inline `given.record`; never called for sample files. */
  runTest?: (project: Project, mapping: Mapping, test: Test) => TestRun | undefined;
}

export interface ProjectPageInput {
  project: Project;
  diagnostics: readonly Diagnostic[];
  readiness: { mappings: MappingReadiness[]; flows: FlowReadiness[] };
  rules: ReadonlyMap<string, string>;
  hooks: BookHooks;
}

interface Model {
  project: Project;
  manifest: Manifest | undefined;
  stories: Story[];
  requirements: Requirements | undefined;
  flows: { file: string; flow: Flow }[];
  mappings: { file: string; mapping: Mapping }[];
  valueMaps: { file: string; valueMap: ValueMapFile }[];
  invalid: string[];
}

function model(project: Project): Model {
  const valid = <T>(docs: DesignDocument<T>[]): ValidDocument<T>[] => docs.filter(isValidDocument);
  const all = project.documents();
  return {
    project,
    manifest: project.manifest.valid ? project.manifest.data : undefined,
    stories: valid(project.stories).flatMap((d) => d.data.stories),
    requirements: project.requirements?.valid ? project.requirements.data : undefined,
    flows: valid(project.flows).map((d) => ({ file: d.file, flow: d.data })),
    mappings: valid(project.mappings).map((d) => ({ file: d.file, mapping: d.data })),
    valueMaps: valid(project.valueMaps).map((d) => ({ file: d.file, valueMap: d.data })),
    invalid: all.filter((d) => !d.valid).map((d) => d.file),
  };
}

const systemsOf = (m: Model): Manifest['systems'] => m.manifest?.systems ?? {};
function systemName(m: Model, id: string): string {
  const systems = systemsOf(m);
  return (Object.hasOwn(systems, id) ? systems[id]?.name : undefined) ?? id;
}

const link = (id: string, text: SafeHtml | string) => html`<a href="#${id}">${text}</a>`;
const code = (text: string) => html`<code>${text}</code>`;
const json = (value: unknown) => JSON.stringify(value, null, 2);

function statusBadge(status: string): SafeHtml {
  return html`<span class="badge status-${/^[a-z-]+$/u.test(status) ? status : 'other'}">${status}</span>`;
}

function readinessBadge(r: MappingReadiness | undefined): SafeHtml {
  if (!r) return html`<span class="badge gaps">not checked</span>`;
  const open = r.items.filter((i) => !i.ok).length;
  return r.ready ? html`<span class="badge ok">complete</span>` : html`<span class="badge gaps">${open} of ${r.items.length} checks open</span>`;
}

// ---------- Overview ----------

function overview(m: Model, input: ProjectPageInput): SafeHtml {
  const { project, diagnostics, readiness, hooks } = input;
  const systems = Object.entries(systemsOf(m)).flatMap(([id, s]) => (s ? [{ id, s }] : []));
  const owners = m.manifest?.owners ?? [];
  const counts = { error: 0, warning: 0, info: 0 };
  const byRule = new Map<string, { severity: string; count: number }>();
  for (const d of diagnostics) {
    counts[d.severity]++;
    const entry = byRule.get(d.ruleId) ?? { severity: d.severity, count: 0 };
    entry.count++;
    byRule.set(d.ruleId, entry);
  }
  const metadataCell = (id: string, declared: string | readonly string[] | undefined): SafeHtml => {
    const summary = hooks.systemMetadata?.(project, id);
    if (summary) {
      return html`<ul class="plain">${summary.resources.map((r) => html`<li>${r.name ?? r.id}${r.name !== undefined && r.name !== r.id ? html` (${code(r.id)})` : ''}: ${plural(r.fields, 'field')}${r.required !== undefined ? `, ${r.required} required` : ''}</li>`)}</ul>`;
    }
    if (declared === undefined) return html`<span class="missing">none declared</span>`;
    return html`${(typeof declared === 'string' ? [declared] : declared).map((f, i) => html`${i ? ', ' : ''}${code(f)}`)}<div class="meta">declared in the manifest</div>`;
  };
  return html`<section class="part" id="overview" aria-labelledby="overview-h">
<h2 id="overview-h">Overview</h2>
${m.manifest?.description ? html`<p>${m.manifest.description}</p>` : ''}
<p><strong>Owners:</strong> ${owners.length ? owners.map((o, i) => html`${i ? ', ' : ''}${code(o)}`) : html`<span class="missing">none named</span>`}</p>
<h3 id="systems">Systems</h3>
<div class="scroll"><table>
<thead><tr><th scope="col">System</th><th scope="col">Type</th><th scope="col">Version</th><th scope="col">Description</th><th scope="col">API documentation</th><th scope="col">Metadata</th></tr></thead>
<tbody>${systems.map(({ id, s }) => {
    const url = safeUrl(s.apiDocs);
    return html`<tr id="${anchor('system', id)}"><th scope="row">${s.name ?? id}<div class="meta">${code(id)}</div></th><td>${s.type}</td><td>${s.version ?? html`<span class="missing">not stated</span>`}</td><td>${s.description ?? ''}</td><td>${url ? html`<a class="url" href="${url}" rel="noopener noreferrer">${url}</a>` : s.apiDocs ? code(s.apiDocs) : html`<span class="missing">none</span>`}</td><td>${metadataCell(id, s.metadata)}</td></tr>`;
  })}</tbody></table></div>
<h3 id="mapping-summary">Mappings</h3>
${m.mappings.length ? html`<div class="scroll"><table>
<thead><tr><th scope="col">Mapping</th><th scope="col">From</th><th scope="col">To</th><th scope="col">Version</th><th scope="col">Status</th><th scope="col">Readiness</th><th scope="col">Fields</th></tr></thead>
<tbody>${m.mappings.map(({ mapping }) => {
    const r = readiness.mappings.find((x) => x.id === mapping.id);
    const discuss = mapping.fields.filter((f) => f.status === 'needs-discussion').length;
    const fresh = mapping.fields.filter((f) => f.status === 'new').length;
    return html`<tr><th scope="row">${link(anchor('mapping', mapping.id), mapping.title ?? mapping.id)}</th><td>${systemName(m, mapping.source.system)}: ${mapping.source.resource}</td><td>${systemName(m, mapping.destination.system)}: ${mapping.destination.resource}</td><td><span class="badge version">v${mapping.version}</span></td><td>${statusBadge(mapping.status)}</td><td>${readinessBadge(r)}</td><td>${mapping.fields.length}${discuss ? html` · <span class="badge status-needs-discussion">${discuss} need discussion</span>` : ''}${fresh ? html` · <span class="badge status-new">${fresh} new</span>` : ''}</td></tr>`;
  })}</tbody></table></div>` : html`<p class="missing">No mapping yet.</p>`}
<h3 id="lint-summary">Lint summary</h3>
<p><span class="badge ${counts.error ? 'error' : 'ok'}">${plural(counts.error, 'error')}</span> <span class="badge ${counts.warning ? 'warning' : 'ok'}">${plural(counts.warning, 'warning')}</span> <span class="badge ${counts.info ? 'info' : 'ok'}">${counts.info} info</span></p>
${byRule.size ? html`<details><summary>Findings by rule</summary><div class="scroll"><table>
<thead><tr><th scope="col">Rule</th><th scope="col">Severity</th><th scope="col">Findings</th><th scope="col">Where</th></tr></thead>
<tbody>${[...byRule.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([rule, e]) => {
    const docs = safeUrl(input.rules.get(rule));
    const where = diagnostics.filter((d) => d.ruleId === rule).slice(0, 20);
    return html`<tr><th scope="row">${docs ? html`<a href="${docs}" rel="noopener noreferrer">${rule}</a>` : rule}</th><td>${e.severity}</td><td>${e.count}</td><td><ul class="plain">${where.map((d) => html`<li>${code(`${d.file}:${d.range.start.line}:${d.range.start.column}`)} ${d.message}</li>`)}${e.count > where.length ? html`<li>and ${e.count - where.length} more</li>` : ''}</ul></td></tr>`;
  })}</tbody></table></div></details>` : ''}
${m.invalid.length ? html`<p><strong>Not shown, because they fail their schema</strong> (run <code>interop-design lint</code>): ${m.invalid.map((f, i) => html`${i ? ', ' : ''}${code(f)}`)}</p>` : ''}
</section>`;
}

// ---------- Stories ----------

function storyParts(s: Story): { asA: string; iWant: string; soThat: string } | undefined {
  if (s.asA !== undefined || s.iWant !== undefined || s.soThat !== undefined) return { asA: s.asA ?? '', iWant: s.iWant ?? '', soThat: s.soThat ?? '' };
  return s.text === undefined ? undefined : parseStory(s.text);
}

function stories(m: Model): SafeHtml {
  return html`<section class="part" id="stories" aria-labelledby="stories-h">
<h2 id="stories-h">User stories</h2>
${m.stories.length ? '' : html`<p class="missing">No story yet.</p>`}
${m.stories.map((s) => {
    const parts = storyParts(s);
    const serving = m.flows.filter(({ flow }) => flow.stories?.includes(s.id));
    return html`<article class="story" id="${anchor('story', s.id)}" aria-labelledby="${anchor('story-h', s.id)}">
<h3 id="${anchor('story-h', s.id)}">${s.id}${s.title ? html`: ${s.title}` : ''}</h3>
<p class="sentence">${parts ? html`As a <strong>${parts.asA}</strong>, I want <strong>${parts.iWant}</strong>, so that <strong>${parts.soThat}</strong>.` : (s.text ?? '')}</p>
<p class="meta">${s.priority ? html`Priority: <strong>${s.priority}</strong> · ` : ''}${s.status ? html`Status: ${statusBadge(s.status)} · ` : ''}Systems: ${(s.systems ?? []).length ? (s.systems ?? []).map((id, i) => html`${i ? ', ' : ''}${link(anchor('system', id), systemName(m, id))}`) : 'none named'}</p>
<h4>Acceptance criteria</h4>
${s.acceptance?.length ? html`<ol>${s.acceptance.map((a) => html`<li>${a}</li>`)}</ol>` : html`<p class="missing">None written yet.</p>`}
<h4>Served by</h4>
${serving.length ? html`<ul>${serving.map(({ flow }) => html`<li>${link(anchor('flow', flow.id), flow.title ?? flow.id)}</li>`)}</ul>` : html`<p class="missing">No flow serves this story yet.</p>`}
${s.notes ? html`<p>${s.notes}</p>` : ''}
</article>`;
  })}
</section>`;
}

// ---------- Requirements ----------

const questions: { key: keyof Requirements; question: string }[] = [
  { key: 'purpose', question: 'Why integrate: the problem, and the efficiency gained' },
  { key: 'resources', question: 'What is created, updated or deleted, and in which system' },
  { key: 'direction', question: 'Does data flow one way or both ways?' },
  { key: 'systemOfRecord', question: 'Which system is the system of record?' },
  { key: 'volume', question: 'How much data?' },
  { key: 'frequency', question: 'Real-time or batch?' },
  { key: 'schedule', question: 'On what schedule (batch)?' },
  { key: 'triggers', question: 'What starts each flow?' },
  { key: 'changeLikelihood', question: 'How likely are the systems to change?' },
  { key: 'capacity', question: 'Who can run and support the integration?' },
  { key: 'apiDocs', question: 'Where are the APIs documented?' },
  { key: 'sampleData', question: 'Which sample data is there?' },
  { key: 'notes', question: 'Notes' },
];

const unknownMark = html`<span class="unknown">unknown</span>`;

function words(key: string): string {
  return key.replace(/([a-z])([A-Z])/gu, '$1 $2').toLowerCase();
}

function answer(value: unknown, m: Model, key?: string): SafeHtml {
  if (value === 'unknown') return unknownMark;
  if (value === undefined || value === null) return html`<span class="missing">not answered</span>`;
  if (typeof value === 'boolean') return html`${value ? 'yes' : 'no'}`;
  if (typeof value === 'string' || typeof value === 'number') return key === 'system' && typeof value === 'string' ? html`${systemName(m, value)}` : html`${String(value)}`;
  if (Array.isArray(value)) return html`<ul>${value.map((v: unknown) => html`<li>${answer(v, m)}</li>`)}</ul>`;
  if (typeof value === 'object') return html`<ul class="plain">${Object.entries(value).map(([k, v]) => html`<li><strong>${words(k)}:</strong> ${answer(v, m, k)}</li>`)}</ul>`;
  return html`${JSON.stringify(value)}`;
}

function requirementAnswer(key: keyof Requirements, r: Requirements, m: Model): SafeHtml {
  const value = r[key];
  if (value === 'unknown' || value === undefined) return answer(value, m);
  switch (key) {
    case 'resources':
      return html`<ul>${r.resources !== 'unknown' ? (r.resources ?? []).map((x) => html`<li><strong>${systemName(m, x.system)}</strong> ${code(x.resource)}: ${x.operations.join(', ')}${x.rule ? html` — ${x.rule}` : ''}</li>`) : ''}</ul>`;
    case 'volume':
      return html`<ul>${r.volume !== 'unknown' ? (r.volume ?? []).map((v) => html`<li>${v.count} ${v.of} per ${v.per}${v.peak !== undefined ? ` (peak ${v.peak})` : ''}</li>`) : ''}</ul>`;
    case 'triggers':
      return html`<ul>${r.triggers !== 'unknown' ? (r.triggers ?? []).map((t) => html`<li>${triggerLabel(t, systemsOf(m))}</li>`) : ''}</ul>`;
    case 'systemOfRecord':
      return typeof r.systemOfRecord === 'string' ? html`${systemName(m, r.systemOfRecord)}` : html`<ul>${Object.entries(r.systemOfRecord ?? {}).map(([res, sys]) => html`<li>${code(res)}: ${systemName(m, sys)}</li>`)}</ul>`;
    case 'apiDocs':
      return html`<ul>${r.apiDocs !== 'unknown' ? (r.apiDocs ?? []).map((d) => {
        const url = safeUrl(d.url);
        return html`<li>${systemName(m, d.system)}: ${url ? html`<a class="url" href="${url}" rel="noopener noreferrer">${url}</a>` : code(d.url)}</li>`;
      }) : ''}</ul>`;
    case 'sampleData':
      return html`<ul>${r.sampleData !== 'unknown' ? (r.sampleData ?? []).map((f) => html`<li>${code(f)} <span class="meta">(contents not shown)</span></li>`) : ''}</ul>`;
    default:
      return answer(value, m);
  }
}

function requirements(m: Model): SafeHtml {
  const r = m.requirements;
  return html`<section class="part" id="requirements" aria-labelledby="requirements-h">
<h2 id="requirements-h">Requirements</h2>
${r ? html`<p class="meta">The design questions and their answers. <span class="unknown">unknown</span> marks an answer still to find: it blocks readiness.</p>
<dl class="answers">${questions.filter((q) => q.key !== 'notes' || r.notes !== undefined).map((q) => html`<dt id="${anchor('req', q.key)}">${q.question}<span class="key">${q.key}</span></dt><dd>${requirementAnswer(q.key, r, m)}</dd>`)}</dl>` : html`<p class="missing">No requirements.yaml yet.</p>`}
</section>`;
}

// ---------- Flows ----------

function edgeOf(edge: Edge): { to: string; on: string } {
  if (typeof edge === 'string') return { to: edge, on: 'success' };
  const on = edge.on ?? 'success';
  return { to: edge.to, on: typeof on === 'string' ? on : `if ${on.condition}` };
}

const flowLegend = html`<ul class="legend" aria-label="Diagram legend">
<li><span class="swatch trigger" aria-hidden="true"></span> trigger: where the flow starts</li>
<li><span class="swatch user" aria-hidden="true"></span> a person's step (rounded)</li>
<li><span class="swatch system" aria-hidden="true"></span> an automated step</li>
<li><span class="swatch failure" aria-hidden="true"></span> failure path (dashed, red)</li>
</ul>`;

function triggerText(t: Trigger, m: Model): string {
  return triggerLabel(t, systemsOf(m));
}

function flows(m: Model): SafeHtml {
  return html`<section class="part" id="flows" aria-labelledby="flows-h">
<h2 id="flows-h">Flows</h2>
${m.flows.length ? flowLegend : html`<p class="missing">No flow yet.</p>`}
${m.flows.map(({ file, flow }) => {
    const lanes = new Map(flow.lanes.map((l) => [l.id, l]));
    const laneName = (id: string): string => {
      const lane = lanes.get(id);
      return lane?.name ?? (lane?.kind === 'system' || !lane ? systemName(m, id) : id);
    };
    const title = flow.title ?? flow.id;
    return html`<article id="${anchor('flow', flow.id)}" aria-labelledby="${anchor('flow-h', flow.id)}">
<h3 id="${anchor('flow-h', flow.id)}">${title}</h3>
<p class="meta">${code(flow.id)} · ${code(file)}</p>
${flow.description ? html`<p>${flow.description}</p>` : ''}
<p><strong>Trigger:</strong> ${triggerText(flow.trigger, m)}${flow.trigger.description && flow.trigger.type !== 'manual' ? html` — ${flow.trigger.description}` : ''}</p>
<p><strong>Serves:</strong> ${flow.stories?.length ? flow.stories.map((s, i) => html`${i ? ', ' : ''}${link(anchor('story', s), s)}`) : html`<span class="missing">no story named</span>`}</p>
<figure class="diagram" tabindex="0" aria-label="${`Diagram of ${title} (scrolls sideways when wide)`}"><div class="mermaid" data-label="${`Flow diagram: ${title}`}">${renderFlowMermaid(flow, systemsOf(m))}</div><figcaption class="meta">Swim lanes: ${[...new Set(flow.steps.map((s) => s.lane))].map(laneName).join(', ')}.</figcaption></figure>
<h4>Steps</h4>
<div class="scroll"><table>
<thead><tr><th scope="col">Step</th><th scope="col">Lane</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Mapping</th><th scope="col">Next</th></tr></thead>
<tbody>${flow.steps.map((s) => html`<tr id="${anchor('step', flow.id, s.id)}"><th scope="row">${code(s.id)}</th><td>${laneName(s.lane)}</td><td>${s.actor === 'user' || lanes.get(s.lane)?.kind === 'user' ? 'a person' : 'automated'}</td><td>${s.action}${s.writes ? html` <span class="badge info">writes</span>` : ''}${s.job ? html`<div class="meta">job ${code(s.job)}</div>` : ''}</td><td>${s.mapping ? link(anchor('mapping', s.mapping), s.mapping) : ''}</td><td>${(s.next ?? []).map((e, i) => {
      const { to, on } = edgeOf(e);
      return html`${i ? html`<br>` : ''}${on === 'success' ? '' : html`<span class="${on === 'failure' ? 'badge error' : 'badge info'}">${on}</span> `}${link(anchor('step', flow.id, to), to)}`;
    })}</td></tr>`)}</tbody></table></div>
</article>`;
  })}
</section>`;
}

// ---------- Mappings ----------

const mappingLegend = html`<ul class="legend" aria-label="Field status legend">
<li><span class="swatch discuss" aria-hidden="true"></span> needs discussion (yellow)</li>
<li><span class="swatch new" aria-hidden="true"></span> new field (pink)</li>
<li><span class="swatch agreed" aria-hidden="true"></span> agreed</li>
<li><span class="swatch deprecated" aria-hidden="true"></span> deprecated</li>
</ul>`;

function sourceCell(f: Field): SafeHtml {
  const s = f.source;
  if (!s) return html`<span class="missing">no source</span>`;
  const paths = s.paths ?? (s.path !== undefined ? [s.path] : []);
  return html`${paths.length > 1 ? html`${s.pick === 'first' ? 'the first present of ' : ''}${paths.map((p, i) => html`${i ? ', ' : ''}${code(p)}`)}` : paths.map((p) => code(p))}${s.label ? html`<div>${s.label}</div>` : ''}${s.description ? html`<div class="meta">${s.description}</div>` : ''}${s.optional ? html`<div class="meta">optional (absent in some records by design)</div>` : ''}${s.choices?.length ? html`<div class="meta">choices: ${s.choices.map((c, i) => html`${i ? ', ' : ''}${code(String(c))}`)}</div>` : ''}`;
}

function transformCell(mappingId: string, index: number, t: Transform | undefined, hasSource: boolean): SafeHtml {
  if (!t) return html`${hasSource ? 'copied as is' : ''}`;
  const parts: SafeHtml[] = [];
  if (t.constant !== undefined) parts.push(html`the constant ${code(JSON.stringify(t.constant))}`);
  if (typeof t.valueMap === 'string') parts.push(html`value map ${link(anchor('valuemap', t.valueMap), t.valueMap)}`);
  else if (t.valueMap) parts.push(html`${link(anchor('vm', mappingId, index), 'a value map')} of ${plural(Object.keys(t.valueMap).length, 'entry', 'entries')}`);
  if (t.format) parts.push(html`format ${t.format.from ? html`from ${code(t.format.from)} ` : ''}to ${code(t.format.to)}`);
  if (t.expression !== undefined) parts.push(html`expression ${code(t.expression)}`);
  if (t.jsonata !== undefined) parts.push(html`JSONata ${code(t.jsonata)}`);
  if (t.lookup) parts.push(html`look up ${systemLabel(t.lookup.system)} ${code(t.lookup.resource)} by ${code(t.lookup.by)}${t.lookup.returns ? html`, returning ${code(t.lookup.returns)}` : ''}`);
  if (t.unmapped) parts.push(html`<span class="meta">unmapped values: ${t.unmapped}${t.default !== undefined ? html` (default ${code(String(t.default))})` : ''}</span>`);
  if (t.description) parts.push(html`<div>${t.description}</div>`);
  return html`${parts.map((p, i) => html`${i ? html`<br>` : ''}${p}`)}`;
}
const systemLabel = (id: string) => code(id);

function destinationCell(f: Field): SafeHtml {
  const d = f.destination;
  return html`${code(d.path)}${d.label ? html`<div>${d.label}</div>` : ''}${d.description ? html`<div class="meta">${d.description}</div>` : ''}${d.maxLength !== undefined ? html`<div class="meta">at most ${d.maxLength} characters</div>` : ''}`;
}

function valueMapTable(entries: readonly { from: unknown; to: unknown; comment?: string | undefined }[]): SafeHtml {
  return html`<table class="valuemap"><thead><tr><th scope="col">From</th><th scope="col">To</th>${entries.some((e) => e.comment) ? html`<th scope="col">Comment</th>` : ''}</tr></thead><tbody>${entries.map((e) => html`<tr><td>${code(String(e.from))}</td><td>${code(String(e.to))}</td>${entries.some((x) => x.comment) ? html`<td>${e.comment ?? ''}</td>` : ''}</tr>`)}</tbody></table>`;
}

function testBlock(input: ProjectPageInput, mapping: Mapping, test: Test): SafeHtml {
  const given = test.given;
  if (!('record' in given) || 'file' in given) {
    return html`<li><strong>${test.name}</strong>: checks record ${String((given as { record?: number }).record ?? 0)} of the sample file ${code((given as { file: string }).file)}. <span class="meta">Sample records, and what is expected of them, are not shown in the book.</span></li>`;
  }
  const run = input.hooks.runTest?.(input.project, mapping, test);
  return html`<li><strong>${test.name}</strong>
<div class="scroll"><table class="test"><thead><tr><th scope="col">Given (inline record)</th><th scope="col">Expected</th></tr></thead>
<tbody><tr><td><pre class="record">${json(given.record)}</pre></td><td><pre class="record">${json(test.expect)}</pre></td></tr></tbody></table></div>
<div class="hook" data-hook="test-run">${run === undefined ? html`<span class="meta">Produced record: not computed in this build (the mapping interpreter is not wired in).</span>` : 'error' in run ? html`<strong>The mapping failed on this record:</strong> ${run.error}` : html`<strong>Produced record${run.passed === undefined ? '' : run.passed ? ' (the test passes)' : ' (the test fails)'}:</strong><pre class="record">${json(run.record)}</pre>`}</div>
</li>`;
}

function mappings(m: Model, input: ProjectPageInput): SafeHtml {
  const usedValueMaps = new Set(m.mappings.flatMap(({ mapping }) => mapping.fields.flatMap((f) => (typeof f.transform?.valueMap === 'string' ? [f.transform.valueMap] : []))));
  return html`<section class="part" id="mappings" aria-labelledby="mappings-h">
<h2 id="mappings-h">Mappings</h2>
${m.mappings.length ? '' : html`<p class="missing">No mapping yet.</p>`}
${m.mappings.map(({ file, mapping }) => {
    const r = input.readiness.mappings.find((x) => x.id === mapping.id && x.file === file);
    const flowsUsing = m.flows.filter(({ flow }) => flow.steps.some((s) => s.mapping === mapping.id) || mapping.flows?.includes(flow.id));
    const required = mapping.fields.filter((f) => f.destination.required);
    const inlineMaps = mapping.fields.flatMap((f, i) => (f.transform?.valueMap && typeof f.transform.valueMap === 'object' ? [{ f, i, map: f.transform.valueMap }] : []));
    const key = mapping.destination.key;
    return html`<article id="${anchor('mapping', mapping.id)}" aria-labelledby="${anchor('mapping-h', mapping.id)}">
<h3 id="${anchor('mapping-h', mapping.id)}">${mapping.title ?? mapping.id} <span class="badge version">v${mapping.version}</span> ${statusBadge(mapping.status)} ${readinessBadge(r)}</h3>
<p class="meta">${code(mapping.id)} · ${code(file)}</p>
${mapping.description ? html`<p>${mapping.description}</p>` : ''}
<dl class="answers">
<dt>Source</dt><dd>${link(anchor('system', mapping.source.system), systemName(m, mapping.source.system))}: ${mapping.source.resource}${mapping.source.description ? html`<div class="meta">${mapping.source.description}</div>` : ''}</dd>
<dt>Destination</dt><dd>${link(anchor('system', mapping.destination.system), systemName(m, mapping.destination.system))}: ${mapping.destination.resource}${mapping.destination.operation ? html` (${mapping.destination.operation})` : ''}${mapping.destination.description ? html`<div class="meta">${mapping.destination.description}</div>` : ''}</dd>
<dt>Key</dt><dd>${key ? html`${key.source !== undefined ? html`${code(key.source)} → ` : ''}${code(key.destination)}` : html`<span class="missing">none</span>`}</dd>
<dt>Required destination fields</dt><dd>${required.length ? required.map((f, i) => html`${i ? ', ' : ''}${link(anchor('field', mapping.id, mapping.fields.indexOf(f)), f.destination.path)}`) : html`<span class="missing">none marked required in the spec</span>`}</dd>
<dt>Used in</dt><dd>${flowsUsing.length ? flowsUsing.map(({ flow }, i) => html`${i ? ', ' : ''}${link(anchor('flow', flow.id), flow.title ?? flow.id)}`) : html`<span class="missing">no flow</span>`}</dd>
${r ? html`<dt>Readiness</dt><dd><ul class="plain">${r.items.map((item) => html`<li>${item.ok ? '✔' : '✖'} ${item.label}${item.ok ? '' : html` <span class="meta">(${plural(item.gaps.length, 'gap')})</span>`}</li>`)}</ul></dd>` : ''}
</dl>
<h4>Fields</h4>
${mappingLegend}
<div class="scroll"><table class="fields">
<thead><tr><th scope="col">#</th><th scope="col">Source field</th><th scope="col">Source type</th><th scope="col">Transform</th><th scope="col">Destination field</th><th scope="col">Destination type</th><th scope="col">Required</th><th scope="col">Status</th><th scope="col">Comment</th></tr></thead>
<tbody>${mapping.fields.map((f, i) => {
      const status = f.status ?? 'agreed';
      return html`<tr id="${anchor('field', mapping.id, i)}" class="status-${/^[a-z-]+$/u.test(status) ? status : 'other'}" data-status="${status}"><td>${i + 1}</td><td>${sourceCell(f)}</td><td>${f.source?.type ?? ''}${f.source?.format ? html`<div class="meta">${f.source.format}</div>` : ''}</td><td>${transformCell(mapping.id, i, f.transform, f.source !== undefined)}</td><td>${destinationCell(f)}</td><td>${f.destination.type ?? ''}</td><td>${f.destination.required ? 'required' : ''}</td><td>${statusBadge(status)}</td><td>${f.comment ?? ''}${f.notes ? html`<div class="meta">${f.notes}</div>` : ''}</td></tr>`;
    })}</tbody></table></div>
${inlineMaps.length ? html`<h4>Value maps of this mapping</h4>${inlineMaps.map(({ f, i, map }) => html`<div id="${anchor('vm', mapping.id, i)}"><p>Field ${i + 1}, ${code(f.destination.path)}${f.transform?.unmapped ? html` · unmapped values: ${f.transform.unmapped}` : ''}</p>${valueMapTable(Object.entries(map).map(([from, to]) => ({ from, to })))}</div>`)}` : ''}
<h4>Changelog</h4>
${mapping.changelog?.length ? html`<div class="scroll"><table><thead><tr><th scope="col">Version</th><th scope="col">Date</th><th scope="col">Changes</th><th scope="col">By</th></tr></thead><tbody>${mapping.changelog.map((c) => html`<tr><td>${c.version}</td><td>${c.date ?? ''}</td><td>${typeof c.changes === 'string' ? c.changes : html`<ul>${c.changes.map((x) => html`<li>${x}</li>`)}</ul>`}</td><td>${c.by ?? ''}</td></tr>`)}</tbody></table></div>` : html`<p class="missing">No changelog entry.</p>`}
<h4>Tests</h4>
${mapping.tests?.length ? html`<ul>${mapping.tests.map((t) => testBlock(input, mapping, t))}</ul>` : html`<p class="missing">No test yet.</p>`}
</article>`;
  })}
${m.valueMaps.length ? html`<h3 id="valuemaps">Value maps</h3>${m.valueMaps.map(({ file, valueMap: v }) => html`<div id="${anchor('valuemap', v.id)}"><h4>${v.title ?? v.id}</h4><p class="meta">${code(v.id)} · ${code(file)}${usedValueMaps.has(v.id) ? '' : ' · not used by any mapping'}</p>
${v.description ? html`<p>${v.description}</p>` : ''}
<p>${v.source ? html`From ${systemName(m, v.source.system)}${v.source.field ? html` ${code(v.source.field)}` : ''}` : ''}${v.destination ? html` to ${systemName(m, v.destination.system)}${v.destination.field ? html` ${code(v.destination.field)}` : ''}` : ''}. Unmapped values: ${v.unmapped ?? 'error'}${v.default !== undefined ? html` (default ${code(String(v.default))})` : ''}.</p>
${valueMapTable(v.entries)}</div>`)}` : ''}
</section>`;
}

// ---------- Traceability ----------

function traceability(m: Model): SafeHtml {
  const mappingById = new Map(m.mappings.map(({ mapping }) => [mapping.id, mapping]));
  const rows: SafeHtml[] = [];
  for (const s of m.stories) {
    const serving = m.flows.filter(({ flow }) => flow.stories?.includes(s.id));
    if (!serving.length) rows.push(html`<tr><td>${link(anchor('story', s.id), s.id)}</td><td colspan="4" class="missing">no flow serves this story</td></tr>`);
    for (const { flow } of serving) {
      const steps = flow.steps.filter((st) => st.mapping !== undefined);
      if (!steps.length) rows.push(html`<tr><td>${link(anchor('story', s.id), s.id)}</td><td>${link(anchor('flow', flow.id), flow.title ?? flow.id)}</td><td colspan="3" class="missing">no step uses a mapping</td></tr>`);
      for (const st of steps) {
        const mapping = st.mapping === undefined ? undefined : mappingById.get(st.mapping);
        rows.push(html`<tr><td>${link(anchor('story', s.id), s.id)}</td><td>${link(anchor('flow', flow.id), flow.title ?? flow.id)}</td><td>${link(anchor('step', flow.id, st.id), st.id)}</td><td>${mapping ? link(anchor('mapping', mapping.id), mapping.title ?? mapping.id) : html`${st.mapping} <span class="missing">(not found)</span>`}</td><td>${mapping ? mapping.fields.map((f, i) => html`${i ? ', ' : ''}${link(anchor('field', mapping.id, i), f.destination.path)}`) : ''}</td></tr>`);
      }
    }
  }
  const traced = new Set(m.flows.flatMap(({ flow }) => (flow.stories?.some((id) => m.stories.some((s) => s.id === id)) ? flow.steps.flatMap((st) => (st.mapping ? [st.mapping] : [])) : [])));
  const untraced = m.mappings.filter(({ mapping }) => !traced.has(mapping.id));
  return html`<section class="part" id="traceability" aria-labelledby="traceability-h">
<h2 id="traceability-h">Traceability</h2>
<p class="meta">Each story, the flows that serve it, their steps that run a mapping, and the fields that mapping writes.</p>
<div class="scroll"><table class="trace"><thead><tr><th scope="col">Story</th><th scope="col">Flow</th><th scope="col">Step</th><th scope="col">Mapping</th><th scope="col">Destination fields</th></tr></thead><tbody>${rows}</tbody></table></div>
${untraced.length ? html`<p><strong>Mappings no story reaches:</strong> ${untraced.map(({ mapping }, i) => html`${i ? ', ' : ''}${link(anchor('mapping', mapping.id), mapping.title ?? mapping.id)}`)}</p>` : ''}
</section>`;
}

/** The body of one project's page: navigation and the six parts. */
export function projectBody(input: ProjectPageInput): { title: string; description: string | undefined; toc: SafeHtml; main: SafeHtml } {
  const m = model(input.project);
  const toc = html`<nav class="toc" aria-label="Contents"><ul>
<li><a href="#overview">Overview</a></li>
<li><a href="#stories">Stories</a></li>
<li><a href="#requirements">Requirements</a></li>
<li><a href="#flows">Flows</a>${m.flows.length ? html`<ul>${m.flows.map(({ flow }) => html`<li>${link(anchor('flow', flow.id), flow.title ?? flow.id)}</li>`)}</ul>` : ''}</li>
<li><a href="#mappings">Mappings</a>${m.mappings.length ? html`<ul>${m.mappings.map(({ mapping }) => html`<li>${link(anchor('mapping', mapping.id), mapping.title ?? mapping.id)}</li>`)}</ul>` : ''}</li>
<li><a href="#traceability">Traceability</a></li>
</ul></nav>`;
  const main = html`<main id="content">
${overview(m, input)}
${stories(m)}
${requirements(m)}
${flows(m)}
${mappings(m, input)}
${traceability(m)}
</main>`;
  return { title: m.manifest?.name ?? input.project.name, description: m.manifest?.description, toc, main };
}

/** Counts for the index page. */
export function projectSummary(input: ProjectPageInput): { stories: number; flows: number; mappings: number; complete: number; discuss: number } {
  const m = model(input.project);
  return {
    stories: m.stories.length,
    flows: m.flows.length,
    mappings: m.mappings.length,
    complete: input.readiness.mappings.filter((r) => r.ready).length,
    discuss: m.mappings.reduce((n, { mapping }) => n + mapping.fields.filter((f) => f.status === 'needs-discussion' || f.status === 'new').length, 0),
  };
}

