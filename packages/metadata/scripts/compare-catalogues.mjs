// Compares the catalogues two builds of this package make of the same projects: every system's
// resources (ids, names, kinds, origins, every field with its type, choices, required, keys...),
// choice sets, reference-data fields and findings, and where origins point in their files.
//
//   node scripts/compare-catalogues.mjs <other build's dist/index.js> [bench-dir]
//
// The other build is typically this package built at an earlier commit (git worktree + tsc).
// Projects compared: the examples, the lint fixtures with metadata, each reader fixture as a
// project of its own, variants of the DHIS2 fixtures (pretty-printed, escapes, duplicates,
// inline stages, top-level options, broken JSON cut at many places), and the bench's generated
// exports when [bench-dir] (holding with/) is given or generated into a temporary folder.
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fileStore, loadProjects, nodeFs } from '@interop-design/core';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(here, '..');
const repo = path.resolve(pkg, '..', '..');
const [otherPath, benchArg] = process.argv.slice(2);
if (!otherPath) throw new Error('usage: compare-catalogues.mjs <other dist/index.js> [bench-dir]');
const mine = await import(pathToFileURL(path.join(pkg, 'dist', 'index.js')).href);
const other = await import(pathToFileURL(path.resolve(otherPath)).href);

const probes = ['orgUnit', 'attributes', 'dataValues', 'enrollments[].events[].dataValues', 'period', 'dataSet', 'foo', 'name', '_submission_time', 'questionnaireAnswers.x', 'Id', 'value'];
function sorted(v) {
  if (Array.isArray(v)) return v.map(sorted);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])]));
  return v;
}
/** Everything a user of the catalogue can see, as plain data (lazy parts are built). */
function dump(cat, withPositions) {
  const at = (o) => (withPositions ? cat.locate(o) : undefined);
  return sorted({
    diagnostics: cat.diagnostics,
    systems: [...cat.systems].map(([id, s]) => ({
      id,
      files: s.files,
      resources: s.resources.map((r) => ({
        ...r,
        isOpen: r.isOpen ? probes.map((p) => r.isOpen(p)) : undefined,
        originAt: at(r.origin),
        fields: [...r.fields].map(([k, f]) => [k, { ...f, originAt: at(f.origin) }]),
      })),
      choiceSets: [...s.choiceSets].map(([k, set]) => [k, { ...set, choices: set.choices, originAt: at(set.origin) }]),
      fieldChoiceSets: [...s.fieldChoiceSets],
    })),
  });
}

let compared = 0;
const differences = [];
async function compare(label, dir, withPositions = true) {
  const load = () => loadProjects(fileStore(nodeFs(dir)), ['']).projects;
  const a = load();
  const b = load();
  if (a.length !== b.length) throw new Error(`${label}: projects differ`);
  for (let i = 0; i < a.length; i++) {
    const x = JSON.stringify(dump(await mine.loadCatalogue(a[i]), withPositions));
    const y = JSON.stringify(dump(await other.loadCatalogue(b[i]), withPositions));
    compared++;
    if (x !== y) {
      let k = 0;
      while (k < x.length && x[k] === y[k]) k++;
      differences.push(`${label} (${a[i].dir || '.'}): first difference at ${k}:\n  this:  ${x.slice(Math.max(0, k - 200), k + 200)}\n  other: ${y.slice(Math.max(0, k - 200), k + 200)}`);
    }
  }
}

const tmp = mkdtempSync(path.join(tmpdir(), 'compare-catalogues-'));
let n = 0;
/** A project of its own holding `files` (name -> text) under metadata/, every one named by one system. */
function projectOf(files, type = 'dhis2') {
  const dir = path.join(tmp, String(n++));
  mkdirSync(path.join(dir, 'metadata'), { recursive: true });
  mkdirSync(path.join(dir, '.git'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, 'metadata', name), text);
  writeFileSync(path.join(dir, 'interop-design.yaml'), `name: Compare\nsystems:\n  s: { type: ${type}, metadata: [${Object.keys(files).map((f) => JSON.stringify(`metadata/${f}`)).join(', ')}] }\n`);
  return dir;
}

// 1. The examples and the lint fixtures that hold metadata.
for (const ex of readdirSync(path.join(repo, 'examples'))) if (existsSync(path.join(repo, 'examples', ex, 'interop-design.yaml'))) await compare(`examples/${ex}`, path.join(repo, 'examples', ex));
const lintFixtures = path.join(repo, 'packages', 'lint', 'test', '__fixtures__');
for (const f of readdirSync(lintFixtures)) if (existsSync(path.join(lintFixtures, f, 'metadata'))) await compare(`lint fixture ${f}`, path.join(lintFixtures, f));
await compare('metadata fixture diff', path.join(pkg, 'test', '__fixtures__', 'diff'));

// 2. Each reader fixture, alone and with the others of its system.
const fixtures = path.join(pkg, 'test', '__fixtures__');
const fixtureText = (f) => readFileSync(path.join(fixtures, f), 'utf8');
for (const f of readdirSync(fixtures)) if (/\.(json|sql|ya?ml)$/u.test(f)) await compare(`fixture ${f}`, projectOf({ [f]: fixtureText(f) }));
await compare('fixtures dhis2 package + option set', projectOf({ 'a.json': fixtureText('dhis2-package.json'), 'b.json': fixtureText('dhis2-optionSet.json') }));

