/** Appends every item of `items` to `target` with a loop: a spread of an unbounded array overflows the stack. */
export function pushAll<T>(target: T[], items: Iterable<T>): void {
  for (const item of items) target.push(item);
}

/** Published limits (README "Limits"). Past each one the loader reports a finding and moves on. */
export const limits = {
  /** Largest design file (YAML/JSON) read, in bytes. */
  maxDesignFileBytes: 10 * 1024 * 1024,
  /** Largest metadata file (a national DHIS2 package is tens of megabytes), in bytes. */
  maxMetadataFileBytes: 64 * 1024 * 1024,
  /** Largest sample file whose syntax `lint` checks in memory, in bytes; bigger ones are left to `check-samples`. */
  maxLintSampleBytes: 64 * 1024 * 1024,
  /** Deepest nesting of collections in a design file. */
  maxYamlDepth: 64,
  /** Deepest nesting of arrays and objects in a sample record. */
  maxJsonDepth: 256,
  /** Most nodes a design file may expand to through aliases. */
  maxAliasExpansion: 10_000,
  /** Most findings of one rule reported per file; the rest are counted in one summary finding. */
  maxFindingsPerRulePerFile: 100,
} as const;
