import { describe, expect, it } from 'vitest';
import { loadProjects, nodeFs } from '@interop-design/core';
import { formatters, renderReport } from '@interop-design/report';
import { runCli, testdir } from '@interop-design/test-utils';
import type { TreeEntry } from '@interop-design/test-utils';
import { checkSamples } from '../src/check.js';

const M = 'mappings/kobo-person.mapping.yaml';
const TOKEN = `ghp_${'Zy9Xw8Vu7T'.repeat(4)}`;
/** Values of the inline records; none may appear in output meant for a pull request. */
const planted = ['hunter2-inline-secret', 'amina.real@example.org', '+254712345678', '+254799999999', '078-05-1120', TOKEN, 'Amina Odhiambo', 'Juma Kamau'];

const mapping = [
  'id: kobo-person', // 1
  'version: 1.0.0',
  'status: draft',
  'source: { system: kobo, resource: submission }',
  'destination: { system: mssql, resource: dbo.person, operation: upsert }', // 5
  'fields:',
  '  - source: { path: name }',
  '    destination: { path: full_name, type: string }',
  '  - source: { path: email }',
  '    destination: { path: email, type: string }', // 10
  '  - source: { path: phone }',
  '    destination: { path: phone, type: string }',
  'tests:',
  '  - name: a person with a phone number',
  '    given:', // 15
  '      record:',
  '        name: Amina Odhiambo',
  '        phone: "+254712345678"',
  '        email: amina.real@example.org',
  '        api_token: hunter2-inline-secret', // 20
  '    expect:',
  '      full_name: Amina Odhiambo',
  '      email: amina.real@example.org',
  '      phone: "+254799999999"',
  '      nid: 078-05-1120', // 25
  '  - name: flow style',
  `    given: { record: { name: Juma Kamau, note: "${TOKEN}" } }`,
  '    expect: { full_name: Juma Kamau }',
  '',
].join('\n');

function project(extra: Record<string, TreeEntry> = {}): Record<string, TreeEntry> {
  return {
    'p/interop-design.yaml': 'name: People\nsystems:\n  kobo: { type: kobo }\n  mssql: { type: mssql }\n',
    [`p/${M}`]: mapping,
    ...extra,
  };
}

function run(files: Record<string, TreeEntry>) {
  const root = testdir(files);
  const [p] = loadProjects(nodeFs(root)).projects;
  if (!p) throw new Error('no project');
  return checkSamples(p);
}

const scanRows = (r: ReturnType<typeof run>) =>
  r.diagnostics
    .filter((d) => d.ruleId === 'sample-credentials' || d.ruleId === 'sample-personal-data')
    .map((d) => [d.ruleId, d.file, d.range.start.line, d.range.start.column, d.path, d.message.split(' in this test')[0]?.split('. Remove')[0]]);

async function cli(root: string, ci: boolean, ...argv: string[]) {
  const { code, stdout, stderr } = await runCli(root, argv, { ci });
  return { code, out: stdout + stderr };
}

