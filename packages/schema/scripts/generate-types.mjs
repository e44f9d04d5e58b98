// Regenerates src/types.ts from the JSON Schemas. `--check` exits 1 when the committed file is stale.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { generateTypes } from './types-source.mjs';

const out = fileURLToPath(new URL('../src/types.ts', import.meta.url));
const text = await generateTypes();
if (process.argv.includes('--check')) {
  const current = await readFile(out, 'utf8');
  if (current !== text) {
    console.error('packages/schema/src/types.ts is stale: run `pnpm schemas:types`.');
    process.exit(1);
  }
} else {
  await writeFile(out, text);
}
