import type { Field, Mapping, Manifest, ValueMapFile } from '@interop-design/schema';

export type { Field as MappingField, Mapping, Manifest, ValueMapFile } from '@interop-design/schema';

/** One of the three column groups of the mapping template. */
export type Group = 'source' | 'destination' | 'transform';

/** A column of the mapping sheet: where it sits, what it is called and which names a team's own sheet may give it. */
export interface ColumnDef {
  key: string;
  group: Group;
  header: string;
  /** Lower-case names (after the group word is removed) a sheet may use for this column. */
  aliases: readonly string[];
  width: number;
  /** The Legend sheet's explanation. */
  explain: string;
}

/** The review statuses a row can have, with their fills (ARGB). */
export const statusFills: Readonly<Record<NonNullable<Field['status']>, string | undefined>> = {
  'needs-discussion': 'FFFFE699',
  new: 'FFC6EFCE',
  deprecated: 'FFD9D9D9',
  agreed: undefined,
};

export const statusMeaning: Readonly<Record<NonNullable<Field['status']>, string>> = {
  'needs-discussion': 'Needs discussion: the teams must agree on this row before jobs are written.',
  new: 'New: added in this version; a reviewer must look at it.',
  deprecated: 'Deprecated: kept for reference, no longer mapped (greyed out).',
  agreed: 'Agreed: no fill.',
};

/** What an export needs from a project: the manifest, its mappings and reusable value maps. */
export interface ExportInput {
  manifest: Manifest;
  mappings: readonly Mapping[];
  valueMaps: readonly ValueMapFile[];
  /** Per mapping id: whether the readiness checklist passes, and the labels of the items that do not. */
  readiness?: ReadonlyMap<string, { ready: boolean; open: readonly string[] }>;
}
