// Bundles the action into one file, dist/index.js, which is committed: GitHub runs it as is.
// `--check` builds in memory and fails when the committed file differs (CI runs it).
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(dirname(fileURLToPath(import.meta.url)));
const outfile = join(here, 'dist/index.js');
const check = process.argv.includes('--check');

const result = await build({
  entryPoints: [join(here, 'src/bin.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Bundle the workspace packages from their sources: no dependency on their build output.
  conditions: ['interop-design-source'],
  // CommonJS dependencies (ajv, picomatch, semver) call require() for Node's built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
  legalComments: 'eof',
  write: false,
  logLevel: 'warning',
  // Paths in the bundle's comments are relative to the repository, whatever the current folder.
  absWorkingDir: join(here, '../..'),
  outfile,
});
const text = result.outputFiles[0].text;

if (check) {
  let committed = '';
  try {
    committed = readFileSync(outfile, 'utf8');
  } catch {
    // Missing counts as stale.
  }
  if (committed !== text) {
    console.error('packages/action/dist/index.js is stale: run `pnpm --filter @interop-design/action build` and commit dist/');
    process.exit(1);
  }
  console.log('packages/action/dist/index.js is up to date');
} else {
  mkdirSync(dirname(outfile), { recursive: true });
  writeFileSync(outfile, text);
  console.log(`dist/index.js: ${(text.length / 1024).toFixed(0)} KiB`);
}
