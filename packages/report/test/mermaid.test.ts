import { describe, expect, it } from 'vitest';
import type { Flow } from '@interop-design/schema';
import { mermaidText, renderFlowMermaid } from '../src/index.js';

const flow: Flow = {
  id: 'case-registered',
  trigger: { type: 'event', system: 'commcare', event: 'case created' },
  lanes: [
    { id: 'chw', kind: 'user', name: 'Community health worker' },
    { id: 'openfn', kind: 'system' },
  ],
  steps: [
    { id: 'register', lane: 'chw', actor: 'user', action: 'Registers the patient', next: ['upsert'] },
    { id: 'upsert', lane: 'openfn', actor: 'system', action: 'Upserts Patient__c', next: [{ to: 'done', on: 'success' }, { to: 'alert', on: 'failure' }, { to: 'done', on: { condition: 'patient exists' } }] },
    { id: 'alert', lane: 'openfn', actor: 'system', action: 'Emails the admin' },
    { id: 'done', lane: 'openfn', action: 'Stored' },
  ],
};

describe('renderFlowMermaid', () => {
  it('draws the trigger as the entry node, pointing at every step nothing else leads to', () => {
    const twoEntries: Flow = { ...flow, steps: [{ id: 'a', lane: 'openfn', action: 'A', next: ['c'] }, { id: 'b', lane: 'openfn', action: 'B', next: ['c', 'b'] }, { id: 'c', lane: 'openfn', action: 'C' }] };
    const out = renderFlowMermaid(twoEntries, { commcare: { name: 'CommCare HQ' } });
    expect(out).toContain('  t0>"Event: case created (CommCare HQ)"]');
    expect(out.split('\n').filter((l) => l.startsWith('  t0 -->'))).toEqual(['  t0 --> s0', '  t0 --> s1']);
    // A cycle through every step still has an entry: the first step.
    const cycle: Flow = { ...flow, steps: [{ id: 'a', lane: 'openfn', action: 'A', next: ['b'] }, { id: 'b', lane: 'openfn', action: 'B', next: ['a'] }] };
    expect(renderFlowMermaid(cycle).split('\n').filter((l) => l.startsWith('  t0 -->'))).toEqual(['  t0 --> s0']);
    expect(renderFlowMermaid({ ...flow, trigger: { type: 'schedule', system: 'openfn', schedule: '0 23 * * *' } })).toContain('t0>"Schedule: 0 23 #42; #42; #42; (openfn)"]');
    expect(renderFlowMermaid({ ...flow, trigger: { type: 'manual' } })).toContain('t0>"Manual: started by hand"]');
  });

  it('leaves out the subgraph of a lane without steps', () => {
    const out = renderFlowMermaid({ ...flow, lanes: [...flow.lanes, { id: 'salesforce', kind: 'system', name: 'Salesforce' }] });
    expect(out).not.toContain('Salesforce');
    expect(out.match(/^ {2}subgraph /gmu)).toHaveLength(2);
    expect(out.match(/^ {2}end$/gmu)).toHaveLength(2);
  });

  it('colours every failure edge, counting the trigger edges first', () => {
    const out = renderFlowMermaid({ ...flow, steps: [{ id: 'a', lane: 'openfn', action: 'A', next: [{ to: 'b', on: 'failure' }, 'c'] }, { id: 'b', lane: 'openfn', action: 'B', next: [{ to: 'c', on: 'failure' }] }, { id: 'c', lane: 'openfn', action: 'C' }] });
    // links: t0->a (0), a-.->b (1), a->c (2), b-.->c (3)
    expect(out).toContain('  linkStyle 1,3 stroke:#b3261e');
    expect(renderFlowMermaid({ ...flow, steps: [{ id: 'a', lane: 'openfn', action: 'A' }] })).not.toContain('linkStyle');
  });

  it('B1: a click directive, a script tag or </svg> in a design text stays inside its label', () => {
    const out = renderFlowMermaid({ ...flow, title: 'x', trigger: { type: 'event', event: 'e"]\nclick t0 call alert(1)' }, steps: [{ id: 'a', lane: 'openfn', action: '</svg><script>alert(1)</script> javascript:alert(1)\nclick s0 href "javascript:alert(1)"' }] });
    expect(out.split('\n').filter((l) => /^\s*click\b/u.test(l))).toEqual([]);
    expect(out).not.toMatch(/[<>]\/?(?:svg|script)/u);
    expect(out).not.toContain('"javascript');
  });

  it('draws one subgraph per lane, user steps rounded, failure edges dashed, conditions labelled', () => {
    const out = renderFlowMermaid(flow);
    expect(out.split('\n')).toEqual([
      'flowchart LR',
      '  t0>"Event: case created (commcare)"]',
      '  subgraph l0["Community health worker"]',
      '    s0(["Registers the patient"])',
      '  end',
      '  subgraph l1["openfn"]',
      '    s1["Upserts Patient__c"]',
      '    s2["Emails the admin"]',
      '    s3["Stored"]',
      '  end',
      '  t0 --> s0',
      '  s0 --> s1',
      '  s1 --> s3',
      '  s1 -. failure .-> s2',
      '  s1 -->|"patient exists"| s3',
      '  linkStyle 3 stroke:#b3261e,stroke-width:2px,color:#b3261e',
      '',
    ]);
  });

  it('titles a system lane with the system\'s name from the manifest, unless the lane has its own', () => {
    const out = renderFlowMermaid(flow, { openfn: { name: 'OpenFn' }, chw: { name: 'not used: a user lane' } });
    expect(out).toContain('  subgraph l1["OpenFn"]');
    expect(out).toContain('  subgraph l0["Community health worker"]');
    // A system id that is an Object.prototype key is not a name.
    expect(renderFlowMermaid({ ...flow, lanes: [{ id: 'constructor', kind: 'system' }], steps: [{ id: 'a', lane: 'constructor', action: 'A' }] })).toContain('subgraph l0["constructor"]');
  });

  it('O2: hostile labels cannot close the label, the fence, or add HTML and mentions', () => {
    const hostile = 'x"] --> evil[<img src=//x> @octocat #1 ``` </details> <!-- \u202e\u200b\nnext';
    const label = mermaidText(hostile);
    expect(label).not.toMatch(/["<>`@#\]\n\u202e\u200b](?![0-9]+;)/u);
    expect(label).not.toContain('<');
    expect(label).not.toContain('`');
    expect(label).not.toContain('"');
    const out = renderFlowMermaid({ ...flow, steps: [{ id: 'a', lane: 'openfn', action: hostile }] });
    expect(out.split('\n').filter((l) => l.includes('s0') && !l.includes('t0 --> s0'))).toHaveLength(1);
  });
});
