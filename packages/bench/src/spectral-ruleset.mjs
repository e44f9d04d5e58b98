// Writes a Spectral ruleset that applies interop-design's JSON Schemas with Spectral's `schema` function.
import { writeFileSync } from 'node:fs';
import { schemaKinds, schemas, sharedSchemas } from '@interop-design/schema';

const globs = { manifest: '**/interop-design.yaml', stories: '**/*.stories.yaml', requirements: '**/requirements.yaml', flow: '**/*.flow.yaml', mapping: '**/*.mapping.yaml', valuemap: '**/*.valuemap.yaml' };

/** One self-contained schema: references to other schema files are copied into `$defs`. */
function bundle(kind) {
  const byFile = new Map([...sharedSchemas, ...Object.values(schemas)].map((s) => [String(s.$id).split('/').pop(), s]));
  const root = structuredClone(schemas[kind]);
  root.$defs ??= {};
  const pending = [root];
  while (pending.length) {
    const node = pending.pop();
    if (!node || typeof node !== 'object') continue;
    if (typeof node.$ref === 'string' && !node.$ref.startsWith('#')) {
      const [file, pointer] = node.$ref.split('#');
      const name = `${file.replace('.schema.json', '')}__${pointer.split('/').pop()}`;
      if (!root.$defs[name]) {
        const def = JSON.parse(JSON.stringify(byFile.get(file).$defs[pointer.split('/').pop()]).replaceAll('"#/$defs/', `"${file}#/$defs/`));
        root.$defs[name] = def;
        pending.push(def);
      }
      node.$ref = `#/$defs/${name}`;
    }
    for (const v of Object.values(node)) if (v && typeof v === 'object') pending.push(v);
  }
  delete root.$id;
  return root;
}

export function writeSpectralRuleset(file) {
  const ruleset = {
    rules: Object.fromEntries(schemaKinds.map((k) => [`${k}-schema`, { given: '$', severity: 'off', then: { function: 'schema', functionOptions: { schema: bundle(k), dialect: 'draft2020-12', allErrors: true } } }])),
    overrides: schemaKinds.map((k) => ({ files: [globs[k]], rules: { [`${k}-schema`]: 'error' } })),
  };
  writeFileSync(file, JSON.stringify(ruleset, null, 1));
}