describe('inline records of mapping tests (hardening X2)', () => {
  it('X2: a test\'s given record and its expect are scanned like samples, each finding at its key or value in the mapping file', () => {
    const r = run(project());
    const file = `p/${M}`;
    expect(scanRows(r)).toEqual([
      ['sample-credentials', file, 20, 9, '/tests/0/given/record', "credentials committed in a test's inline record: a value under a key that names a secret"],
      ['sample-credentials', file, 27, 48, '/tests/1/given/record', "credentials committed in a test's inline record: a value shaped like a GitHub token"],
      ['sample-personal-data', file, 17, 9, '/tests/0/given/record', '1 likely name next to a phone number'],
      ['sample-personal-data', file, 19, 16, '/tests/0/given/record', '1 likely email address'],
      ['sample-personal-data', file, 18, 16, '/tests/0/given/record', '1 likely phone number'],
      ['sample-personal-data', file, 22, 7, '/tests/0/expect', '1 likely name next to a phone number'],
      ['sample-personal-data', file, 23, 14, '/tests/0/expect', '1 likely email address'],
      ['sample-personal-data', file, 24, 14, '/tests/0/expect', '1 likely phone number'],
      ['sample-personal-data', file, 25, 12, '/tests/0/expect', '1 likely national id number'],
    ]);
    // The expected values are named as such, not as the inline record.
    expect(r.diagnostics.filter((d) => d.ruleId === 'sample-personal-data').map((d) => [d.path, d.message.includes("in this test's expected values:"), d.message.includes("in this test's inline record:")])).toEqual([
      ...Array.from({ length: 3 }, () => ['/tests/0/given/record', false, true]),
      ...Array.from({ length: 4 }, () => ['/tests/0/expect', true, false]),
    ]);
    for (const d of r.diagnostics) {
      for (const value of planted) expect(d.message, value).not.toContain(value);
      // Keys of inline records are data too (O21): never in the pointer or the message.
      expect(`${d.path ?? ''} ${d.message}`).not.toMatch(/api_token|\/name\b|\/note\b/u);
    }
    expect(new Set(r.diagnostics.map((d) => d.fingerprint)).size).toBe(r.diagnostics.length);
  });

  it('X2: a record given by file is not scanned here (the sample scan reads the file); synthetic mapping files count names next to phone numbers only', () => {
    const byFile = mapping.replace(/ {4}given:\n {6}record:\n(?: {8}.*\n){4}/u, '    given: { file: sampleData/people.json, record: 0 }\n');
    const r = run(project({ [`p/${M}`]: byFile, 'p/sampleData/people.json': '[{"name": "x"}]\n' }));
    expect(scanRows(r).map((x) => x[4])).not.toContain('/tests/0/given/record');
    const synthetic = run(project({ 'p/interop-design.yaml': 'name: People\nsystems:\n  kobo: { type: kobo }\n  mssql: { type: mssql }\nsamples:\n  synthetic: ["mappings/**"]\n' }));
    expect(scanRows(synthetic).map((x) => [x[0], x[2], x[5]])).toEqual([
      ['sample-credentials', 20, "credentials committed in a test's inline record: a value under a key that names a secret"],
      ['sample-credentials', 27, "credentials committed in a test's inline record: a value shaped like a GitHub token"],
      ['sample-personal-data', 17, '1 likely name next to a phone number'],
      ['sample-personal-data', 22, '1 likely name next to a phone number'],
    ]);
  });

  it.each([
    ['check-samples', 'stylish'],
    ['check-samples', 'json'],
    ['lint', 'json'],
    ['lint', 'sarif'],
    ['lint', 'github'],
    ['test', 'stylish'],
  ])('X2: no value of an inline record in %s --format %s under CI', async (command, format) => {
    const root = testdir(project());
    const args = command === 'test' ? [command] : command === 'lint' ? [command, '--ruleset', 'ready', '--format', format] : [command, '--format', format];
    const { code, out } = await cli(root, true, ...args);
    expect(code).toBe(1);
    expect(out.length).toBeGreaterThan(20);
    // check-samples reports the scan; lint (ready) and test report the failing test, by its paths.
    expect(out).toContain(command === 'check-samples' ? 'sample-credentials' : command === 'lint' ? 'mapping-test' : 'nid');
    for (const value of planted) expect(out, value).not.toContain(value);
    // Locally, `test` shows the values that differ: the check above can fail.
    if (command === 'test') expect((await cli(root, false, ...args)).out).toContain('+254799999999');
  });

  it('X2: no value of an inline record in the Action\'s sticky comment, job summary, SARIF file or annotations', () => {
    // The Action reports check-samples' findings with these renderers (packages/action/src/main.ts).
    const r = run(project());
    expect(r.diagnostics.length).toBeGreaterThan(5);
    const outputs = [true, false].map((sticky) => renderReport({ analysis: { projects: [], diagnostics: r.diagnostics, notes: [] }, commit: 'a'.repeat(40), notes: [], runUrl: undefined }, { maxBytes: 60_000, sticky }));
    for (const [name, format] of Object.entries(formatters)) outputs.push(`${name}\n${format(r.diagnostics, { color: false, fileCount: 2, rules: [], version: '0.0.0' })}`);
    for (const text of outputs) {
      expect(text).toMatch(/sample-credentials/u);
      for (const value of planted) expect(text, value).not.toContain(value);
    }
  });
});
