import { rules } from './rules/index.js';
import { rulesetDescriptions, rulesetNames } from './types.js';

/**
 * docs/rules/README.md, generated from the rules' metadata (`pnpm docs:rules` writes it; a test
 * fails when the committed file differs). Table cells hold no pipe or line break.
 */
export function rulesReadme(): string {
  const cell = (text: string): string => text.replace(/\|/gu, '\\|').replace(/\s*\n\s*/gu, ' ');
  const lines = [
    '# Rules',
    '',
    '<!-- Generated from the rules\' metadata by `pnpm docs:rules`: edit packages/lint/src, not this file. -->',
    '',
    `| rule | description | ${rulesetNames.join(' | ')} |`,
    `|---|---|${rulesetNames.map(() => '---|').join('')}`,
    ...Object.values(rules).map((r) => `| [\`${r.meta.id}\`](${r.meta.id}.md) | ${cell(r.meta.description)} | ${rulesetNames.map((n) => r.meta.rulesets[n] ?? 'off').join(' | ')} |`),
    '',
    '## Rulesets',
    '',
    '| ruleset | for | errors | warnings | info | off |',
    '|---|---|---|---|---|---|',
    ...rulesetNames.map((n) => {
      const count = (severity: string): number => Object.values(rules).filter((r) => (r.meta.rulesets[n] ?? 'off') === severity).length;
      return `| \`${n}\` | ${cell(rulesetDescriptions[n])} | ${count('error')} | ${count('warning')} | ${count('info')} | ${count('off')} |`;
    }),
    '',
    'Built-in checks (schema, YAML safety, references, configuration): [built-in.md](built-in.md). Sample checks: [samples.md](samples.md).',
    '',
  ];
  return lines.join('\n');
}
