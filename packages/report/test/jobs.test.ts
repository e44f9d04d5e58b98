import { describe, expect, it } from 'vitest';
import { renderJobChanges, renderReport } from '../src/index.js';
import type { JobDiff, ReportProject } from '../src/index.js';

const changed: JobDiff = {
  workflow: 'case-registered',
  job: 'upsert',
  mapping: 'commcare-salesforce-patient',
  kind: 'changed',
  diff: ['   const valueMaps = {', '     "gender": {', '-      "other": "Other"', '+      "other": "Unknown"', '     },'],
};

function project(jobChanges?: readonly JobDiff[]): ReportProject {
  return { dir: 'examples/commcare-salesforce', diff: undefined, mappings: [], coverage: [], config: 'base', configChanged: false, addedSuppressions: [], changedFlows: [], systems: {}, ...(jobChanges ? { jobChanges } : {}) };
}

function report(projects: ReportProject[], maxBytes = 100_000, sticky = false): string {
  return renderReport({ analysis: { projects, diagnostics: [], notes: [] }, commit: 'abc1234', notes: [], runUrl: undefined }, { maxBytes, sticky });
}

/** The lines inside the first ```diff fence of `text`. */
function fenced(text: string): string[] {
  const m = /^(`{3,})diff\n([\s\S]*?)\n\1$/mu.exec(text);
  return m?.[2]?.split('\n') ?? [];
}

describe('the generated OpenFn jobs section', () => {
  it('shows each changed job as a diff fence, titled with its workflow, job, mapping and project', () => {
    const { text, shown } = renderJobChanges([{ ...changed, project: 'examples/commcare-salesforce' }], { maxBytes: 10_000 });
    expect(shown).toBe(1);
    expect(text).toContain('### Generated OpenFn jobs');
    expect(text).toContain('<summary><code>case-registered/upsert</code> (mapping <code>commcare-salesforce-patient</code>) in <code>examples/commcare-salesforce</code>: changed</summary>');
    expect(fenced(text)).toEqual(changed.diff);
    expect(text).not.toMatch(/cut/u);
  });

  it('says when a diff was cut, and how many lines it left out', () => {
    const cut: JobDiff = { ...changed, diff: [...changed.diff, '… 12 more lines'], omitted: 12 };
    const { text } = renderJobChanges([{ ...cut, project: 'p' }], { maxBytes: 10_000 });
    expect(fenced(text).at(-1)).toBe('… 12 more lines');
    expect(text).toContain('_The diff is cut: 12 more lines not shown.');
  });

  it('O2/O9: a backtick fence or an invisible character in a job line cannot close the fence or hide text', () => {
    const hostile: JobDiff = { ...changed, diff: ['+  // ```` </details> @octocat', '+  // a\u202eb\u200bc'] };
    const { text } = renderJobChanges([{ ...hostile, project: 'p' }], { maxBytes: 10_000 });
    expect(text).toMatch(/^`{5}diff$/mu);
    expect(fenced(text)).toEqual(['+  // ```` </details> @octocat', '+  // a\\u202eb\\u200bc']);
    expect(text).not.toMatch(/[\u202e\u200b]/u);
  });

  it('lists a job no longer generated without a fence', () => {
    const { text } = renderJobChanges([{ workflow: 'w', job: 'j', mapping: 'm', kind: 'removed', diff: [], project: 'p' }], { maxBytes: 10_000 });
    expect(text).toContain('- <code>w/j</code> (mapping <code>m</code>) in <code>p</code>: no longer generated');
    expect(text).not.toContain('```');
  });

  it('the pull request report has the section only when a project has job changes, and counts the jobs it cannot fit', () => {
    expect(report([project()])).not.toContain('Generated OpenFn jobs');
    expect(report([project([])])).not.toContain('Generated OpenFn jobs');
    const one = report([project([changed])]);
    expect(one).toContain('### Generated OpenFn jobs');
    expect(fenced(one)).toEqual(changed.diff);
    const many = Array.from({ length: 200 }, (_, i) => ({ ...changed, job: `job-${String(i)}` }));
    const small = report([project(many)], 20_000, true);
    expect(Buffer.byteLength(small)).toBeLessThan(20_000);
    const left = /Not shown for length: (\d+) changed OpenFn jobs/u.exec(small);
    expect(Number(left?.[1])).toBeGreaterThan(0);
    expect(Number(left?.[1]) + (small.match(/<summary>/gu)?.length ?? 0)).toBe(200);
  });
});
