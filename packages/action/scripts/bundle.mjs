// Bundles the action into one file, dist/index.js, which is committed: GitHub runs it as is;
// copies Mermaid's browser build and its licence to dist/mermaid/ (the design book's diagrams:
// the action's checkout has no node_modules), and writes dist/licenses.txt, the licence notices
// of every third-party package in dist/. `--check` builds in memory and fails when any committed
// file differs (CI runs it).
import { existsSync, readdirSync, readFileSync, realpathSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, sep } from 'node:path';
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

// Mermaid's browser build, as the design book ships it (packages/book depends on mermaid).
const mermaidDir = dirname(createRequire(join(root, 'packages/book/package.json')).resolve('mermaid/package.json'));
const mermaidFiles = [
  [join(here, 'dist/mermaid/mermaid.min.js'), readFileSync(join(mermaidDir, 'dist/mermaid.min.js'))],
  [join(here, 'dist/mermaid/LICENSE'), readFileSync(join(mermaidDir, 'LICENSE'))],
];

/** The folder of package `name` as Node resolves it from `from` (a package folder), by the node_modules walk. */
function resolvePackage(from, name) {
  for (let d = from; d !== dirname(d); d = dirname(d)) {
    if (basename(d) === 'node_modules') continue;
    const candidate = join(d, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
  }
  return undefined;
}

/**
 * Mermaid and every package it depends on (its runtime dependencies, transitively; type
 * packages left out): mermaid.min.js is built from them, so their notices go with it.
 */
function mermaidPackages() {
  const seen = new Set();
  const queue = [realpathSync(mermaidDir)];
  while (queue.length) {
    const dir = queue.shift();
    if (seen.has(dir)) continue;
    seen.add(dir);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    for (const name of Object.keys(pkg.dependencies ?? {})) {
      if (name.startsWith('@types/')) continue;
      const found = resolvePackage(dir, name);
      if (!found) {
        console.error(`cannot find ${name}, a dependency of ${pkg.name}: its licence cannot be shipped`);
        process.exit(1);
      }
      queue.push(found);
    }
  }
  return seen;
}

/** Every third-party package in dist/ (bundled in index.js, or in mermaid/) with its licence text, sorted by name: the notices GitHub users receive. */
function licenses() {
  const dirs = new Set([...Object.keys(result.metafile.inputs).map(packageDir).filter((d) => d !== undefined).map((d) => realpathSync(d)), ...mermaidPackages()]);
  const entries = [];
  const names = new Set();
  for (const dir of dirs) {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    // One package at one version is one entry, however many paths lead to it.
    if (names.has(`${pkg.name}@${pkg.version}`)) continue;
    names.add(`${pkg.name}@${pkg.version}`);
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
  const head = `Third-party software in dist/ (bundled in index.js, and Mermaid's browser build in mermaid/ with the packages it depends on, as installed here): ${entries.length} packages, with their licences.\n`;
  return head + entries.map((e) => `\n${'='.repeat(72)}\n${e.name}@${e.version}\n${e.licence}\n\n${e.text}\n`).join('');
}
const notices = licenses();

if (check) {
  const same = (file, want) => existsSync(file) && Buffer.compare(readFileSync(file), Buffer.from(want)) === 0;
  const stale = [[outfile, text], [licensesFile, notices], ...mermaidFiles].filter(([file, want]) => !same(file, want)).map(([file]) => `packages/action/${file.slice(here.length + 1).split(sep).join('/')}`);
  if (stale.length) {
    console.error(`${stale.join(' and ')} ${stale.length === 1 ? 'is' : 'are'} stale: run \`pnpm --filter @interop-design/action build\` and commit dist/`);
    process.exit(1);
  }
  console.log('packages/action/dist (index.js, licenses.txt, mermaid/) is up to date');
} else {
  mkdirSync(dirname(outfile), { recursive: true });
  writeFileSync(outfile, text);
  writeFileSync(licensesFile, notices);
  mkdirSync(join(here, 'dist/mermaid'), { recursive: true });
  for (const [file, content] of mermaidFiles) writeFileSync(file, content);
  console.log(`dist/index.js: ${(text.length / 1024).toFixed(0)} KiB; dist/licenses.txt: ${notices.split('\n' + '='.repeat(72)).length - 1} packages`);
}
