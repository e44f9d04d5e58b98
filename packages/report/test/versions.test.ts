import { describe, expect, it } from 'vitest';
import type { MappingDiff, ProjectDiff } from '@interop-design/diff';
import { renderDiffMarkdown } from '../src/index.js';

function mapping(i: number, hostile = ''): MappingDiff {
  return {
    id: `mapping-${i}${hostile}`,
    status: 'modified',
    baseFile: `m/${i}.mapping.yaml`,
    headFile: `m/${i}.mapping.yaml`,
    baseVersion: '1.0.0',
    headVersion: '1.1.0',
    changes: Array.from({ length: 30 }, (_, j) => ({ type: 'field-added' as const, criticality: 'additive' as const, field: `Field_${j}__c${hostile}`, path: `/fields/${j}`, message: `field Field_${j}__c added${hostile}` })),
    counts: { breaking: 0, additive: 30, editorial: 0 },
    required: 'minor',
    declared: 'minor',
    verdict: 'ok',
    needsDiscussion: [`Field_1__c${hostile}`],
  };
}

describe('renderDiffMarkdown', () => {
  it('G11: keeps 100 changed mappings under the budget, with one table and a count of what is left out', () => {
    const diffs: ProjectDiff[] = [{ dir: 'p', mappings: Array.from({ length: 100 }, (_, i) => mapping(i)) }];
    const out = renderDiffMarkdown(diffs, { maxChars: 60_000, overflowNote: 'see the job summary' });
    expect(out.length).toBeLessThanOrEqual(60_000);
    expect(out.match(/^\| mapping-\d+ \|/gmu)).toHaveLength(100);
    expect(out).toMatch(/_\d+ more change lists not shown: see the job summary\._/u);
    expect((out.match(/<details>/gu) ?? []).length).toBe((out.match(/<\/details>/gu) ?? []).length);
    const tiny = renderDiffMarkdown(diffs, { maxChars: 2_000 });
    expect(tiny.length).toBeLessThanOrEqual(2_000);
    expect(tiny).toMatch(/more mappings not shown/u);
  });

  it('O2: renders hostile ids, paths and messages inert', () => {
    const hostile = ' @octocat #1 <img src=//x> <!-- </details> ``` | \n \u202e';
    const out = renderDiffMarkdown([{ dir: 'p', mappings: [mapping(1, hostile)] }]);
    for (const bad of ['@octocat', '<img', '<!--', '```', '\u202e']) expect(out).not.toContain(bad);
    expect(out).not.toMatch(/#1\b/u);
    expect((out.match(/<\/details>/gu) ?? []).length).toBe(1);
    const rows = out.split('\n').filter((l) => l.startsWith('| mapping'));
    expect(rows[0]?.split(' | ')).toHaveLength(6);
  });

  it('says when no mapping changed', () => {
    expect(renderDiffMarkdown([{ dir: 'p', mappings: [] }])).toBe('### Mapping versions\n\nNo mapping changed.\n');
  });
});
