import { describe, expect, it } from 'vitest';
import { baseProject, lintAll } from './helpers.js';

describe('the base fixture', () => {
  it.each(['recommended', 'strict'] as const)('is clean under %s', (ruleset) => {
    expect(lintAll(baseProject(), ruleset)).toEqual([]);
  });
});
