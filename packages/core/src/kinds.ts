import type { FileKind } from '@interop-design/schema';

/** Notes kept beside samples (README.md, .gitkeep) are not samples. */
const notData = /^(?:\.|readme(?:\.|$))|\.(?:md|txt)$/iu;

// Names are matched whole, line breaks included (`s`): a file cannot dodge the linter by its name.
const yamlExt = String.raw`\.(?:ya?ml|json)$`;
const byName: [RegExp, FileKind][] = [
  [new RegExp(`^interop-design${yamlExt}`, 'su'), 'manifest'],
  [new RegExp(`^(?:.+\\.)?stories${yamlExt}`, 'su'), 'stories'],
  [new RegExp(`^requirements${yamlExt}`, 'su'), 'requirements'],
  [new RegExp(`^.+\\.flow${yamlExt}`, 'su'), 'flow'],
  [new RegExp(`^.+\\.mapping${yamlExt}`, 'su'), 'mapping'],
  [new RegExp(`^.+\\.valuemap${yamlExt}`, 'su'), 'valuemap'],
];

/** The kind of a file from its path inside the project (posix, relative to the project folder). */
export function fileKind(relative: string): FileKind | undefined {
  const parts = relative.split('/');
  const name = parts[parts.length - 1] ?? '';
  if (parts.slice(0, -1).includes('sampleData')) return notData.test(name) ? undefined : 'sample';
  if (parts.slice(0, -1).includes('metadata')) return 'metadata';
  for (const [pattern, kind] of byName) if (pattern.test(name)) return kind;
  return undefined;
}

export const manifestNames = ['interop-design.yaml', 'interop-design.yml', 'interop-design.json'] as const;

/** Sample file format by extension; files without a known extension are sniffed by the caller. */
export function sampleFormat(name: string): 'json' | 'ndjson' | undefined {
  if (/\.(?:ndjson|jsonl)$/iu.test(name)) return 'ndjson';
  if (/\.json$/iu.test(name)) return 'json';
  return undefined;
}
