import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInChecks, sampleChecks } from '../src/builtins.js';
import { docsBaseUrl } from '../src/create-rule.js';
import { rules } from '../src/rules/index.js';
import { rulesetDescriptions, rulesetNames } from '../src/types.js';
import { rulesReadme } from '../src/docs.js';

const repo = path.resolve(import.meta.dirname, '../../..');
const ruleFiles = readdirSync(path.join(repo, 'packages/lint/src/rules'))
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
  .map((f) => f.replace(/\.ts$/u, ''));

describe('the rule registry', () => {
  it('registers every rule file, under the id its file is named for', () => {
    expect(Object.keys(rules).sort()).toEqual([...ruleFiles].sort());
    for (const [id, rule] of Object.entries(rules)) expect(rule.meta.id).toBe(id);
  });

  it('fills every rule\'s metadata', () => {
    for (const rule of Object.values(rules)) {
      expect(rule.meta.description.length, rule.meta.id).toBeGreaterThan(20);
      expect(rule.meta.docs).toBe(`${docsBaseUrl}${rule.meta.id}`);
      expect(Object.keys(rule.meta.messages).length, rule.meta.id).toBeGreaterThan(0);
      for (const r of Object.keys(rule.meta.rulesets)) expect(rulesetNames).toContain(r);
    }
  });

  it('keeps rule ids apart from built-in check ids', () => {
    for (const id of Object.keys(rules)) expect(Object.keys(builtInChecks)).not.toContain(id);
  });
});

describe('docs/rules', () => {
  it.each(Object.values(rules).map((r) => [r.meta.id, r] as const))('documents %s with its metadata and both examples', (id, rule) => {
    const file = path.join(repo, 'docs/rules', `${id}.md`);
    expect(existsSync(file), `docs/rules/${id}.md`).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith(`# ${id}\n`)).toBe(true);
    expect(text).toContain(rule.meta.description);
    const rulesets = Object.entries(rule.meta.rulesets).map(([k, v]) => `${k}: ${v}`).join(', ');
    if (rulesets) expect(text).toContain(`**Rulesets:** ${rulesets}`);
    for (const [messageId, message] of Object.entries(rule.meta.messages)) expect(text).toContain(`- \`${messageId}\`: ${message}`);
    expect(text).toMatch(/## Incorrect\n[\s\S]*```yaml title="[^"\n]+"[^\n]*\n[\s\S]+?```[\s\S]*## Correct\n[\s\S]*```yaml title="[^"\n]+"[^\n]*\n[\s\S]+?```/u);
  });

  it('has no page for a rule that does not exist', () => {
    const pages = readdirSync(path.join(repo, 'docs/rules')).filter((f) => f.endsWith('.md') && !['README.md', 'built-in.md', 'samples.md'].includes(f));
    expect(pages.map((f) => f.replace(/\.md$/u, '')).sort()).toEqual(Object.keys(rules).sort());
  });

  it('lists every sample check', () => {
    const text = readFileSync(path.join(repo, 'docs/rules/samples.md'), 'utf8');
    for (const id of Object.keys(sampleChecks)) expect(text).toContain(`\`${id}\``);
  });

  it('lists every built-in check', () => {
    const text = readFileSync(path.join(repo, 'docs/rules/built-in.md'), 'utf8');
    for (const id of Object.keys(builtInChecks)) expect(text).toContain(`\`${id}\``);
  });
});

describe('generated and cross-checked docs', () => {
  it('docs/rules/README.md is generated from the rules\' metadata (run `pnpm docs:rules` when this fails)', () => {
    expect(readFileSync(path.join(repo, 'docs/rules/README.md'), 'utf8')).toBe(rulesReadme());
  });

  it('each ruleset\'s description names exactly the rules it does not make errors, where it says every gap is an error', () => {
    for (const name of rulesetNames) {
      const named = new Set([...rulesetDescriptions[name].matchAll(/`([a-z0-9-]+)`/gu)].map((m) => m[1] ?? '').filter((id) => id in rules));
      const notErrors = new Set(Object.values(rules).filter((r) => r.meta.rulesets[name] !== 'error').map((r) => r.meta.id));
      for (const id of named) expect(notErrors, `${name} names ${id}`).toContain(id);
      if (/every gap/u.test(rulesetDescriptions[name])) expect([...named].sort(), name).toEqual([...notErrors].sort());
    }
  });

  it('the README\'s ruleset table says what the rulesets are', () => {
    const readme = readFileSync(path.join(repo, 'README.md'), 'utf8');
    for (const name of rulesetNames) {
      const row = new RegExp(`^\\| \`${name}\`(?: \\(default\\))? \\| (.*) \\|$`, 'mu').exec(readme);
      expect(row?.[1], name).toBe(rulesetDescriptions[name]);
    }
  });

  it('no message, description or doc cites DESIGN.md, which is not in this repository', () => {
    const texts = [...Object.values(rules).flatMap((r) => [r.meta.description, ...Object.values(r.meta.messages)]), ...Object.values(builtInChecks), ...Object.values(sampleChecks).map((c) => c.description)];
    for (const text of texts) expect(text).not.toContain('DESIGN.md');
    const files = (dir: string, ext: RegExp): string[] =>
      readdirSync(path.join(repo, dir), { recursive: true, encoding: 'utf8' })
        .filter((f) => ext.test(f) && !f.split(path.sep).some((part) => part === 'node_modules' || part === 'dist'))
        .map((f) => path.join(dir, f));
    const sources = ['README.md', ...files('docs', /\.md$/u), ...files('packages', /(?:\/src\/.*\.ts|\.md|\.schema\.json)$/u)];
    expect(sources.length).toBeGreaterThan(50);
    expect(sources.filter((f) => readFileSync(path.join(repo, f), 'utf8').includes('DESIGN.md'))).toEqual([]);
  });
});
