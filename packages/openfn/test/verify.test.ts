import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProjects, nodeFs } from '@interop-design/core';
import type { Project } from '@interop-design/core';
import { exportProject, transformInterpreter, verifyJobs } from '../src/index.js';
import type { ExportResult } from '../src/index.js';

const repo = path.resolve(import.meta.dirname, '../../..');
const fixture = 'packages/openfn/test/__fixtures__/kobo-dhis2';
/** CommCare form submissions as the form API lists them: blanks as "", a one-entry repeat as an object, microsecond times. */
const commcare = 'packages/openfn/test/__fixtures__/commcare-dhis2';
/** Kobo monthly reports (`results[]` of the data API) to a DHIS2 data value set with the org unit on each value. */
const aggregate = 'packages/openfn/test/__fixtures__/kobo-dhis2-aggregate';

function load(rel: string): Project {
  const p = loadProjects(nodeFs(repo), [rel]).projects[0];
  if (!p) throw new Error(`no project at ${rel}`);
  return p;
}

describe('verify: generated jobs under @openfn/runtime build the interpreter\'s records', () => {
  it.each(['examples/commcare-salesforce', 'examples/dhis2-godata', 'examples/kobo-mssql', fixture, commcare, aggregate])('%s: equal field by field on every source sample', async (rel) => {
    const project = load(rel);
    const result = exportProject(project);
    const verdicts = await verifyJobs(project, result, { interpreter: transformInterpreter });
    // Every mapping a flow step applies has its job run.
    const applied = new Set(result.jobs.flatMap((j) => (j.mapping ? [j.mapping] : [])));
    expect(new Set(verdicts.map((v) => v.mapping))).toEqual(applied);
    // Every mapping of the design is applied by some flow step, so every mapping is proven.
    expect(applied).toEqual(new Set(project.mappings.map((d) => (d.valid ? d.data?.id : d.file))));
    for (const v of verdicts) {
      expect(v, `${v.workflow}/${v.job}`).toMatchObject({ mismatches: [] });
      expect(v.failure).toBeUndefined();
      expect(v.records).toBeGreaterThan(0);
      expect(v.equal + v.rejectedAlike).toBeGreaterThan(0);
      // `jsonata: "_geolocation[0]"` is a plain path: translated and compared, not left as a TODO.
      if (v.mapping === 'kobo-mssql-household') expect(v.skipped).toEqual([]);
    }
  }, 120_000);

  it('CommCare blanks: the job leaves them blank as the interpreter does, and a job that judged them would fail', async () => {
    const project = load(commcare);
    const result = exportProject(project);
    const [verdict] = await verifyJobs(project, result, { interpreter: transformInterpreter });
    // Record 1 has a blank phone, a blank weight in its first visit and a blank feeding in its second.
    expect(verdict).toMatchObject({ records: 3, mismatches: [], skipped: [] });
    const judging = (from: string, to: string): ExportResult => ({
      ...result,
      jobs: result.jobs.map((j) => {
        if (!j.body.includes(from)) return j;
        return { ...j, body: j.body.replace(from, to) };
      }),
    });
    const [phone] = await verifyJobs(project, judging("if (Array.isArray(value)) return perItem(value, (item) => toE164(item, callingCode, field));\n  if (value === '') return value;", "if (Array.isArray(value)) return perItem(value, (item) => toE164(item, callingCode, field));"), { interpreter: transformInterpreter });
    expect(phone?.mismatches).toEqual([{ sample: 'sampleData/commcare-registrations.json', record: 1, field: 'attributes[attribute=P2cwLGskgxn].value', problem: 'job-failed' }]);
    const [feeding] = await verifyJobs(project, judging("  if (value === '') return Object.prototype.hasOwnProperty.call(table, '') ? table[''] : value;\n", ''), { interpreter: transformInterpreter });
    expect(feeding?.mismatches.map((m) => [m.record, m.field, m.problem])).toEqual([[1, 'enrollments[0].events[].dataValues[dataElement=X8zyunlgUfM].value', 'job-failed']]);
  }, 120_000);

  it('a constant under a [] goes into every event the job made, as the interpreter does; a job that wrote item 0 only would differ', async () => {
    const project = load(commcare);
    const result = exportProject(project);
    const job = result.jobs.find((j) => j.body.includes('"ZzYYXq4fJie"'));
    // The constant is computed after the fields that make the events, once per event.
    const body = job?.body ?? '';
    expect(body.indexOf('value = "ZzYYXq4fJie";')).toBeGreaterThan(body.indexOf('"visit_date"'));
    expect(body).toContain('const list = get(record, ["enrollments", 0, "events"])[0];');
    const itemZero: ExportResult = { ...result, jobs: result.jobs.map((j) => (j === job ? { ...j, body: j.body.replace('value = list.map(() => constant);', 'value = constant;') } : j)) };
    const [verdict] = await verifyJobs(project, itemZero, { interpreter: transformInterpreter });
    // Record 1 has two visits: the second event lacks its programStage. Record 0 has one, record 2 none.
    expect(verdict?.mismatches.map((m) => [m.record, m.field])).toEqual([[1, 'enrollments[0].events[].programStage']]);
  }, 120_000);

  it('a value read once (the facility) goes into every event the job made, as the interpreter does; a job that wrote item 0 only would differ', async () => {
    const project = load(commcare);
    const result = exportProject(project);
    const job = result.jobs.find((j) => j.body.includes('"ZzYYXq4fJie"'));
    const body = job?.body ?? '';
    const orgUnit = body.indexOf('// 14. enrollments[0].events[].orgUnit <- form.facility (value map)');
    expect(orgUnit).toBeGreaterThan(body.indexOf('"visit_date"'));
    expect(body.indexOf('value = list.map(() => one);', orgUnit)).toBeGreaterThan(orgUnit);
    const itemZero: ExportResult = { ...result, jobs: result.jobs.map((j) => (j === job ? { ...j, body: j.body.replace('value = list.map(() => one);', 'value = one;') } : j)) };
    const [verdict] = await verifyJobs(project, itemZero, { interpreter: transformInterpreter });
    expect(verdict?.mismatches.map((m) => [m.record, m.field])).toEqual([[1, 'enrollments[0].events[].orgUnit']]);
  }, 120_000);

  it('a value read once (the facility) goes into every data value the picks made, as the interpreter does; a job that wrote item 0 only would differ', async () => {
    const project = load(aggregate);
    const result = exportProject(project);
    const [job] = result.jobs.filter((j) => j.mapping === 'kobo-dhis2-monthly-report');
    const body = job?.body ?? '';
    const orgUnit = body.indexOf('// 2. dataValues[].orgUnit <- facility (direct)');
    // Written after the picks that make the data values, once per data value.
    expect(orgUnit).toBeGreaterThan(body.indexOf('"f7n9E0hX8qk"'));
    expect(body.indexOf('value = list.map(() => one);', orgUnit)).toBeGreaterThan(orgUnit);
    const [verdict] = await verifyJobs(project, result, { interpreter: transformInterpreter });
    expect(verdict).toMatchObject({ records: 2, mismatches: [], skipped: [] });
    const itemZero: ExportResult = { ...result, jobs: result.jobs.map((j) => (j === job ? { ...j, body: j.body.replace('value = list.map(() => one);', 'value = one;') } : j)) };
    const [tampered] = await verifyJobs(project, itemZero, { interpreter: transformInterpreter });
    expect(tampered?.mismatches.map((m) => [m.record, m.field])).toEqual([
      [0, 'dataValues[].orgUnit'],
      [1, 'dataValues[].orgUnit'],
    ]);
  }, 120_000);

  it('reports the field and record where a job and the spec differ, and a job that fails', async () => {
    const project = load(fixture);
    const result = exportProject(project);
    const tamper = (from: string, to: string): ExportResult => ({
      ...result,
      jobs: result.jobs.map((j) => {
        if (j.job !== 'register') return j;
        if (!j.body.includes(from)) throw new Error(`the job does not contain ${from}`);
        return { ...j, body: j.body.replace(from, to) };
      }),
    });
    const [changed] = await verifyJobs(project, tamper('"yes": "true"', '"yes": "TRUE"'), { interpreter: transformInterpreter });
    expect(changed?.mismatches).toEqual([{ sample: 'sampleData/kobo-registrations.json', record: 0, field: 'attributes[attribute=Xn4WfYnZzS2].value', problem: 'differs' }]);
    const [dropped] = await verifyJobs(project, tamper('put(record, ["orgUnit"], value, "orgUnit");', ''), { interpreter: transformInterpreter });
    expect(dropped?.mismatches.map((m) => [m.record, m.field, m.problem])).toEqual([
      [0, 'orgUnit', 'missing'],
      [1, 'orgUnit', 'missing'],
    ]);
    const [failing] = await verifyJobs(project, tamper('"no": "false"', '"non": "false"'), { interpreter: transformInterpreter });
    expect(failing?.mismatches).toEqual([{ sample: 'sampleData/kobo-registrations.json', record: 1, field: 'attributes[attribute=Xn4WfYnZzS2].value', problem: 'job-failed' }]);
  }, 120_000);
});
