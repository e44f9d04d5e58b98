/**
 * Writing the values of a record's top-level keys in one call, each key at a place of its own.
 *
 * A record is a copy of its mapping's template (every key present, see `RecordShape`), and most
 * fields write one key of it. Written in a loop, `record[keys[j]] = values[j]` is one store site
 * that sees a hundred names: V8 gives up caching it (a megamorphic store, looked up in a shared
 * table each time), and such stores were most of a 100-field record's cost. A function whose
 * body holds one store per key (`o[k[0]] = w[0]; o[k[1]] = w[1]; ...`) gives each site one name
 * and one layout, which V8 caches: about a tenth of the time per store.
 *
 * The function's text is made of integers only: the indices of the keys and of the values, and a
 * serial number. The keys themselves (text from the mapping, from a pull request) are never in it:
 * they are data, passed in `k`, as the values are in `w`. Where code cannot be generated (Node's
 * `--disallow-code-generation-from-strings`, a policy that forbids `new Function`), the loop does
 * the same writes.
 */

/** Writes `values[j]` at `keys[j]` of `record`, for every j, in order. */
export type FlatWriter = (record: Record<string, unknown>, keys: readonly string[], values: readonly unknown[]) => void;

/** The writes in a loop. */
export const loopWriter: FlatWriter = (record, keys, values) => {
  for (let j = 0; j < keys.length; j++) record[keys[j] as string] = values[j];
};

/** A new serial for each generated function, so that no two mappings share one (nor V8's feedback on it). */
let serial = 0;

/**
 * A generated writer of `count` keys, or undefined when code cannot be generated here. Each call
 * makes a new function: its store sites learn the layout of one mapping's records only.
 */
export function generatedWriter(count: number): FlatWriter | undefined {
  if (!Number.isSafeInteger(count) || count < 1) return undefined;
  const lines: string[] = [`'use strict'; // top-level keys of a record, writer ${String(serial++)}`];
  for (let j = 0; j < count; j++) lines.push(`o[k[${String(j)}]] = w[${String(j)}];`);
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the text is integers only (see above); the keys are data
    return new Function('o', 'k', 'w', lines.join('\n')) as FlatWriter;
  } catch {
    return undefined;
  }
}
