import type { DesignDocument, ParsedPath, Project } from '@interop-design/core';
import { forEachSampleRecord, forEachValue, tryParseFieldPath } from '@interop-design/core';
import type { Mapping } from '@interop-design/schema';
import { createMappingRule } from '../create-rule.js';
import type { ReportDescriptor } from '../types.js';
import { fieldPointer, sourcePaths } from '../util.js';

type M = 'noSamples' | 'unresolved' | 'selection';

interface SampleReading {
  records: number;
  /** Source path texts found in at least one record. */
  found: Set<string>;
  /** Samples whose `records` path selects an array or nothing (index in `samples`, the reader's message): their records are not counted. */
  unselected: { index: number; message: string }[];
}

const cache = new WeakMap<Mapping, SampleReading | undefined>();

/**
 * Streams a mapping's source samples once and notes which of its source paths some record holds;
 * `undefined` when it names none that can be read. No record is kept: memory does not grow with
 * the number of records.
 */
function readSamples(project: Project, mapping: Mapping): SampleReading | undefined {
  if (cache.has(mapping)) return cache.get(mapping);
  const wanted = new Map<string, ParsedPath>();
  for (const field of mapping.fields) {
    if (field.status === 'deprecated') continue;
    for (const text of sourcePaths(field)) {
      const parsed = tryParseFieldPath(text);
      if (!(parsed instanceof Error)) wanted.set(text, parsed);
    }
  }
  const reading: SampleReading = { records: 0, found: new Set(), unselected: [] };
  let readable = false;
  const noop = (): void => undefined;
  for (const [index, sample] of (mapping.source.samples ?? []).entries()) {
    // A `records` path that selects an array (`results` for `results[]`) or nothing gives no
    // records to look in: said once at the path, not as every source path missing.
    let records = 0;
    const found = new Set<string>();
    const result = forEachSampleRecord(project.fs, project.dir, sample.file, sample.records, (record) => {
      records++;
      if (found.size === wanted.size) return;
      for (const [text, path] of wanted) if (!found.has(text) && !reading.found.has(text) && forEachValue(record, path, noop) > 0) found.add(text);
    });
    if (!result.ok) continue;
    const selection = result.issues.find((i) => i.kind === 'records-array' || i.kind === 'records-not-found');
    if (selection) {
      reading.unselected.push({ index, message: selection.message });
      continue;
    }
    readable = true;
    reading.records += records;
    for (const text of found) reading.found.add(text);
  }
  const value = readable || reading.unselected.length > 0 ? reading : undefined;
  cache.set(mapping, value);
  return value;
}

/** Source paths that no sample record holds. Values are looked at, never reported. */
export function gaps(project: Project, mapping: Mapping, doc: DesignDocument): ReportDescriptor<M>[] {
  const reading = readSamples(project, mapping);
  if (!reading) return (mapping.source.samples ?? []).length === 0 ? [{ messageId: 'noSamples', doc, pointer: '/source' }] : [];
  const out: ReportDescriptor<M>[] = reading.unselected.map(({ index, message }) => ({ messageId: 'selection', data: { problem: message }, doc, pointer: `/source/samples/${index}/records` }));
  if (reading.records === 0 && reading.unselected.length > 0) return out;
  mapping.fields.forEach((field, i) => {
    if (field.status === 'deprecated') return;
    // Fallback paths (`pick: first`): one of them present is enough.
    if (field.source?.pick === 'first' && sourcePaths(field).some((text) => reading.found.has(text))) return;
    sourcePaths(field).forEach((text, j) => {
      if (tryParseFieldPath(text) instanceof Error) return; // reported as field-path-syntax
      if (field.source?.optional === true) return; // skip logic: absence is expected (check-samples counts presence)
      if (!reading.found.has(text)) {
        out.push({ messageId: 'unresolved', data: { path: text, records: reading.records }, doc, pointer: field.source?.paths ? fieldPointer(i, 'source', 'paths', j) : fieldPointer(i, 'source', 'path') });
      }
    });
  });
  return out;
}

export default createMappingRule<M>({
  id: 'mapping-sample-paths',
  description: 'Every source path of a mapping is found in at least one of its sample records, so the spec matches what the source really sends.',
  rulesets: { recommended: 'warning', strict: 'error', ready: 'error' },
  messages: {
    noSamples: 'this mapping names no source samples: add `samples: [{ file: sampleData/..., records: ... }]` so its paths can be checked',
    unresolved: '{{path}} is not in any of the {{records}} sample records: correct the path or commit a sample that has it',
    selection: '{{problem}} (until it selects records, no source path is checked against this sample)',
  },
  gaps,
});
