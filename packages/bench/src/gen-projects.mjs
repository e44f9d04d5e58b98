// Generates a realistic design project at scale: mappings of 100 fields, flows, stories, value maps, samples.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const systems = 'systems:\n  kobo: { name: KoboToolbox, type: kobo }\n  openfn: { name: OpenFn, type: openfn }\n  mssql: { name: Central database, type: mssql }\n';

/**
 * Writes the project into `dir` and returns the number of files. `variant` edits some mappings (for diff).
 * `varied` is a second shape the rules were not tuned on: a sample file per mapping, flows of many
 * steps (20 manual steps besides the mappings' jobs), every mapping using the shared value maps,
 * and an info finding in every file: an SQL export of the database declaring one table only, so
 * every mapping's destination table is `metadata-unknown-resource`, and fields needing discussion.
 */
export function generateProject(dir, { mappings = 1000, fieldsPerMapping = 100, flows = 200, stories = 2000, valueMaps = 50, variant = 0, varied = false } = {}) {
  rmSync(dir, { recursive: true, force: true });
  for (const sub of ['mappings', 'flows', 'valuemaps', 'sampleData', 'stories']) mkdirSync(path.join(dir, sub), { recursive: true });
  let files = 0;
  const put = (rel, text) => {
    writeFileSync(path.join(dir, rel), text);
    files++;
  };
  const systemsText = varied ? systems.replace('type: mssql }', 'type: mssql, metadata: metadata/central.sql }') : systems;
  if (varied) {
    mkdirSync(path.join(dir, 'metadata'), { recursive: true });
    put('metadata/central.sql', `CREATE TABLE dbo.audit_log (\n  id INT IDENTITY(1,1) PRIMARY KEY,\n  happened_at DATETIME2 NOT NULL,\n  note NVARCHAR(400) NULL\n);\n`);
  }
  put('interop-design.yaml', `# yaml-language-server: $schema=https://interop-design.dev/schemas/v1/manifest.schema.json\nname: Generated at scale\ndescription: ${mappings} mappings for benchmarks.\n${systemsText}lint:\n  extends: recommended\n  overrides:\n    - files: ["sampleData/**"]\n      rules: { sample-personal-data: off }\n`);
  for (let f = 0; f < Math.ceil(stories / 100); f++) {
    const list = Array.from({ length: Math.min(100, stories - f * 100) }, (_, i) => {
      const n = f * 100 + i;
      return `  - id: US-${n}\n    asA: district data manager ${n % 7}\n    iWant: household survey ${n} submissions in the central database\n    soThat: dashboards for district ${n % 40} are current\n    systems: [kobo, mssql]\n    priority: ${['must', 'should', 'could'][n % 3]}\n    status: agreed\n    acceptance:\n      - Given a submission, when it is received, then a row exists within 5 minutes`;
    });
    put(`stories/part-${f}.stories.yaml`, `stories:\n${list.join('\n')}\n`);
  }
  put('requirements.yaml', 'purpose: { problem: Weekly manual exports, efficiency: Six hours a week }\nresources: [{ system: mssql, resource: dbo.household_survey, operations: [upsert] }]\ndirection: one-way\nsystemOfRecord: kobo\nvolume: [{ count: 600, per: day, of: submissions }]\nfrequency: real-time\ntriggers: [{ type: event, system: kobo, event: submission received }]\nchangeLikelihood: { level: high }\ncapacity: { technical: medium }\napiDocs: [{ system: kobo, url: "https://support.kobotoolbox.org/api.html" }]\nsampleData: []\n');
  for (let v = 0; v < valueMaps; v++) {
    put(`valuemaps/choice-${v}.valuemap.yaml`, `id: choice-${v}\nsource: { system: kobo, field: q${v}, choices: [a, b, c, d] }\ndestination: { system: mssql, field: c${v}, choices: [A, B, C, D] }\nentries:\n  - { from: a, to: A }\n  - { from: b, to: B }\n  - { from: c, to: ${variant === 1 && v % 10 === 0 ? 'D' : 'C'} }\n  - { from: d, to: D }\nunmapped: error\n`);
  }
  const storiesPerFlow = Math.max(1, Math.floor(stories / flows));
  for (let fl = 0; fl < flows; fl++) {
    const own = Array.from({ length: Math.ceil(mappings / flows) }, (_, k) => fl * Math.ceil(mappings / flows) + k).filter((m) => m < mappings);
    const steps = own.map((m, k) => `  - id: upsert-${m}\n    lane: openfn\n    actor: system\n    action: Upserts submission rows of form ${m}\n    mapping: form-${m}\n    next:\n      - { to: ${k + 1 < own.length ? `upsert-${own[k + 1]}` : 'stored'}, on: success }\n      - { to: alert, on: failure }`);
    const storyIds = Array.from({ length: storiesPerFlow }, (_, k) => `US-${fl * storiesPerFlow + k}`).filter((s) => Number(s.slice(3)) < stories);
    // Many steps: a chain of manual review steps between the jobs and the stored rows.
    const manual = varied ? 20 : 0;
    const chain = Array.from({ length: manual }, (_, k) => `  - id: review-${k}\n    lane: manager\n    actor: user\n    action: Data manager reviews batch ${k} of form group ${fl}\n    next:\n      - { to: ${k + 1 < manual ? `review-${k + 1}` : 'stored'}, on: success }\n      - { to: alert, on: failure }`);
    const afterJobs = manual ? 'review-0' : 'stored';
    const stepText = manual ? steps.map((t) => t.replace('{ to: stored, on: success }', `{ to: ${afterJobs}, on: success }`)) : steps;
    put(`flows/flow-${fl}.flow.yaml`, `id: flow-${fl}\ntitle: Kobo form group ${fl} submissions\nstories: [${storyIds.join(', ')}]\ntrigger: { type: event, system: kobo, event: submission received }\nlanes:\n  - { id: kobo, kind: system }\n  - { id: openfn, kind: system }\n  - { id: mssql, kind: system }\n${manual ? '  - { id: manager, kind: user }\n' : ''}steps:\n  - { id: post, lane: kobo, actor: system, action: Posts the submission, next: [${own.length ? `upsert-${own[0]}` : afterJobs}] }\n${stepText.join('\n')}\n${chain.length ? `${chain.join('\n')}\n` : ''}  - { id: alert, lane: openfn, actor: system, action: Emails the data manager }\n  - { id: stored, lane: mssql, actor: system, action: Rows available }\n`);
  }
  const perSample = varied ? 1 : 10;
  for (let s = 0; s < Math.ceil(mappings / perSample); s++) {
    const rec = {};
    for (let q = 0; q < fieldsPerMapping; q++) rec[`group_${q % 10}/question_${q}`] = q % 5 === 0 ? 'a' : String(q);
    rec._id = 1000 + s;
    put(`sampleData/form-${s}.json`, JSON.stringify({ body: rec }, null, 1));
  }
  for (let m = 0; m < mappings; m++) {
    const flow = Math.floor(m / Math.ceil(mappings / flows));
    const changed = variant && m % 10 === 0;
    const fields = Array.from({ length: fieldsPerMapping }, (_, q) => {
      const choice = q % 5 === 0;
      const src = `'["group_${q % 10}/question_${q}"]'`;
      const type = choice ? `choice, choices: [a, b, c, d]` : q % 3 === 0 ? 'integer' : 'string';
      const dtype = choice ? 'choice, choices: [A, B, C, D]' : q % 3 === 0 ? 'integer' : 'string';
      const transform = choice ? `\n    transform: { valueMap: choice-${q % valueMaps} }` : '';
      const status = q % 17 === 0 ? 'needs-discussion\n    comment: Confirm the column' : 'agreed';
      return `  - source: { path: ${src}, type: ${type} }\n    destination: { path: ${changed && q === 1 ? 'renamed_col' : `col_${q}`}, type: ${dtype}${q === 0 ? ', required: true' : ''} }${transform}\n    status: ${status}`;
    });
    if (changed) fields.push(`  - source: { path: _id, type: integer }\n    destination: { path: extra_${m}, type: integer }\n    status: new`);
    put(`mappings/form-${m}.mapping.yaml`, `# yaml-language-server: $schema=https://interop-design.dev/schemas/v1/mapping.schema.json\nid: form-${m}\ntitle: Kobo form ${m} -> dbo.form_${m}\nversion: ${changed ? '2.0.0' : '1.0.0'}\nstatus: in-review\nflows: [flow-${flow}]\nsource:\n  system: kobo\n  resource: submission (form ${m})\n  samples: [{ file: sampleData/form-${Math.floor(m / perSample)}.json, records: body }]\ndestination:\n  system: mssql\n  resource: dbo.form_${m}\n  operation: upsert\n  key: { source: '["group_0/question_0"]', destination: col_0 }\nfields:\n${fields.join('\n')}\nchangelog:\n${changed ? '  - { version: 2.0.0, date: 2026-11-24, changes: A column renamed and one added }\n' : ''}  - { version: 1.0.0, date: 2026-11-01, changes: First version }\n`);
  }
  return files;
}
