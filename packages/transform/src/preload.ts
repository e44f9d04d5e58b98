import { preloadPhoneNumbers } from './format.js';
import { preloadJsonata } from './jsonata.js';

/** What {@link preloadTransforms} reads: the text of each mapping file of a project. */
export interface TransformSources {
  readonly mappings: readonly { readonly source: { readonly text: string } }[];
}

/**
 * Loads the libraries a project's mappings need, ahead of compiling them: JSONata when a mapping
 * file mentions `jsonata`, libphonenumber-js when one mentions `e164` (a text search: a mention
 * in a description only loads a library for nothing). Most projects need neither, and a run
 * then neither reads nor holds them. Every command and the Action await it before lint, the
 * sample checks, the tests or the preview; a compile without it falls back to `require`.
 */
export async function preloadTransforms(project: TransformSources): Promise<void> {
  const texts = project.mappings.map((m) => m.source.text);
  await Promise.all([
    texts.some((t) => t.includes('jsonata')) ? preloadJsonata() : undefined,
    texts.some((t) => t.includes('e164')) ? preloadPhoneNumbers() : undefined,
  ]);
}
