import { cpSync, readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProjects, nodeFs } from '@interop-design/core';
import { testdir } from '../../core/test/testdir.js';
import { lintProject } from '../src/engine.js';
import { rules } from '../src/rules/index.js';

const fixtures = path.join(import.meta.dirname, '__fixtures__');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(path.join(dir, n)).isDirectory() ? walk(path.join(dir, n)) : [path.join(dir, n)]));
}

function lintFixture(name: string) {
  const root = testdir({});
  cpSync(path.join(fixtures, name), path.join(root, name), { recursive: true });
  const [project] = loadProjects(nodeFs(root)).projects;
  if (!project) throw new Error('no project');
  return lintProject(project).diagnostics.map((d) => `${d.ruleId} ${d.file.slice(name.length + 1)}:${d.range.start.line}`);
}

/** `# expect: rule-a, rule-b` markers: the findings each line should get. */
function expectedFindings(name: string): string[] {
  const out: string[] = [];
  for (const file of walk(path.join(fixtures, name))) {
    const rel = path.relative(path.join(fixtures, name), file).split(path.sep).join('/');
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const m = /# expect: (.+)$/u.exec(line);
        for (const id of m?.[1]?.split(',') ?? []) out.push(`${id.trim()} ${rel}:${i + 1}`);
      });
  }
  return out.sort();
}

describe('a design with one defect per rule', () => {
  it('gets one finding per defect, at the defect\'s line', () => {
    const expected = expectedFindings('defects');
    expect(lintFixture('defects').sort()).toEqual(expected);
  });

  it('exercises every rule (metadata rules in the metadata fixture)', () => {
    const covered = new Set([...expectedFindings('defects'), ...expectedFindings('metadata-defects')].map((e) => e.split(' ')[0]));
    expect([...covered].sort()).toEqual(Object.keys(rules).sort());
  });

  it('has a corrected twin with no findings at all', () => {
    expect(lintFixture('corrected')).toEqual([]);
  });
});

describe('a design with one planted metadata defect per rule and system', () => {
  it('gets one finding per defect, at the defect\'s line', () => {
    expect(lintFixture('metadata-defects').sort()).toEqual(expectedFindings('metadata-defects'));
  });

  it('points each metadata finding at the metadata file line that explains it', () => {
    const root = testdir({});
    cpSync(path.join(fixtures, 'metadata-defects'), path.join(root, 'metadata-defects'), { recursive: true });
    const [project] = loadProjects(nodeFs(root)).projects;
    if (!project) throw new Error('no project');
    const lineOf = (file: string, needle: string, after = ''): number => {
      const lines = readFileSync(path.join(fixtures, 'metadata-defects', file), 'utf8').split('\n');
      const from = after ? lines.findIndex((l) => l.includes(after)) : 0;
      return lines.findIndex((l, i) => i >= from && l.includes(needle)) + 1;
    };
    const related = lintProject(project).diagnostics
      .filter((d) => d.ruleId.startsWith('metadata-') && d.ruleId !== 'metadata-unknown-resource')
      .map((d) => `${d.ruleId} ${d.file.slice('metadata-defects/'.length)}:${d.range.start.line} -> ${d.related?.[0]?.file.slice('metadata-defects/'.length) ?? ''}:${d.related?.[0]?.range.start.line ?? 0}`);
    expect(related).toEqual(expect.arrayContaining([
      `metadata-not-writable mappings/patient.mapping.yaml:29 -> metadata/salesforce/Patient__c.json:${lineOf('metadata/salesforce/Patient__c.json', '"name": "LastActivityDate"')}`,
      `metadata-not-writable mappings/household.mapping.yaml:13 -> metadata/household_survey.sql:${lineOf('metadata/household_survey.sql', '[id] [int] IDENTITY')}`,
      `metadata-key mappings/household.mapping.yaml:10 -> metadata/household_survey.sql:${lineOf('metadata/household_survey.sql', '[head_name]')}`,
      `metadata-type mappings/child.mapping.yaml:25 -> metadata/dhis2-child-programme.json:${lineOf('metadata/dhis2-child-programme.json', '"id": "UXz7xuGCEhU"', '"dataElements": [')}`,
      `metadata-choice mappings/child.mapping.yaml:21 -> metadata/godata-reference-data.json:${lineOf('metadata/godata-reference-data.json', '{')}`,
      `metadata-unknown-field mappings/household.mapping.yaml:21 -> metadata/kobo-household-survey.json:${lineOf('metadata/kobo-household-survey.json', '"uid": "aBc4XyZ9mQwErTy5uIoP7a"')}`,
    ]));
  });

  it('has a corrected twin with no findings at all', () => {
    expect(lintFixture('metadata-corrected')).toEqual([]);
  });
});
