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
  it('draws one subgraph per lane, user steps rounded, failure edges dashed, conditions labelled', () => {
    const out = renderFlowMermaid(flow);
    expect(out.split('\n')).toEqual([
      'flowchart LR',
      '  subgraph l0["Community health worker"]',
      '    s0(["Registers the patient"])',
      '  end',
      '  subgraph l1["openfn"]',
      '    s1["Upserts Patient__c"]',
      '    s2["Emails the admin"]',
      '    s3["Stored"]',
      '  end',
      '  s0 --> s1',
      '  s1 --> s3',
      '  s1 -. failure .-> s2',
      '  s1 -->|"patient exists"| s3',
      '',
    ]);
  });

  it('titles a system lane with the system\'s name from the manifest, unless the lane has its own', () => {
    const out = renderFlowMermaid(flow, { openfn: { name: 'OpenFn' }, chw: { name: 'not used: a user lane' } });
    expect(out).toContain('  subgraph l1["OpenFn"]');
    expect(out).toContain('  subgraph l0["Community health worker"]');
    // A system id that is an Object.prototype key is not a name.
    expect(renderFlowMermaid({ ...flow, lanes: [{ id: 'constructor', kind: 'system' }] })).toContain('subgraph l0["constructor"]');
  });

  it('O2: hostile labels cannot close the label, the fence, or add HTML and mentions', () => {
    const hostile = 'x"] --> evil[<img src=//x> @octocat #1 ``` </details> <!-- \u202e\u200b\nnext';
    const label = mermaidText(hostile);
    expect(label).not.toMatch(/["<>`@#\]\n\u202e\u200b](?![0-9]+;)/u);
    expect(label).not.toContain('<');
    expect(label).not.toContain('`');
    expect(label).not.toContain('"');
    const out = renderFlowMermaid({ ...flow, steps: [{ id: 'a', lane: 'openfn', action: hostile }] });
    expect(out.split('\n').filter((l) => l.includes('s0'))).toHaveLength(1);
  });
});
