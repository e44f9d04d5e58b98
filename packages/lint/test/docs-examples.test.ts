/**
 * Every example of docs/rules/<id>.md is linted: the "Incorrect" example has a finding of the
 * rule in the files it shows, the "Correct" example has none, and neither has a loader error.
 *
 * An example is one or more fenced blocks ```yaml title="examples/<project>/<file>" [whole]
 * [ruleset="<name>"]```: the blocks are applied to a copy of that example project, each block's
 * top-level keys replacing the file's (or, with `whole`, the block replacing the whole file).
 */
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, parseDocument } from 'yaml';
import { rules, rulesetNames } from '@interop-design/lint';
import type { RuleId, RulesetName } from '@interop-design/lint';
import { lintRule } from '@interop-design/test-utils';
import type { TreeEntry } from '@interop-design/test-utils';

const repo = path.resolve(import.meta.dirname, '../../..');

interface Block {
  /** Path of the file in the repository: examples/<project>/<file>. */
  title: string;
  whole: boolean;
  ruleset: RulesetName | undefined;
  text: string;
}

/** The fenced YAML blocks of a section (`## Incorrect`, `## Correct`) of a rule's page. */
function blocks(page: string, section: string): { blocks: Block[]; untitled: number } {
  const start = page.indexOf(`\n## ${section}\n`);
  if (start < 0) return { blocks: [], untitled: 0 };
  const end = page.indexOf('\n## ', start + 1);
  const body = page.slice(start, end < 0 ? undefined : end);
  const out: Block[] = [];
  let untitled = 0;
  for (const m of body.matchAll(/^```yaml([^\n]*)\n([\s\S]*?)^```$/gmu)) {
    const info = m[1] ?? '';
    const title = /\btitle="([^"]+)"/u.exec(info)?.[1];
    if (!title) {
      untitled++;
      continue;
    }
    const ruleset = /\bruleset="([^"]+)"/u.exec(info)?.[1];
    if (ruleset !== undefined && !(rulesetNames as readonly string[]).includes(ruleset)) throw new Error(`unknown ruleset ${ruleset}`);
    out.push({ title, whole: /\bwhole\b/u.test(info), ruleset: ruleset as RulesetName | undefined, text: m[2] ?? '' });
  }
  return { blocks: out, untitled };
}

/** Every file of a folder, by posix path relative to it. */
function readTree(dir: string, prefix = ''): Record<string, string | Buffer> {
  const out: Record<string, string | Buffer> = {};
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(out, readTree(dir, rel));
    else out[rel] = readFileSync(path.join(dir, rel));
  }
  return out;
}

/** The example project with the blocks applied, and the files (relative to it) the blocks show. */
function exampleProject(example: Block[]): { files: Record<string, TreeEntry>; shown: string[] } {
  const projects = new Set(example.map((b) => /^examples\/([^/]+)\//u.exec(b.title)?.[1]));
  const [project] = projects;
  if (projects.size !== 1 || project === undefined) throw new Error(`an example's blocks name files of one example project: ${example.map((b) => b.title).join(', ')}`);
  const files = readTree(path.join(repo, 'examples', project));
  const shown: string[] = [];
  for (const block of example) {
    const file = block.title.slice(`examples/${project}/`.length);
    shown.push(file);
    const current = files[file];
    if (block.whole || current === undefined) {
      files[file] = block.text;
      continue;
    }
    const doc = parseDocument(current.toString('utf8'));
    const patch = parseDocument(block.text);
    if (!isMap(patch.contents)) throw new Error(`${block.title}: the example is not a mapping of keys`);
    for (const pair of patch.contents.items) doc.set(pair.key, pair.value);
    files[file] = doc.toString({ lineWidth: 0 });
  }
  return { files, shown };
}

const pages = Object.keys(rules).map((id) => [id as RuleId, readFileSync(path.join(repo, 'docs/rules', `${id}.md`), 'utf8')] as const);

describe.each(pages)('docs/rules/%s.md', (id, page) => {
  const incorrect = blocks(page, 'Incorrect');
  const correct = blocks(page, 'Correct');

  it('gives every example as titled blocks of an example project', () => {
    expect(incorrect.blocks.length, 'Incorrect has a titled yaml block').toBeGreaterThan(0);
    expect(correct.blocks.length, 'Correct has a titled yaml block').toBeGreaterThan(0);
    expect(incorrect.untitled + correct.untitled, 'yaml blocks without a title (not linted)').toBe(0);
  });

  it('the incorrect example has a finding of the rule in the files it shows', () => {
    const { files, shown } = exampleProject(incorrect.blocks);
    const { findings, otherErrors } = lintRule(id, files, incorrect.blocks[0]?.ruleset);
    expect(otherErrors, 'the example loads without errors').toEqual([]);
    expect(findings.filter((f) => shown.includes(f.file)).length).toBeGreaterThan(0);
  });

  it('the correct example has no finding of the rule in the files it shows', () => {
    const { files, shown } = exampleProject(correct.blocks);
    const { findings, otherErrors } = lintRule(id, files, correct.blocks[0]?.ruleset);
    expect(otherErrors, 'the example loads without errors').toEqual([]);
    expect(findings.filter((f) => shown.includes(f.file))).toEqual([]);
  });
});
