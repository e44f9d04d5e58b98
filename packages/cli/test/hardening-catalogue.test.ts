import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const script = (JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['test:hardening'] ?? '';
const pattern = new RegExp(/-t "(.*)"$/u.exec(script)?.[1] ?? '^$', 'u');

/** Every `it('…')` title of the repository's tests. */
function testTitles(): string[] {
  const titles: string[] = [];
  for (const pkg of readdirSync(path.join(repo, 'packages'))) {
    const dir = path.join(repo, 'packages', pkg, 'test');
    let files: string[] = [];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.test.ts'));
    } catch {
      continue;
    }
    for (const f of files) for (const m of readFileSync(path.join(dir, f), 'utf8').matchAll(/\b(?:it|describe)\(\s*(['"`])((?:\\.|(?!\1).)*)\1/gu)) titles.push(m[2] ?? '');
  }
  return titles;
}

describe('pnpm test:hardening', () => {
  it('selects every case id with any number of digits (P, O, G, M, X, B), alone or in a list', () => {
    for (const title of ['P1: x', 'P15: x', 'O9: x', 'O10: x', 'G15: x', 'G100: x', 'M1: x', 'X12: x', 'B3: x', 'G8, G13: x', 'O2, O3: x']) expect(pattern.test(title), title).toBe(true);
    for (const title of ['a clean PR: exit 0', 'HTTP 403: not a case', 'reads retry-after']) expect(pattern.test(title), title).toBe(false);
  });

  it('has a selected test for each Action and output case named in docs/hardening.md', () => {
    const doc = readFileSync(path.join(repo, 'docs/hardening.md'), 'utf8');
    const ids = [...doc.matchAll(/^\| ([OG]\d+) \|/gmu)].map((m) => m[1] ?? '');
    expect(ids).toContain('G17');
    const titles = testTitles().filter((t) => pattern.test(t));
    const missing = ids.filter((id) => !titles.some((t) => new RegExp(`(^|[ ,])${id}[:,]`, 'u').test(t)));
    expect(missing).toEqual([]);
  });
});
