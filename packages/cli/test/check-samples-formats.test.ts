import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { minimalProject, testdir } from '@interop-design/test-utils';

// check-samples writes its findings through the same formatters as lint, and its sample
// coverage in a documented place of each (README: check-samples output).

async function run(cwd: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { cwd, color: false, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const MAPPING = 'p/mappings/kobo-row.mapping.yaml';
const SAMPLE = 'p/sampleData/submission.json';
const secret = 'hunter2-but-real';

/** The minimal project whose second sample record has a text id, a value outside the value map and a password. */
function badSamples(): string {
  const files = minimalProject('p/');
  files[SAMPLE] = `[\n  {"_id": 1, "wash/water_source": "piped"},\n  {"_id": "two", "wash/water_source": "well", "password": "${secret}"}\n]\n`;
  return testdir(files);
}

/** [rule id, file, line, column] of every finding, in the order written. */
const expected = [
  ['sample-type', MAPPING, 11, 21],
  ['sample-choice', MAPPING, 13, 21],
  ['sample-credentials', SAMPLE, 3, 47],
];

const coverage = [{ mapping: 'kobo-row', file: 'sampleData/submission.json', records: 2, paths: { resolved: 2, total: 2 }, sampleKeys: { mapped: 2, total: 3 }, project: 'p' }];

interface Json {
  summary: { errors: number; warnings: number; infos: number };
  diagnostics: { ruleId: string; file: string; range: { start: { line: number; column: number } }; path?: string; related?: { file: string; range: { start: { line: number; column: number } } }[] }[];
  coverage: unknown;
}

interface Sarif {
  runs: {
    tool: { driver: { name: string; rules: { id: string; helpUri?: string }[] } };
    results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[]; relatedLocations?: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[]; properties?: { jsonPointer: string } }[];
    properties?: { coverage: unknown };
  }[];
}

describe('check-samples --format json', () => {
  it('writes the findings at file, line and column, the coverage rows, and exits 1 on an error', async () => {
    const r = await run(badSamples(), 'check-samples', 'p', '--format', 'json');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as Json;
    expect(out.summary).toEqual({ errors: 3, warnings: 0, infos: 0 });
    expect(out.diagnostics.map((d) => [d.ruleId, d.file, d.range.start.line, d.range.start.column])).toEqual(expected);
    expect(out.diagnostics.map((d) => d.path)).toEqual(['/fields/0/source/path', '/fields/1/source/path', undefined]);
    // The mapping's findings point at the first offending value in the sample (line 3, the text id at column 11), never quoting it.
    expect(out.diagnostics[0]?.related?.map((x) => [x.file, x.range.start.line, x.range.start.column])).toEqual([[SAMPLE, 3, 11]]);
    expect(out.coverage).toEqual(coverage);
    expect(r.stdout).not.toContain(secret);
    expect(r.stdout).not.toContain('well');
  });

  it('exits by --fail-on, and 0 with an empty list on clean samples', async () => {
    const dir = badSamples();
    expect((await run(dir, 'check-samples', 'p', '--format', 'json', '--fail-on', 'never')).code).toBe(0);
    expect((await run(dir, 'check-samples', 'p', '--format', 'json', '--fail-on', 'info')).code).toBe(1);
    const clean = await run(testdir(minimalProject('p/')), 'check-samples', 'p', '--format', 'json', '--fail-on', 'info');
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout)).toMatchObject({ summary: { errors: 0, warnings: 0, infos: 0 }, diagnostics: [], coverage: [{ ...coverage[0], records: 1, sampleKeys: { mapped: 2, total: 2 } }] });
  });
});

describe('check-samples --format sarif', () => {
  it('writes SARIF 2.1.0 results at file, line and column, rule descriptors with docs, and the coverage in the run properties', async () => {
    const r = await run(badSamples(), 'check-samples', 'p', '--format', 'sarif');
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout) as Sarif & { version: string };
    expect(log.version).toBe('2.1.0');
    const [sarifRun] = log.runs;
    expect(sarifRun?.results.map((x) => [x.ruleId, x.locations[0]?.physicalLocation.artifactLocation.uri, x.locations[0]?.physicalLocation.region.startLine, x.locations[0]?.physicalLocation.region.startColumn])).toEqual(expected);
    expect(sarifRun?.results.map((x) => x.level)).toEqual(['error', 'error', 'error']);
    expect(sarifRun?.results[1]?.relatedLocations?.map((x) => [x.physicalLocation.artifactLocation.uri, x.physicalLocation.region.startLine, x.physicalLocation.region.startColumn])).toEqual([[SAMPLE, 3, 39]]);
    expect(sarifRun?.results[1]?.properties).toEqual({ jsonPointer: '/fields/1/source/path' });
    expect(sarifRun?.tool.driver.rules.map((x) => [x.id, x.helpUri === `https://interop-design.dev/rules/samples#${x.id}`])).toEqual([
      ['sample-choice', true],
      ['sample-credentials', true],
      ['sample-type', true],
    ]);
    expect(sarifRun?.properties?.coverage).toEqual(coverage);
    expect(r.stdout).not.toContain(secret);
    expect((await run(badSamples(), 'check-samples', 'p', '--format', 'sarif', '--fail-on', 'never')).code).toBe(0);
  });
});

describe('check-samples in the other formats', () => {
  it('writes stylish, Markdown, JUnit and GitHub annotations through the lint formatters, coverage where the format has room', async () => {
    const dir = badSamples();
    const stylish = await run(dir, 'check-samples', 'p');
    expect(stylish.code).toBe(1);
    expect(stylish.stdout).toContain(`${SAMPLE}\n  3:47  error  credentials committed in sample data`);
    expect(stylish.stdout).toMatch(/\nSample coverage\nmapping {3}records {2}mapped paths found {2}sample keys mapped\nkobo-row {2}2 {8}2\/2 \(100%\) {10}2\/3 \(67%\)\n$/u);
    const md = await run(dir, 'check-samples', 'p', '-f', 'markdown');
    expect(md.stdout).toContain(`| ❌ error | ${SAMPLE}:3:47 | credentials committed in sample data`);
    expect(md.stdout).toContain('### Sample coverage\n\n| Mapping | Sample | Records | Mapped paths found | Sample keys mapped |\n| --- | --- | --- | --- | --- |\n| kobo-row | sampleData/submission.json | 2 | 2/2 (100%) | 2/3 (67%) |\n');
    const github = await run(dir, 'check-samples', 'p', '-f', 'github');
    expect(github.stdout.split('\n').filter(Boolean).map((l) => /^::(\w+) file=([^,]+),line=(\d+),col=(\d+),.*title=([\w-]+)::/u.exec(l)?.slice(1))).toEqual(expected.map(([rule, file, line, col]) => ['error', file, String(line), String(col), rule]));
    const junit = await run(dir, 'check-samples', 'p', '-f', 'junit');
    expect(junit.stdout).toContain(`<testcase classname="${SAMPLE}" name="sample-credentials 3:47">`);
    for (const r of [md, github, junit]) {
      expect(r.code).toBe(1);
      expect(r.stdout).not.toContain(secret);
    }
    const bad = await run(dir, 'check-samples', 'p', '-f', 'yaml');
    expect(bad.code).toBe(2);
  });
});