// 3. DHIS2 variants: how the same export may be written.
const dhis2Texts = [fixtureText('dhis2-package.json'), readFileSync(path.join(repo, 'examples', 'dhis2-godata', 'metadata', 'dhis2-covid19-tracker.json'), 'utf8')];
for (const [k, text] of dhis2Texts.entries()) {
  const v = JSON.parse(text);
  const variants = {
    pretty: JSON.stringify(v, null, 2),
    tabs: JSON.stringify(v, null, '\t').replaceAll('\n', '\r\n'),
    minified: JSON.stringify(v),
    // Escapes in ids, names and keys; the same text read either way.
    escapes: JSON.stringify(v).replaceAll('"name":"', '"n\\u0061me":"\\u00e9\\"\\\\ ').replaceAll('"id":"', '"\\u0069d":"'),
    // A later duplicate of every stage, option set and data element (the last wins), and a top-level key twice.
    duplicates: JSON.stringify({ ...v, programStages: [...(v.programStages ?? []), ...(v.programStages ?? []).map((s) => ({ ...s, name: `${s.name} again`, programStageDataElements: (s.programStageDataElements ?? []).slice(1) }))], optionSets: [...(v.optionSets ?? []), ...(v.optionSets ?? []).map((s) => ({ ...s, options: (s.options ?? []).slice(1) }))], dataElements: [...(v.dataElements ?? []), ...(v.dataElements ?? []).map((d) => ({ ...d, valueType: 'LONG_TEXT' }))] }).replace(/^\{/u, '{"programs":[],'),
    // Stages inline in their programs only, option sets with references to top-level options.
    inline: JSON.stringify({ ...v, programs: (v.programs ?? []).map((p) => ({ ...p, programStages: (p.programStages ?? []).map((s) => (v.programStages ?? []).find((x) => x.id === s.id) ?? s) })), programStages: [], optionSets: (v.optionSets ?? []).map((s) => ({ ...s, options: (s.options ?? []).map((o) => ({ id: o.id ?? `${s.id}${o.code}` })) })), options: (v.optionSets ?? []).flatMap((s) => (s.options ?? []).map((o) => ({ ...o, id: o.id ?? `${s.id}${o.code}`, optionSet: { id: s.id } }))) }),
    // Odd shapes: ids that are not strings, names that are objects, elements that are not objects.
    odd: JSON.stringify({ ...v, programStages: [1, null, 'x', { id: 5 }, { name: 'no id' }, ...(v.programStages ?? []).map((s, i) => (i % 2 ? { ...s, name: { en: s.name } } : { ...s, id: [s.id], name: s.name }))], dataElements: [...(v.dataElements ?? []), [], {}], trackedEntityTypes: { not: 'a list' } }),
    nested: JSON.stringify({ wrapper: { programs: v.programs }, programs: [{ id: 'Abcdefghij1', name: 'P', programStages: [{ id: 'Abcdefghij2', programStageDataElements: [{ dataElement: { id: 'x' }, compulsory: true }] }], programTrackedEntityAttributes: [{ trackedEntityAttribute: 'y', mandatory: true }] }] }),
  };
  for (const [name, t] of Object.entries(variants)) await compare(`dhis2 ${k} ${name}`, projectOf({ 'export.json': t, 'set.json': fixtureText('dhis2-optionSet.json') }));
  // Broken JSON: cut or corrupted at many places; the finding (line, column, message) must be the same.
  const pretty = variants.pretty;
  const step = Math.max(1, Math.floor(pretty.length / 60));
  for (let at = 1; at < pretty.length; at += step) {
    await compare(`dhis2 ${k} cut at ${at}`, projectOf({ 'export.json': pretty.slice(0, at) }));
    await compare(`dhis2 ${k} corrupt at ${at}`, projectOf({ 'export.json': `${pretty.slice(0, at)}${['}', ',', '"', '\u0001', 'x', '1.', '-', '\\', ']'][at % 9]}${pretty.slice(at)}` }));
  }
  // Bytes that are not UTF-8, inside a string and outside.
  for (const [name, bad] of [['in a string', [0xc3, 0x28]], ['overlong', [0xc0, 0x80]], ['surrogate', [0xed, 0xa0, 0x80]], ['outside', [0xa0]]]) {
    const at = name === 'outside' ? pretty.indexOf('[') + 1 : pretty.indexOf('"name": "') + 9;
    const dir = projectOf({ 'export.json': '' });
    writeFileSync(path.join(dir, 'metadata', 'export.json'), new Uint8Array([...Buffer.from(pretty.slice(0, at)), ...bad, ...Buffer.from(pretty.slice(at))]));
    await compare(`dhis2 ${k} not UTF-8 ${name}`, dir);
  }
  await compare(`dhis2 ${k} trailing comma`, projectOf({ 'export.json': pretty.replace(/\}\n(\s*)\]/u, '},\n$1]') }));
  await compare(`dhis2 ${k} BOM`, projectOf({ 'export.json': `\ufeff${pretty}` }));
  await compare(`dhis2 ${k} deep`, projectOf({ 'export.json': `{"programs":[{"id":"Abcdefghij1","x":${'['.repeat(300)}${']'.repeat(300)}}]}` }));
}

// 4. The bench's generated exports (5 MB describe bundle, 20 MB DHIS2 package).
let bench = benchArg;
if (!bench) {
  const { metadataProjects } = await import(pathToFileURL(path.join(repo, 'packages', 'bench', 'src', 'gen-metadata.mjs')).href);
  bench = path.join(tmp, 'bench');
  metadataProjects(repo, bench, { describeBytes: 5e6, dhis2Bytes: 20e6 });
}
await compare('bench exports', path.join(bench, 'with'), false);

console.log(`${compared} catalogues compared, ${differences.length} different`);
for (const d of differences.slice(0, 10)) console.log(d);
process.exitCode = differences.length ? 1 : 0;
