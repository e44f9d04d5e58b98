import { describe, expect, it } from 'vitest';
import { IntegerKeys } from '../src/integer-keys.js';

describe('IntegerKeys (the key uniqueness check of integer ids)', () => {
  it('says which keys were added before, as a Set would, in order, out of order, negative, zero and -0', () => {
    let seed = 11;
    const next = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const keys = new IntegerKeys();
    const set = new Set<number>();
    let id = -50;
    const answers: boolean[] = [];
    for (let i = 0; i < 20_000; i++) {
      // Mostly increasing ids, with repeats, steps back, far jumps and the same id twice in a row.
      const kind = next(10);
      const k = kind < 6 ? (id += 1 + next(3)) : kind === 6 ? id : kind === 7 ? id - next(200) : kind === 8 ? next(2) ? -0 : 0 : Number.MAX_SAFE_INTEGER - next(5);
      const added = keys.add(k);
      expect(added, `key ${k} at ${i}`).toBe(!set.has(k));
      set.add(k);
      answers.push(added);
      expect(keys.size).toBe(set.size);
    }
    expect(answers.filter((a) => !a).length).toBeGreaterThan(2000);
    keys.clear();
    expect(keys.size).toBe(0);
    expect(keys.add(id)).toBe(true);
    expect(keys.add(id)).toBe(false);
  });
});
