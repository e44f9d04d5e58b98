import type { DesignDocument, Project } from '@interop-design/core';
import { parseFieldPath, readSampleRecords, selectValues } from '@interop-design/core';
import type { Mapping } from '@interop-design/schema';
import { createMappingRule } from '../create-rule.js';
import type { ReportDescriptor } from '../types.js';
import { fieldPointer, sourcePaths } from '../util.js';

type M = 'noSamples' | 'unresolved';

const cache = new WeakMap<Mapping, unknown[] | undefined>();

/** Source records of a mapping's samples; `undefined` when it names none that can be read. */
function sourceRecords(project: Project, mapping: Mapping): unknown[] | undefined {
  if (cache.has(mapping)) return cache.get(mapping);
  const records: unknown[] = [];
  let readable = false;
  for (const sample of mapping.source.samples ?? []) {
    const result = readSampleRecords(project.fs, project.dir, sample.file, sample.records);
    if (result.ok) {
      readable = true;
      records.push(...result.records);
    }
  }
  const value = readable ? records : undefined;
  cache.set(mapping, value);
  return value;
}

/** Source paths that no sample record holds. Values are looked at, never reported. */
export function gaps(project: Project, mapping: Mapping, doc: DesignDocument): ReportDescriptor<M>[] {
  const records = sourceRecords(project, mapping);
  if (!records) return (mapping.source.samples ?? []).length === 0 ? [{ messageId: 'noSamples', doc, pointer: '/source' }] : [];
  const out: ReportDescriptor<M>[] = [];
  mapping.fields.forEach((field, i) => {
    if (field.status === 'deprecated') return;
    sourcePaths(field).forEach((text, j) => {
      let path;
      try {
        path = parseFieldPath(text);
      } catch {
        return; // reported as field-path-syntax
      }
      if (!records.some((r) => selectValues(r, path).length > 0)) {
        out.push({ messageId: 'unresolved', data: { path: text, records: records.length }, doc, pointer: field.source?.paths ? fieldPointer(i, 'source', 'paths', j) : fieldPointer(i, 'source', 'path') });
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
  },
  gaps,
});
