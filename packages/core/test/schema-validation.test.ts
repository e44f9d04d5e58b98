import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SchemaKind } from '@interop-design/schema';
import { fileKind } from '../src/kinds.js';
import { validateAgainstSchema } from '../src/validate.js';
import { loadYaml } from '../src/yaml-load.js';

const examples = path.resolve(import.meta.dirname, '../../../examples');

function designFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? designFiles(full) : [full];
  });
}

const parse = (text: string): unknown => loadYaml('x.yaml', text).value;

/** [kind, YAML text, expected problems as `pointer message-fragment`]. */
const invalid: [SchemaKind, string, [string, RegExp][]][] = [
  ['manifest', 'systems: { a: { type: kobo } }\n', [['', /missing required property "name"/u]]],
  ['manifest', 'name: x\nsystems: {}\n', [['/systems', /fewer than 1/u]]],
  ['manifest', 'name: x\nsystems: { "1bad": { type: kobo } }\n', [['/systems/1bad', /"1bad" is not a valid system id/u]]],
  ['manifest', 'name: x\nsystems: { a: { type: kobo, nmae: A } }\n', [['/systems/a/nmae', /did you mean "name"/u]]],
  ['manifest', 'name: x\nsystems: { a: { type: kobo } }\nlint: { extends: strictest }\n', [['/lint/extends', /must be one of: recommended, strict, ready/u]]],
  ['manifest', 'name: x\nsystems: { a: { type: kobo } }\nlint: { rules: { some-rule: loud } }\n', [['/lint/rules/some-rule', /must be one of|does not match/u]]],
  ['stories', 'stories:\n  - id: US-1\n    asA: nurse\n', [['/stories/0', /missing required property "iWant"/u], ['/stories/0', /missing required property "soThat"/u]]],
  ['stories', 'stories:\n  - { id: US-1, text: "As a nurse, I want x so that y", priority: high }\n', [['/stories/0/priority', /must be one of: must, should, could/u]]],
  ['stories', '- id: US-1\n', [['', /expected a mapping/u]]],
  ['requirements', 'direction: both-ways\n', [['/direction', /must be one of: one-way, two-way/u]]],
  ['requirements', 'volume: [{ count: lots, per: day, of: cases }]\n', [['/volume/0/count', /expected a number/u]]],
  ['requirements', 'volume: [{ count: 5, per: fortnight, of: cases }]\n', [['/volume/0/per', /must be one of: minute/u]]],
  ['requirements', 'capacity: { selfManage: maybe }\n', [['/capacity/selfManage', /must be one of: yes, no, undecided/u]]],
  ['requirements', 'purpose: { efficiency: x }\n', [['/purpose', /missing required property "problem"/u]]],
  ['flow', 'id: f\ntrigger: { type: webhook }\nlanes: [{ id: a, kind: system }]\nsteps: [{ id: s, lane: a, action: x }]\n', [['/trigger/type', /must be one of: event, schedule, manual/u]]],
  ['flow', 'id: f\ntrigger: { type: event }\nlanes: [{ id: a, kind: robot }]\nsteps: [{ id: s, lane: a, action: x, next: [{ to: t, on: maybe }] }]\n', [['/lanes/0/kind', /must be one of: system, user/u], ['/steps/0/next/0/on', /must be one of: success, failure, always/u]]],
  ['flow', 'id: f\ntrigger: { type: event }\nlanes: []\nsteps: [{ id: s, lane: a }]\n', [['/lanes', /fewer than 1/u], ['/steps/0', /missing required property "action"/u]]],
  ['mapping', 'id: m\nversion: "1.0"\nstatus: done\nsource: { system: a, resource: r }\ndestination: { system: b, resource: r, operation: merge }\nfields: []\n', [['/version', /not a valid semantic version/u], ['/status', /must be one of: draft, in-review, ready/u], ['/destination/operation', /must be one of: create, update, upsert, delete/u]]],
  ['mapping', 'id: m\nversion: 1.0.0\nstatus: draft\nsource: { system: a, resource: r, operation: create }\ndestination: { system: b, resource: r }\nfields: [{ source: { path: x, type: text }, destination: { type: string } }]\n', [['/source/operation', /unknown property "operation"/u], ['/fields/0/source/type', /must be one of: string, number/u], ['/fields/0/destination', /missing required property "path"/u]]],
  ['mapping', 'id: m\nversion: 1.0.0\nstatus: draft\nsource: { system: a, resource: r }\ndestination: { system: b, resource: r, key: { source: id } }\nfields: [{ destination: { path: x }, transform: {} }]\n', [['/destination/key', /missing required property "destination"/u], ['/fields/0/transform', /fewer than 1/u]]],
  ['valuemap', 'id: v\nentries: [{ from: a }]\nunmapped: ignore\n', [['/entries/0', /missing required property "to"/u], ['/unmapped', /must be one of: error, default, passthrough/u]]],
  ['valuemap', 'id: v\nentries: [{ from: [a], to: b }]\n', [['/entries/0/from', /expected a string or a number or true or false/u]]],
];

describe('schemas', () => {
  it('accept every design file of the examples', () => {
    let checked = 0;
    for (const file of designFiles(examples)) {
      const kind = fileKind(path.relative(examples, file).split(path.sep).slice(1).join('/'));
      if (!kind || kind === 'sample' || kind === 'metadata') continue;
      expect(validateAgainstSchema(kind, parse(readFileSync(file, 'utf8'))), file).toEqual([]);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(25);
  });

  it('accept `unknown` for any requirements answer', () => {
    const text = ['purpose', 'resources', 'direction', 'systemOfRecord', 'volume', 'frequency', 'schedule', 'triggers', 'changeLikelihood', 'capacity', 'apiDocs', 'sampleData'].map((k) => `${k}: unknown`).join('\n');
    expect(validateAgainstSchema('requirements', parse(text))).toEqual([]);
    expect(validateAgainstSchema('requirements', parse('purpose: { problem: unknown }\ncapacity: { technical: unknown, ongoingSupport: unknown }\n'))).toEqual([]);
  });

  it('accept the story sentence instead of its three parts', () => {
    expect(validateAgainstSchema('stories', parse('stories: [{ id: US-1, text: "As a nurse, I want x so that y" }]'))).toEqual([]);
  });

  it.each(invalid.map(([kind, text, expected], i) => [`${i}: ${kind}`, kind, text, expected] as const))('reject %s', (_name, kind, text, expected) => {
    const problems = validateAgainstSchema(kind, parse(text));
    expect(problems.map((p) => p.pointer)).toEqual(expected.map(([pointer]) => pointer));
    problems.forEach((p, i) => {
      expect(p.message).toMatch(expected[i]?.[1] ?? /^$/u);
    });
  });
});
