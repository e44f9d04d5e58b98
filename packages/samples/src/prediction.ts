import type { ParsedPath, Project, Range } from '@interop-design/core';
import { innerEach, readSampleRecords, selectValuesByItem, toPointer, tryParseFieldPath } from '@interop-design/core';
import { compileInProject, valueAt } from '@interop-design/lint';
import type { Mapping } from '@interop-design/schema';

/** A field whose predicted value differs from the destination sample; counts only, never values. */
export interface PredictionFinding {
  pointer: string;
  message: string;
  args: readonly unknown[];
  related: { file: string; range: Range; message: string }[];
}

/** Source records predicted per mapping at most: enough to judge a spec, bounded for big samples. */
export const maxPredictedRecords = 10_000;

const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/u;

/** The parsed path when it has a `[]` with more path after it (compared item by item), else undefined. */
function byItem(text: string): ParsedPath | undefined {
  const path = tryParseFieldPath(text);
  if (path instanceof Error) return undefined;
  return innerEach(path) < 0 ? undefined : path;
}

function keyText(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/**
 * Whether a predicted value agrees with the sample's. Lenient where systems write the same value
 * two ways: a number and its text (DHIS2 values are strings), and the same instant with another
 * offset notation (Salesforce writes `+0000`); an empty text and null.
 */
export function agrees(predicted: unknown, actual: unknown): boolean {
  if (predicted === actual) return true;
  // An empty text and null are the same blank to Salesforce and SQL (an empty multi-select picklist reads back null).
  if ((predicted === '' && actual === null) || (predicted === null && actual === '')) return true;
  if (typeof predicted === 'number' && typeof actual === 'string') return actual.trim() !== '' && Number(actual) === predicted;
  if (typeof predicted === 'string' && typeof actual === 'number') return predicted.trim() !== '' && Number(predicted) === actual;
  if (typeof predicted === 'string' && typeof actual === 'string') return isoDateTime.test(predicted) && isoDateTime.test(actual) && Date.parse(predicted) === Date.parse(actual);
  if (typeof predicted !== 'object' || typeof actual !== 'object' || predicted === null || actual === null) return false;
  if (Array.isArray(predicted) !== Array.isArray(actual)) return false;
  const a = predicted as Record<string, unknown>;
  const b = actual as Record<string, unknown>;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && agrees(a[k], b[k]));
}

/**
 * `sample-prediction`: builds the destination record of every source sample record (without
 * JSONata: check-samples is synchronous) and compares each produced field with the destination
 * sample record that has the same key. Needs `destination.key` with a `source`, and samples on
 * both sides; samples over the lint sample cap are left out.
 */
export function predictionFindings(project: Project, mapping: Mapping): PredictionFinding[] {
  const key = mapping.destination.key;
  const destSamples = mapping.destination.samples ?? [];
  if (key?.source === undefined || destSamples.length === 0 || (mapping.source.samples ?? []).length === 0) return [];
  const destByKey = new Map<string, { record: unknown; file: string }>();
  for (const s of destSamples) {
    const read = readSampleRecords(project.fs, project.dir, s.file, s.records);
    if (!read.ok) continue;
    for (const record of read.records) {
      const k = keyText(valueAt(record, key.destination));
      if (k !== undefined && !destByKey.has(k)) destByKey.set(k, { record, file: s.file });
    }
  }
  if (destByKey.size === 0) return [];
  const compiled = compileInProject(project, mapping);
  const perField = new Map<number, { destination: string; byItem: ParsedPath | undefined; compared: number; differ: number; files: Set<string> }>();
  let predicted = 0;
  for (const s of mapping.source.samples ?? []) {
    const read = readSampleRecords(project.fs, project.dir, s.file, s.records);
    if (!read.ok) continue;
    for (const source of read.records) {
      if (predicted >= maxPredictedRecords) break;
      const k = keyText(valueAt(source, key.source));
      const dest = k === undefined ? undefined : destByKey.get(k);
      if (!dest) continue;
      predicted++;
      const result = compiled.run(source);
      for (const f of result.fields) {
        if (f.status !== 'ok' || f.index < 0) continue;
        const actual = valueAt(dest.record, f.destination);
        if (actual === undefined) continue; // sample-destination-path reports paths the sample lacks
        const stat = perField.get(f.index) ?? { destination: f.destination, byItem: byItem(f.destination), compared: 0, differ: 0, files: new Set<string>() };
        stat.compared++;
        // Under a `[]` with more path after it, item by item: a value in another item differs.
        const path = stat.byItem;
        if (path ? !agrees(selectValuesByItem(result.record, path), selectValuesByItem(dest.record, path)) : !agrees(valueAt(result.record, f.destination), actual)) {
          stat.differ++;
          stat.files.add(dest.file);
        }
        perField.set(f.index, stat);
      }
    }
  }
  const out: PredictionFinding[] = [];
  const start: Range = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
  for (const [index, stat] of [...perField].sort((a, b) => a[0] - b[0])) {
    if (stat.differ === 0) continue;
    const files = [...stat.files].sort();
    out.push({
      pointer: toPointer(['fields', index]),
      message: `the mapping predicts another ${stat.destination} than the destination sample holds in ${stat.differ} of ${stat.compared} record${stat.compared === 1 ? '' : 's'} with the same key (${files.join(', ')}): correct the transform or the sample. Run \`interop-design preview\` locally to see both`,
      args: [stat.destination],
      related: files.map((file) => ({ file: project.dir ? `${project.dir}/${file}` : file, range: start, message: `destination sample of ${mapping.id}` })),
    });
  }
  return out;
}
