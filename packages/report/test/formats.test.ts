import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Options, ValidateFunction } from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '@interop-design/core';
import { escapeMarkdown, fenceFor, github, junit, markdown, sarif } from '../src/index.js';

const require = createRequire(import.meta.url);
// ajv-draft-04 is CommonJS whose module.exports is the class.
const Ajv04 = require('ajv-draft-04') as new (options: Options) => { compile(schema: object): ValidateFunction };
// The SARIF schema declares uri and date-time formats: check them rather than ignore them.
const addFormats = require('ajv-formats') as (ajv: object) => unknown;

const d = (over: Partial<Diagnostic>): Diagnostic => ({
  ruleId: 'reference-system',
  severity: 'error',
  message: 'unknown system "comcare": declare it under systems',
  file: 'examples/a/mappings/patient.mapping.yaml',
  range: { start: { line: 8, column: 11 }, end: { line: 8, column: 18 } },
  path: '/source/system',
  fingerprint: '0123456789abcdef0123',
  ...over,
});
const hostile = 'x @octocat #1 <img src=//x> <!-- </details> ``` | a\nb \u202e \u200b [link](http://x) *bold* _i_';

describe('sarif', () => {
  it('validates against the SARIF 2.1.0 schema, with rule metadata and fingerprints', () => {
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
    // Every format of the schema is known: nothing is ignored, nothing is logged.
    const logged: unknown[] = [];
    const logger = { log: (...a: unknown[]) => logged.push(a), warn: (...a: unknown[]) => logged.push(a), error: (...a: unknown[]) => logged.push(a) };
    const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false, logger });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(logged).toEqual([]);
    const out = sarif([d({}), d({ ruleId: 'mapping-key', severity: 'warning', file: 'a b/ü.yaml' }), d({ ruleId: 'mapping-field-status', severity: 'info', path: undefined })], {
      rules: [{ id: 'mapping-key', description: 'Upserts need a key.', docs: 'https://interop-design.dev/rules/mapping-key' }],
      version: '0.1.0',
    });
    const log = JSON.parse(out) as { runs: { tool: { driver: { rules: { id: string; helpUri?: string }[] } }; results: { ruleIndex: number; ruleId: string; level: string; partialFingerprints: Record<string, string>; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const run = log.runs[0];
    expect(run?.tool.driver.rules.map((r) => r.id)).toEqual(['mapping-field-status', 'mapping-key', 'reference-system']);
    expect(run?.tool.driver.rules[1]?.helpUri).toBe('https://interop-design.dev/rules/mapping-key');
    for (const r of run?.results ?? []) expect(run?.tool.driver.rules[r.ruleIndex]?.id).toBe(r.ruleId);
    expect(run?.results.map((r) => r.level)).toEqual(['warning', 'note', 'error']);
    expect(run?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe('a%20b/%C3%BC.yaml');
    expect(run?.results[1]?.partialFingerprints).toEqual({ 'interopDesign/v1': '0123456789abcdef0123' });
  });
});

describe('github', () => {
  it('writes one escaped workflow command per finding', () => {
    const out = github([d({}), d({ severity: 'info', file: 'a,b:c.yaml', message: '100% done\nnext line' })]);
    expect(out).toBe(
      '::notice file=a%2Cb%3Ac.yaml,line=8,col=11,endLine=8,endColumn=18,title=reference-system::100%25 done%0Anext line\n' +
        '::error file=examples/a/mappings/patient.mapping.yaml,line=8,col=11,endLine=8,endColumn=18,title=reference-system::unknown system "comcare": declare it under systems\n',
    );
  });

  it('O3: a file name cannot forge a second command', () => {
    const out = github([d({ file: 'a\n::error file=x::pwn.yaml' })]);
    expect(out.split('\n').filter(Boolean)).toHaveLength(1);
  });
});

describe('junit', () => {
  it('writes a suite per file and a failure per error or warning, escaped', () => {
    const out = junit([d({ message: 'a < b & "c"' }), d({ severity: 'info', ruleId: 'mapping-field-status' })]);
    expect(out).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="interop-design" tests="2" failures="1">/u);
    expect(out).toContain('<testsuite name="examples/a/mappings/patient.mapping.yaml" tests="2" failures="1" errors="0">');
    expect(out).toContain('<failure type="error" message="a &lt; b &amp; &quot;c&quot;">');
    expect(out).toContain('<testcase classname="examples/a/mappings/patient.mapping.yaml" name="mapping-field-status 8:11"></testcase>');
    expect(junit([])).toContain('tests="1" failures="0"');
  });
});

describe('markdown', () => {
  it('O2: renders hostile text inert and keeps the table intact', () => {
    const out = markdown([d({ message: hostile, file: 'x|y.yaml' })]);
    const row = out.split('\n').find((l) => l.startsWith('| ❌'));
    expect(row).toBeDefined();
    expect(row?.split('|').length).toBe(6);
    expect(row).not.toMatch(/#1\b/u);
    for (const bad of ['@octocat', '<img', '<!--', '</details>', '```', '\u202e', '\u200b', '](', '*bold*', '_i_', '\n']) expect(row).not.toContain(bad);
    expect(out.split('\n').filter((l) => l.startsWith('|'))).toHaveLength(3);
  });

  it('escapeMarkdown keeps the visible text', () => {
    expect(escapeMarkdown('Gender__c <x> @team #12 https://x')).toBe('Gender&#95;&#95;c &lt;x&gt; @&#8203;team #&#8203;12 https:&#8203;//x');
    expect(escapeMarkdown('données 患者')).toBe('données 患者');
  });

  it('fenceFor is longer than any backtick run', () => {
    expect(fenceFor('no ticks')).toBe('```');
    expect(fenceFor('a ```` b')).toBe('`````');
  });

  it('says so when there is nothing to report', () => {
    expect(markdown([], { fileCount: 4 })).toBe('**interop-design**: no problems found in 4 files.\n');
  });
});
