// Bundles the action into one file, dist/index.js, which is committed: GitHub runs it as is, and
// writes dist/licenses.txt, the licence notices of every third-party package bundled in it.
// `--check` builds in memory and fails when either committed file differs (CI runs it).
import { existsSync, readdirSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(dirname(fileURLToPath(import.meta.url)));
const outfile = join(here, 'dist/index.js');
const licensesFile = join(here, 'dist/licenses.txt');
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
  metafile: true,
  logLevel: 'warning',
  // Paths in the bundle's comments are relative to the repository, whatever the current folder.
  absWorkingDir: join(here, '../..'),
  outfile,
});
const text = result.outputFiles[0].text;
const root = join(here, '../..');

/** The folder of the npm package a bundled file belongs to (the last `node_modules/<name>` in its path). */
function packageDir(input) {
  const parts = join(root, input).split(sep);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return undefined;
  const length = parts[at + 1]?.startsWith('@') ? 2 : 1;
  return parts.slice(0, at + 1 + length).join(sep);
}

/** Every bundled third-party package with its licence text, sorted by name: the notices GitHub users receive. */
function licenses() {
  const dirs = new Set(Object.keys(result.metafile.inputs).map(packageDir).filter((d) => d !== undefined));
  const entries = [];
  for (const dir of dirs) {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)([.-](md|txt|markdown|mit))?$/iu.test(f));
    const declared = typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? (Array.isArray(pkg.licenses) ? pkg.licenses.map((l) => l.type).join(' OR ') : undefined));
    const licence = declared ?? 'UNKNOWN';
    // Some old packages ship no licence file: their package.json's declaration is all there is to pass on.
    const text = file ? readFileSync(join(dir, file), 'utf8').replace(/\r\n/gu, '\n').trim() : declared ? `The package ships no licence file; its package.json declares the licence ${declared}.` : undefined;
    entries.push({ name: pkg.name, version: pkg.version, licence, text: text ?? `The package ships no licence file and declares no licence (author: ${typeof pkg.author === 'string' ? pkg.author : (pkg.author?.name ?? 'unknown')}).` , known: text !== undefined });
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // Bundling a package without any licence needs a decision: these are the ones reviewed.
  const reviewed = new Set(['buffers']);
  const missing = entries.filter((e) => !e.known && !reviewed.has(e.name));
  if (missing.length) {
    console.error(`no licence file or declaration in: ${missing.map((e) => e.name).join(', ')}`);
    process.exit(1);
  }
  const head = `Third-party software bundled in dist/index.js: ${entries.length} packages, with their licences.\n`;
  return head + entries.map((e) => `\n${'='.repeat(72)}\n${e.name}@${e.version}\n${e.licence}\n\n${e.text}\n`).join('');
}
const notices = licenses();

if (check) {
  const read = (file) => (existsSync(file) ? readFileSync(file, 'utf8') : '');
  const stale = [[outfile, text], [licensesFile, notices]].filter(([file, want]) => read(file) !== want).map(([file]) => `packages/action/dist/${file.split(sep).pop()}`);
  if (stale.length) {
    console.error(`${stale.join(' and ')} ${stale.length === 1 ? 'is' : 'are'} stale: run \`pnpm --filter @interop-design/action build\` and commit dist/`);
    process.exit(1);
  }
  console.log('packages/action/dist/index.js and licenses.txt are up to date');
} else {
  mkdirSync(dirname(outfile), { recursive: true });
  writeFileSync(outfile, text);
  writeFileSync(licensesFile, notices);
  console.log(`dist/index.js: ${(text.length / 1024).toFixed(0)} KiB; dist/licenses.txt: ${notices.split('\n' + '='.repeat(72)).length - 1} packages`);
}
