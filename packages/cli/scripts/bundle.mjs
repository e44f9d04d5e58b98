// Bundles the command into one folder with no runtime dependencies, packages/cli/bundle/, which
// `npm install -g ./packages/cli/bundle` puts on the PATH (README: "Install the command"):
//   interop-design.js  the command (every workspace package and dependency inlined)
//   scan-worker.js     the background sample scan it starts for large samples, next to it
//   package.json       name, version and bin, and no dependencies
// The workspace packages are bundled from their sources: no `pnpm build` is needed first.
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(dirname(fileURLToPath(import.meta.url)));
const outdir = join(here, 'bundle');
const pkg = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { 'interop-design': join(here, 'src/bin.ts'), 'scan-worker': join(here, '../samples/src/scan-worker.ts') },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['interop-design-source'],
  // CommonJS dependencies (ajv, picomatch, semver) call require() for Node's built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
  legalComments: 'eof',
  logLevel: 'warning',
  absWorkingDir: join(here, '../..'),
  outdir,
  outExtension: { '.js': '.js' },
});
writeFileSync(
  join(outdir, 'package.json'),
  JSON.stringify(
    {
      name: pkg.name,
      version: pkg.version,
      description: pkg.description,
      license: pkg.license,
      type: 'module',
      engines: { node: '>=20.19' },
      bin: { 'interop-design': './interop-design.js' },
      files: ['interop-design.js', 'scan-worker.js', 'LICENSE'],
    },
    null,
    2,
  ) + '\n',
);
copyFileSync(join(here, '../../LICENSE'), join(outdir, 'LICENSE'));
console.log(`packages/cli/bundle: interop-design ${pkg.version}, no runtime dependencies`);
