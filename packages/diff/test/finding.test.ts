import { loadProjects, nodeFs } from '@interop-design/core';
import type { Project } from '@interop-design/core';
import { describe, expect, it } from 'vitest';
import { minimalProject, testdir } from '@interop-design/test-utils';
import { diffProjects } from '../src/diff.js';
import { verdictDiagnostic } from '../src/finding.js';

const mappingFile = 'mappings/kobo-row.mapping.yaml';
const files = minimalProject();
const original = files[mappingFile] ?? '';

function load(text: string): Project {
  const project = loadProjects(nodeFs(testdir({ ...files, [mappingFile]: text }))).projects[0];
  if (!project) throw new Error('no project');
  return project;
}

/** The finding a head version of the mapping gets against the minimal project's mapping (1.0.0, no changelog). */
function findingFor(head: string) {
  const headProject = load(head);
  const [m] = diffProjects(load(original), headProject).mappings;
  if (!m) throw new Error('no mapping diff');
  return { verdict: m.verdict, finding: verdictDiagnostic(headProject, m) };
}

// A breaking change (the required field's destination renamed) needs a major release.
const breaking = (text: string) => text.replace('destination: { path: kobo_id, type: integer, required: true }', 'destination: { path: kobo_key, type: integer, required: true }').replace('destination: kobo_id }', 'destination: kobo_key }');

describe('verdictDiagnostic: a failing version verdict as a finding', () => {
  it('puts a not-bumped verdict as a mapping-version error on the value of version, line and column', () => {
    const { verdict, finding } = findingFor(breaking(original));
    expect(verdict).toBe('not-bumped');
    expect(finding).toMatchObject({
      ruleId: 'mapping-version',
      severity: 'error',
      file: mappingFile,
      path: '/version',
      range: { start: { line: 2, column: 10 }, end: { line: 2, column: 15 } },
    });
    expect(finding?.message).toMatch(/^the mapping changed but its version did not: bump it to at least a major release and add a changelog entry \(\d+ breaking, \d+ additive, \d+ editorial changes\)$/u);
  });

  it('names the versions of bump-too-small, version-went-down and no-changelog-entry', () => {
    expect(findingFor(breaking(original).replace('version: 1.0.0', 'version: 1.0.1')).finding?.message).toMatch(/^the version bump is too small for these changes: they need a major release/u);
    expect(findingFor(original.replace('version: 1.0.0', 'version: 0.9.0')).finding?.message).toMatch(/^the version went down from 1\.0\.0: versions only go up/u);
    const noEntry = findingFor(breaking(original).replace('version: 1.0.0', 'version: 2.0.0'));
    expect(noEntry.verdict).toBe('no-changelog-entry');
    expect(noEntry.finding?.message).toMatch(/^version 2\.0\.0 has no changelog entry/u);
  });

  it('gives no finding for a verdict that does not fail', () => {
    expect(findingFor(original)).toEqual({ verdict: 'ok', finding: undefined });
    expect(findingFor(breaking(original).replace('version: 1.0.0', 'version: 2.0.0').replace('fields:', 'changelog: [{ version: 2.0.0, changes: renamed the key }]\nfields:')).finding).toBeUndefined();
  });

  it('keeps the fingerprint stable across runs and distinct per verdict', () => {
    const a = findingFor(breaking(original)).finding;
    expect(findingFor(breaking(original)).finding?.fingerprint).toBe(a?.fingerprint);
    expect(findingFor(breaking(original).replace('version: 1.0.0', 'version: 1.0.1')).finding?.fingerprint).not.toBe(a?.fingerprint);
  });
});
