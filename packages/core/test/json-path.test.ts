import { describe, expect, it } from 'vitest';
import { eachPath, selectPath } from '../src/json-path.js';

const flow = {
  lanes: [{ id: 'kobo', kind: 'system' }, { id: 'clerk', kind: 'role' }],
  steps: [
    { id: 'a', next: [{ to: 'b' }, { to: 'c' }] },
    { id: 'b', next: ['c'] },
    { id: 'c' },
  ],
  systems: { kobo: { metadata: 'k.json' }, mssql: { metadata: ['m.sql', 'n.sql'] } },
};

describe('table paths', () => {
  it('select every value in document order, with the keys and indexes that lead to it and its parent', () => {
    expect(selectPath(flow, 'steps[*].next[*].to').map((m) => [m.value, m.segments])).toEqual([
      ['b', ['steps', 0, 'next', 0, 'to']],
      ['c', ['steps', 0, 'next', 1, 'to']],
    ]);
    expect(selectPath(flow, 'steps[*].next[*]').map((m) => m.segments)).toEqual([
      ['steps', 0, 'next', 0],
      ['steps', 0, 'next', 1],
      ['steps', 1, 'next', 0],
    ]);
    expect(selectPath(flow, 'systems.*.metadata[*]').map((m) => [m.value, m.segments])).toEqual([
      ['m.sql', ['systems', 'mssql', 'metadata', 0]],
      ['n.sql', ['systems', 'mssql', 'metadata', 1]],
    ]);
    const [kobo] = selectPath(flow, 'lanes[*].id');
    expect(kobo?.parent).toBe(flow.lanes[0]);
    expect(selectPath(flow, '')).toEqual([{ value: flow, segments: [], parent: undefined }]);
    // Only own properties: a key named like an inherited one is not followed.
    expect(selectPath({ a: {} }, 'a.toString')).toEqual([]);
  });

  it('eachPath visits the same values as selectPath, and builds segments only when asked', () => {
    const seen: unknown[] = [];
    let built = 0;
    eachPath(flow, 'steps[*].id', (value, _parent, segments) => {
      seen.push(value);
      if (value === 'c') {
        built++;
        expect(segments()).toEqual(['steps', 2, 'id']);
      }
    });
    expect(seen).toEqual(selectPath(flow, 'steps[*].id').map((m) => m.value));
    expect(built).toBe(1);
  });
});
