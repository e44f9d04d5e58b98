import { Document, isMap, isSeq, YAMLMap } from 'yaml';
import type { Mapping } from './model.js';

const schemaComment = ' yaml-language-server: $schema=https://interop-design.dev/schemas/v1/mapping.schema.json';

/** The mapping as a `*.mapping.yaml` file, written like the examples: one flow-style line per field part. */
export function mappingYaml(mapping: Mapping): string {
  const doc = new Document(mapping, { aliasDuplicateObjects: false });
  doc.commentBefore = schemaComment;
  const flowAll = (node: unknown): void => {
    if (isMap(node)) node.flow = true;
  };
  const root = doc.contents;
  if (isMap(root)) {
    for (const pair of root.items) {
      const key = String((pair.key as { value?: unknown }).value ?? pair.key);
      const value = pair.value;
      if (key === 'flows' && isSeq(value)) value.flow = true;
      if ((key === 'source' || key === 'destination') && isMap(value)) {
        for (const p of value.items) {
          if (isMap(p.value)) flowAll(p.value);
          if (isSeq(p.value)) for (const item of p.value.items) flowAll(item);
        }
      }
      if (key === 'fields' && isSeq(value)) {
        for (const field of value.items) {
          if (!(field instanceof YAMLMap)) continue;
          for (const p of field.items) if (isMap(p.value)) flowAll(p.value);
        }
      }
      if (key === 'changelog' && isSeq(value)) for (const item of value.items) flowAll(item);
    }
  }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}
