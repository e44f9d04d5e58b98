import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { schemaKinds, schemas, schemaUrl, sharedSchemas } from '../src/index.js';
// @ts-expect-error -- a plain .mjs build script without type declarations
import { generateTypes } from '../scripts/types-source.mjs';

describe('@interop-design/schema', () => {
  it('keeps src/types.ts in step with the JSON Schemas', async () => {
    const committed = readFileSync(new URL('../src/types.ts', import.meta.url), 'utf8');
    expect(await (generateTypes as () => Promise<string>)()).toBe(committed);
  });

  it('compiles every schema in ajv strict mode', () => {
    const ajv = new Ajv2020({ strict: true, strictTuples: false, strictRequired: false, allowUnionTypes: true });
    for (const s of [...sharedSchemas, ...Object.values(schemas)]) ajv.addSchema(s);
    for (const kind of schemaKinds) expect(ajv.getSchema(schemaUrl(kind)), kind).toBeTypeOf('function');
  });

  it('gives every schema an $id at its published URL and a title', () => {
    for (const kind of schemaKinds) {
      expect(schemas[kind].$id).toBe(schemaUrl(kind));
      expect(schemas[kind].title).toMatch(/\S/u);
      expect(schemas[kind].$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    }
  });

  it('documents every property for editor hover (a title, a description, or a $ref to one)', () => {
    const undocumented: string[] = [];
    const documented = (s: Record<string, unknown>): boolean => typeof s.title === 'string' || typeof s.description === 'string' || typeof s.$ref === 'string';
    const visit = (node: unknown, where: string): void => {
      if (node === null || typeof node !== 'object') return;
      if (Array.isArray(node)) {
        node.forEach((n, i) => {
          visit(n, `${where}/${i}`);
        });
        return;
      }
      const record = node as Record<string, unknown>;
      const props = record.properties as Record<string, Record<string, unknown>> | undefined;
      for (const [name, prop] of Object.entries(props ?? {})) {
        const trivial = ['$schema', 'title', 'description', 'notes', 'comment', 'by', 'date'].includes(name);
        if (!trivial && !documented(prop)) undocumented.push(`${where}/properties/${name}`);
      }
      for (const [k, v] of Object.entries(record)) visit(v, `${where}/${k}`);
    };
    for (const kind of schemaKinds) visit(schemas[kind], kind);
    expect(undocumented).toEqual([]);
  });
});
