import { describe, expect, it } from 'vitest';
import { choiceCodes } from '../src/types.js';

describe('choiceCodes of a multichoice text', () => {
  it('splits on white space as /\\s+/ does, whatever the spaces, tabs, line breaks and no-break spaces', () => {
    let seed = 3;
    const next = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const parts = ['fever', 'cough', 'a', ' ', '  ', '\t', '\n', '\u00a0', '\u2003', '\ufeff', 'é', 'x_1', '-', '~', '\u007f'];
    for (let i = 0; i < 5000; i++) {
      const text = Array.from({ length: next(6) }, () => parts[next(parts.length)]).join(next(3) ? ' ' : '');
      expect(choiceCodes(text, 'multichoice'), JSON.stringify(text)).toEqual(text.split(/\s+/u).filter(Boolean));
    }
    expect(choiceCodes('fever cough', 'multichoice')).toEqual(['fever', 'cough']);
    expect(choiceCodes('', 'multichoice')).toEqual([]);
  });
});
