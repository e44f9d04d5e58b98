// pnpm bench: measures, prints a markdown table and writes packages/bench/results.md.
// Options: --quick (smaller files, one run), --only=samples|lint|valuemap
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './gen-samples.mjs';
import { generateProject } from './gen-projects.mjs';
import { metadataProjects } from './gen-metadata.mjs';
import { writeSpectralRuleset } from './spectral-ruleset.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const runs = quick ? 1 : 3;
const work = path.join(tmpdir(), 'interop-design-bench');
mkdirSync(work, { recursive: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (n) => (n / 1e6).toFixed(0);

/**
 * One run of a child script in a fresh process, under /usr/bin/time: what the script prints, plus
 * the whole process's CPU time (user + system, every thread, start-up included) and peak RSS. CPU
 * time is what the ratios use: the machine is shared, and wall time moves with its load.
 */
function child(script, args) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, '--max-old-space-size=4096', path.join(here, script), ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${script} ${args.join(' ')} failed: ${r.stderr}`);
  const [, user, sys, kb] = String(r.stderr).trim().split('\n').pop().split(' ').map(Number);
  return { ...JSON.parse(r.stdout.trim().split('\n').pop()), cpuSeconds: user + sys, peakRssMb: kb / 1024 };
}

function measure(script, args) {
  const results = Array.from({ length: runs }, () => child(script, args));
  return { ...results[0], seconds: median(results.map((r) => r.seconds)), cpuSeconds: median(results.map((r) => r.cpuSeconds)), mbPerSecond: median(results.map((r) => r.mbPerSecond)), peakRssMb: median(results.map((r) => r.peakRssMb)) };
}

/** Runs two children in pairs (a, b, a, b, ...): medians of each, and the median of the per-pair CPU ratios a / b. */
function paired(a, b) {
  const as = [];
  const bs = [];
  for (let i = 0; i < runs; i++) {
    as.push(child(...a));
    bs.push(child(...b));
  }
  const med = (xs) => ({ ...xs[0], seconds: median(xs.map((r) => r.seconds)), cpuSeconds: median(xs.map((r) => r.cpuSeconds)), peakRssMb: median(xs.map((r) => r.peakRssMb)) });
  return { a: med(as), b: med(bs), cpuRatio: median(as.map((r, i) => r.cpuSeconds / (bs[i]?.cpuSeconds ?? 1))) };
}

async function sampleFile(name, format, bytes) {
  const file = path.join(work, name);
  if (!existsSync(file) || Math.abs(statSync(file).size - bytes) > bytes * 0.01) {
    process.stderr.write(`generating ${name} (${mb(bytes)} MB)\n`);
    await generate(file, format, bytes);
  }
  return file;
}

const sections = [];
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);

/** Wall time, CPU time (user + system) and peak RSS of a whole command, from /usr/bin/time. */
function timedStderr(command, args, cwd) {
  // /usr/bin/time writes its line last on stderr, whatever the command's exit code.
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', command, ...args], { cwd, encoding: 'utf8' });
  const [seconds, user, sys, kb] = String(r.stderr).trim().split('\n').pop().split(' ').map(Number);
  return { seconds, cpuSeconds: user + sys, peakRssMb: kb / 1024 };
}

// Lint at scale: interop-design against the floor and against Spectral, same files, same run, in CPU time.
if (!only || only === 'lint') {
  const spectral = path.join(here, '..', 'node_modules', '.bin', 'spectral');
  // --sizes=1000,2000 and --spectral-at=1000 narrow a run (Spectral at 2,000 takes minutes of CPU).
  const sizesArg = process.argv.find((a) => a.startsWith('--sizes='))?.slice(8);
  const sizes = sizesArg ? sizesArg.split(',').map(Number) : quick ? [1000] : [250, 1000, 2000];
  const spectralArg = process.argv.find((a) => a.startsWith('--spectral-at='))?.slice(14);
  const spectralAt = spectralArg === undefined ? undefined : spectralArg.split(',');
  const rows = [];
  let diffRow = '';
  const cpu = (r) => `${r.cpuSeconds.toFixed(2)} s (${r.seconds.toFixed(2)} s wall), ${r.peakRssMb.toFixed(0)} MB`;
  for (const varied of [false, true]) {
    for (const n of sizes) {
      const name = `${varied ? 'varied' : 'project'}-${n}`;
      const dir = path.join(work, name, 'p');
      mkdirSync(path.join(work, name, '.git'), { recursive: true });
      process.stderr.write(`lint: generating ${name}\n`);
      const files = generateProject(dir, { mappings: n, flows: Math.max(1, n / 5), stories: n * 2, valueMaps: 50, varied });
      writeSpectralRuleset(path.join(dir, '.spectral.json'));
      const mb = Number(execFileSync('du', ['-sm', dir], { encoding: 'utf8' }).split('\t')[0]);
      process.stderr.write(`lint: ${name}, interop-design and the floor, paired\n`);
      const { a: lint, b: floor, cpuRatio } = paired(['lint-child.mjs', ['lint', dir]], ['lint-child.mjs', ['floor', dir]]);
      const yamlFloor = n === 1000 && !varied ? child('lint-child.mjs', ['floor-yaml', dir]) : undefined;
      const runSpectral = spectralAt ? spectralAt.includes(`${varied ? 'varied' : 'base'}-${n}`) : !quick || n === 1000;
      process.stderr.write(runSpectral ? `lint: ${name}, spectral\n` : '');
      const sp = runSpectral ? timedStderr(spectral, ['lint', '**/*.yaml', '--ruleset', '.spectral.json', '-f', 'json', '--quiet', '-o', path.join(work, 'spectral-out.json')], dir) : undefined;
      rows.push(`| ${varied ? 'varied' : 'base'} | ${n} | ${files} | ${mb} MB | ${cpu(lint)} | ${cpu(floor)} | ${yamlFloor ? cpu(yamlFloor) : '-'} | ${sp ? cpu(sp) : '-'} | ${cpuRatio.toFixed(2)}x | ${sp ? `${(sp.cpuSeconds / lint.cpuSeconds).toFixed(1)}x` : '-'} | ${(lint.peakRssMb / mb).toFixed(1)} |`);
      if (n === 1000 && !varied) {
        const headDir = path.join(work, 'project-1000-head', 'p');
        mkdirSync(path.join(work, 'project-1000-head', '.git'), { recursive: true });
        generateProject(headDir, { mappings: n, flows: n / 5, stories: n * 2, valueMaps: 50, variant: 1 });
        process.stderr.write('diff: 1000 mappings\n');
        const d = measure('diff-child.mjs', [dir, headDir]);
        diffRow = `| diff, value maps changed: every one of ${d.mappings} mappings changes | ${d.cpuSeconds.toFixed(2)} s (${d.seconds.toFixed(2)} s wall) | ${d.peakRssMb.toFixed(0)} MB | ${(d.cpuSeconds / lint.cpuSeconds).toFixed(2)}x of lint |`;
        const typicalDir = path.join(work, 'project-1000-typical', 'p');
        mkdirSync(path.join(work, 'project-1000-typical', '.git'), { recursive: true });
        generateProject(typicalDir, { mappings: n, flows: n / 5, stories: n * 2, valueMaps: 50, variant: 2 });
        const t = measure('diff-child.mjs', [dir, typicalDir]);
        diffRow += `\n| diff, a pull request changing ${t.changed} of ${t.mappings} mappings | ${t.cpuSeconds.toFixed(2)} s (${t.seconds.toFixed(2)} s wall) | ${t.peakRssMb.toFixed(0)} MB | ${(t.cpuSeconds / lint.cpuSeconds).toFixed(2)}x of lint |`;
      }
    }
  }
  sections.push(
    [
      '## Lint at scale',
      '',
      `Generated projects of N mappings of 100 fields, N/5 flows, 2N stories, 50 value maps shared by every mapping, in two shapes. base: a sample file per 10 mappings, flows of about 8 steps, info findings in every mapping file (fields needing discussion). varied: a sample file per mapping, flows of about 28 steps (20 manual review steps in a person's lane), an SQL export of the database declaring one table, so every mapping also has a \`metadata-unknown-resource\` info finding. interop-design runs \`lint --format json\` with the recommended ruleset (every rule, references, sample syntax, metadata, positions for every finding). The floor is js-yaml plus the same compiled ajv schemas and nothing else; beside it, the same with yaml's parseDocument (base, 1,000). Spectral ${'6'} lints the same files with a ruleset applying the same schemas through its \`schema\` function. Times are CPU time (user + system of the whole process, start-up included) from /usr/bin/time, wall time beside it; interop-design and the floor run in pairs (lint, floor, lint, floor, ...), ${runs} pair(s), and lint / floor is the median of the per-pair ratios; Spectral: one run${spectralAt ? ` (this run: ${spectralAt.join(', ')} only)` : quick ? ', at 1,000 only' : ''}. Measured at a load average of ${loadavg()[0].toFixed(1)} on ${cpus().length} cores. Targets: lint at most 2.5x the floor's CPU, at least 12x less CPU than Spectral, at most 200 MB peak RSS at 1,000 mappings, memory growing no faster than the input (the last column).`,
      '',
      '| shape | mappings | files | size | interop-design lint: CPU (wall), peak RSS | floor (js-yaml + ajv) | floor (yaml parseDocument + ajv) | Spectral | lint / floor (CPU) | Spectral / lint (CPU) | lint peak RSS per input MB |',
      '|---|---|---|---|---|---|---|---|---|---|---|',
      ...rows,
      '',
      '| diff | CPU (wall) | peak RSS | vs lint (CPU) |',
      '|---|---|---|---|',
      diffRow,
    ].join('\n'),
  );
}

/** JSON.parse throughput per format, measured in the samples section, for the check-samples ratios. */
const parseRate = {};
/** The same in CPU time (user + system of the whole process, start-up and reading the file included). */
const parseCpuRate = {};
/** The same for NDJSON read in chunks, JSON.parse per line: a stricter floor on machines where a string of the whole file is costly. */
const streamedParseRate = {};
const streamedParseCpuRate = {};

if (!only || only === 'samples') {
// Samples: streamed check input at 1 GB, beside JSON.parse over the same bytes where they fit in a string.
{
  const big = quick ? 256e6 : 1e9;
  const small = 256e6;
  const rows = [];
  for (const [format, records] of [['ndjson', ''], ['json', 'data.results[]']]) {
    const bigFile = await sampleFile(`samples-${mb(big)}.${format}`, format, big);
    const smallFile = await sampleFile(`samples-${mb(small)}.${format}`, format, small);
    process.stderr.write(`samples: streaming ${format}\n`);
    const stream = measure('samples-child.mjs', ['stream', bigFile, format, records]);
    process.stderr.write(`samples: JSON.parse ${format}\n`);
    const parse = measure('samples-child.mjs', ['parse', smallFile, format, records]);
    parseRate[format] = parse.mbPerSecond;
    parseCpuRate[format] = parse.bytes / 1e6 / parse.cpuSeconds;
    // NDJSON also read the plainest streaming way: 64 KiB chunks, JSON.parse per line, no string of the whole file.
    const streamed = format === 'ndjson' ? measure('samples-child.mjs', ['parse-chunks', bigFile, format]) : undefined;
    if (streamed) {
      streamedParseRate[format] = streamed.mbPerSecond;
      streamedParseCpuRate[format] = streamed.bytes / 1e6 / streamed.cpuSeconds;
    }
    rows.push(
      `| stream ${format} (records: ${records || 'each line'}) | ${mb(stream.bytes)} MB | ${stream.records} | ${stream.seconds.toFixed(2)} s | ${stream.mbPerSecond.toFixed(0)} MB/s | ${stream.cpuSeconds.toFixed(2)} s | ${stream.peakRssMb.toFixed(0)} MB | ${(stream.mbPerSecond / parse.mbPerSecond).toFixed(2)}x |`,
      `| JSON.parse ${format} | ${mb(parse.bytes)} MB | ${parse.records} | ${parse.seconds.toFixed(2)} s | ${parse.mbPerSecond.toFixed(0)} MB/s | ${parse.cpuSeconds.toFixed(2)} s | ${parse.peakRssMb.toFixed(0)} MB | 1.00x |`,
      ...(streamed ? [`| JSON.parse ${format}, read in 64 KiB chunks | ${mb(streamed.bytes)} MB | ${streamed.records} | ${streamed.seconds.toFixed(2)} s | ${streamed.mbPerSecond.toFixed(0)} MB/s | ${streamed.cpuSeconds.toFixed(2)} s | ${streamed.peakRssMb.toFixed(0)} MB | ${(streamed.mbPerSecond / parse.mbPerSecond).toFixed(2)}x |`] : []),
    );
  }
  sections.push(
    [
      '## Samples: reading records',
      '',
      `Generated Kobo-like submissions; median of ${runs} run(s), each in a fresh process, at a load average of ${loadavg()[0].toFixed(1)} on ${cpus().length} cores. JSON.parse reads a ${mb(small)} MB file of the same shape: a 1 GB file does not fit in one V8 string. For NDJSON, JSON.parse also reads the 1 GB file line by line in 64 KiB chunks (Node's StringDecoder, no string of the whole file): a stricter floor where a string of the whole file is costly. Time is wall time inside the process; CPU is user + system of the whole process (start-up included). Targets: peak RSS under 300 MB, throughput at least 0.5x JSON.parse.`,
      '',
      '| what | bytes | records | time | throughput | CPU | peak RSS | vs JSON.parse |',
      '|---|---|---|---|---|---|---|---|',
      ...rows,
    ].join('\n'),
  );
}

// check-samples end to end: a Kobo mapping of 10 fields over one large sample.
// What the profiles of check-samples showed when issue 15's NDJSON target was worked on (static: profile again before changing the hot paths).
const checkSamplesProfile =
  "What the profiles showed (`node --cpu-prof --cpu-prof-dir=...` on `src/check-child.mjs` over 100 MB of the same NDJSON: the worker thread writes a profile of its own; 2026-12-01, at load averages of 3 to 10 on 2 cores, so shares count more than milliseconds): before, the worker's scan took 1.6 to 1.8 s of CPU per 100 MB (measured in-process, start-up excluded): the streaming UTF-8 decoder about 0.3 s, the case-insensitive secret key words 0.3 to 0.4 s, the 13-digit id pattern about 0.27 s, the phone and birth key words about 0.25 s, the eight token shapes 0.35 to 0.45 s and the `\"+` phone pattern 0.1 s (each pattern tried at every character: none starts with a literal V8 can search for), and copying each window flat again (a concatenation of the 256 characters kept and the next chunk) about 0.1 s. On the main thread JSON.parse was about a third of the CPU, the checks about as much again (the leaf-path walk for coverage, the visits of the 10 mapped paths, the set of integer keys), then the long-integer pattern (0.23 s), the decoder (0.11 s), the garbage collector and loading the project (ajv compiling the schemas, about 0.3 s). Now the scan reads ASCII chunks as Latin-1 (`isAscii`, into one flat string with the characters kept), finds the token shapes and `\"+` numbers from literals rare in sample text (`yJ`, `BEGIN `, `AIza`, `_live_`, `+`, ...) with `indexOf` and tries the pattern only there, and finds 13-digit ids by looking at every 13th character; the NDJSON reader finds runs of 16 digits by looking at every 16th character and reads ASCII chunks with `isAscii` and Latin-1; the leaf-path walk compares each record's keys with the record's before it (same keys in the same order: no map lookups), integer keys that come in increasing order go to a sorted typed array instead of a set, and paths of keys only are followed in a loop. Nothing is found differently: packages/samples/test/scan-differential.test.ts compares the scan with the one before (kept verbatim in the tests) over generated text with overlapping and adjacent matches, near misses, keys and values cut by chunk boundaries, Unicode (case folding, surrogate pairs, byte-order marks, bytes that are not UTF-8), CRLF and lines longer than a chunk; the long-integer search, the leaf paths and the key set are tested against the earlier code too. The worker's scan now takes 0.77 to 0.82 s of CPU per 100 MB (same machine, alternating runs); most of what is left is the three case-insensitive key-word patterns (about 0.4 s: one pattern joining all the words measured 4 to 5 times slower than the three, and lower-casing the text first no faster). Left: classifying each distinct key once (the key words searched in keys only, remembered per key), which needs a proof that every finding's key word lies in a key before it can replace the patterns; JSON.parse and the per-field checks are most of the main thread, which sets the wall time while the scan runs beside it. Then, on a quieter machine (load average about 0.5 to 1; profiles of 200 MB): the main thread spent 0.67 s in JSON.parse of 2.1 s, then the leaf-path walk, the visits of the mapped paths, splitting multichoice texts (0.09 s) and reading; the worker 1.2 s, of which the three key-word patterns 0.37 s, the token literals 0.1 s, the 13-digit ids 0.08 s, and decoding and copying each window (`latin1Slice`, `Buffer.concat`) 0.1 s. Decoding 1 MiB chunks cost five to eight times the CPU of 64 KiB chunks (0.45 s against 0.06 s per 200 MB, measured alone): a string over about 128 KiB is allocated in fresh memory of its own, mapped, faulted in and unmapped, which is also where most of the system time went. Now samples are read in 64 KiB chunks, the scan keeps 8.25 KiB between windows (a secret's value of 4,096 characters or escapes, a name's phone 300 characters on: never cut by the more frequent boundaries, tested at every cut), a prefix cut from Latin-1 text is not checked again character by character, a multichoice text whose codes are all known is remembered, and a mapped key no plain object inherits is read without `Object.hasOwn`. Old and new builds in alternation (/usr/bin/time, both threads and start-up): 200 MB, 3 pairs at load 0.5 to 0.8: 5.49, 5.31, 5.66 s of CPU before, 4.50, 4.36, 4.21 s now (wall 3.72, 3.66, 3.47 s; 3.13, 3.03, 2.46 s), peak RSS 194 to 216 MB before, 121 to 126 MB now; 1000 MB, 3 pairs at load 0.6 to 1.3: 14.84, 16.62, 16.99 s before, 13.43, 14.04, 15.81 s now, peak RSS 229 to 232 MB before, 157 to 161 MB now. The JSON.parse floor the target was set against reads the file as one string; on this machine that string costs 1.6 to 2.9 s of system time per 256 MB (page faults), so the floor's CPU doubled from one machine to the next. The table therefore also compares with JSON.parse over the same NDJSON read in 64 KiB chunks (a floor without that cost): against it, check-samples keeps up in wall time but uses about 3 times JSON.parse's CPU: the credential and personal-data scan alone costs more CPU than JSON.parse (0.85 s against about 0.7 s per 200 MB), it must read every byte, and the checks and the reading on the main thread cost about as much again.";
{
  const bytes = quick ? 256e6 : 1e9;
  const rows = [];
  for (const [format, records] of [['ndjson', undefined], ['json', 'data.results[]']]) {
    const root = path.join(work, `check-${format}-${mb(bytes)}`);
    mkdirSync(path.join(root, 'p', 'sampleData'), { recursive: true });
    mkdirSync(path.join(root, '.git'), { recursive: true });
    await sampleFile(path.join(`check-${format}-${mb(bytes)}`, 'p', 'sampleData', `submissions.${format}`), format, bytes);
    writeFileSync(path.join(root, 'p', 'interop-design.yaml'), 'name: bench\nsystems:\n  kobo: { type: kobo }\n  mssql: { type: mssql }\n');
    const fields = [
      ['_id', 'integer'], ['"[\\"household/district\\"]"', 'choice', 'choices: [bo, kenema, kailahun, port_loko]'], ['"[\\"household/hh_size\\"]"', 'integer'],
      ['"[\\"wash/water_source\\"]"', 'choice', 'choices: [piped, borehole, protected_well, surface_water]'], ['"[\\"health/symptoms\\"]"', 'multichoice', 'choices: [fever, cough, none, diarrhoea, rash]'],
      ['"[\\"meta/instanceID\\"]"', 'string'], ['_uuid', 'string'], ['_submission_time', 'datetime'], ['"_geolocation[0]"', 'number'], ['"[\\"household/members\\"][].[\\"household/members/member_age\\"]"', 'integer'],
    ];
    const yaml = [
      'id: bench', 'version: 1.0.0', 'status: draft',
      `source: { system: kobo, resource: submission, samples: [{ file: sampleData/submissions.${format}${records ? `, records: "${records}"` : ''} }] }`,
      'destination: { system: mssql, resource: dbo.row, operation: upsert, key: { source: _id, destination: kobo_id } }',
      'fields:',
      ...fields.map(([p, t, extra], i) => `  - { source: { path: ${p}, type: ${t}${extra ? `, ${extra}` : ''} }, destination: { path: f${i}, type: string } }`),
      '',
    ].join('\n');
    mkdirSync(path.join(root, 'p', 'mappings'), { recursive: true });
    writeFileSync(path.join(root, 'p', 'mappings', 'bench.mapping.yaml'), yaml);
    process.stderr.write(`check-samples: ${format}\n`);
    const r = measure('check-child.mjs', [root]);
    const ratio = parseRate[format] ? `${(r.mbPerSecond / parseRate[format]).toFixed(2)}x` : '-';
    const cpuRate = r.bytes / 1e6 / r.cpuSeconds;
    const cpuRatio = parseCpuRate[format] ? `${(cpuRate / parseCpuRate[format]).toFixed(2)}x` : '-';
    const streamedRatio = streamedParseRate[format] ? `${(r.mbPerSecond / streamedParseRate[format]).toFixed(2)}x / ${(cpuRate / streamedParseCpuRate[format]).toFixed(2)}x` : '-';
    rows.push(`| check-samples, ${format} | ${mb(r.bytes)} MB | ${r.findings} | ${r.seconds.toFixed(2)} s | ${r.mbPerSecond.toFixed(0)} MB/s | ${ratio} | ${r.cpuSeconds.toFixed(2)} s | ${cpuRate.toFixed(0)} MB/s | ${cpuRatio} | ${streamedRatio} | ${r.peakRssMb.toFixed(0)} MB |`);
  }
  sections.push(
    [
      '## check-samples end to end',
      '',
      `One mapping of 10 Kobo fields (choices, multichoice, numbers as strings, a repeat group, the key) over one generated sample; every check, coverage, and the credential and personal-data scan (on a worker thread for files over 16 MiB). Median of ${runs} run(s), each in a fresh process, at a load average of ${loadavg()[0].toFixed(1)} on ${cpus().length} cores. Wall time is measured inside the process, as for JSON.parse above; CPU time is user + system of the whole process, the scan's worker thread and start-up (loading the project, compiling the schemas) included, against JSON.parse's CPU time above (its start-up and file read included). For NDJSON also against JSON.parse read in 64 KiB chunks. Targets: peak RSS under 300 MB, throughput at least 0.5x JSON.parse over the same kind of file (measured above, in the same run); for NDJSON at least 0.6x (issue 15).`,
      '',
      checkSamplesProfile,
      '',
      '| what | bytes | findings | wall time | throughput (wall) | vs JSON.parse (wall) | CPU time | throughput (CPU) | vs JSON.parse (CPU) | vs JSON.parse read in chunks (wall / CPU) | peak RSS |',
      '|---|---|---|---|---|---|---|---|---|---|---|',
      ...rows,
    ].join('\n'),
  );
}

}

// Big value maps: every rule linear (or n log n) in its input.
if (!only || only === 'valuemap') {
  const n = 420_000;
  const choices = 30_000;
  const dir = path.join(work, 'valuemap-big', 'p');
  mkdirSync(path.join(dir, 'valuemaps'), { recursive: true });
  mkdirSync(path.join(dir, 'mappings'), { recursive: true });
  mkdirSync(path.join(dir, '..', '.git'), { recursive: true });
  writeFileSync(path.join(dir, 'interop-design.yaml'), 'name: big value maps\nsystems:\n  a: { type: generic }\n  b: { type: generic }\n');
  // Flow style, one entry a line, to stay under the 10 MiB design-file cap; one duplicate at the end.
  const lines = ['id: big', 'source: { system: a, field: code }', 'destination: { system: b, field: code }', 'entries: ['];
  for (let i = 0; i < n; i++) lines.push(`{from: ${i === n - 1 ? 0 : i}, to: ${i % 7}},`);
  lines.push(']', '');
  writeFileSync(path.join(dir, 'valuemaps', 'big.valuemap.yaml'), lines.join('\n'));
  const codes = Array.from({ length: choices }, (_, i) => `c${i}`);
  const inline = codes.map((c) => `${c}: ${c.toUpperCase()}`).join(', ');
  writeFileSync(
    path.join(dir, 'mappings', 'big.mapping.yaml'),
    ['id: big-inline', 'version: 1.0.0', 'status: draft', 'source: { system: a, resource: r }', 'destination: { system: b, resource: r, operation: create }', 'fields:', `  - source: { path: code, type: choice, choices: [${codes.join(', ')}] }`, `    destination: { path: code, type: choice, choices: [${codes.map((c) => c.toUpperCase()).join(', ')}] }`, `    transform: { valueMap: { ${inline} } }`, ''].join('\n'),
  );
  process.stderr.write('valuemap: lint\n');
  const r = measure('lint-child.mjs', ['lint', dir]);
  const parts = measure('valuemap-child.mjs', [path.dirname(dir), 'p']);
  const bytes = statSync(path.join(dir, 'valuemaps', 'big.valuemap.yaml')).size;
  sections.push(
    [
      '## Big value maps',
      '',
      `\`lint\` over one project: a value map of ${n.toLocaleString('en')} entries (${mb(bytes)} MB, under the 10 MiB design-file cap, one duplicate \`from\`) and a mapping whose inline value map of ${choices.toLocaleString('en')} entries is checked against ${choices.toLocaleString('en')} declared choices on each side. Median of ${runs}. Target: the rules under 2 s (valuemap-duplicate-from, valuemap-targets and mapping-choice-needs-value-map are linear in their input; before, the duplicate check alone was quadratic and did not finish in two minutes). Loading a 9 MB YAML file is the parser's time, measured apart. Measured at a load average of ${loadavg()[0].toFixed(1)} on ${cpus().length} cores.`,
      '',
      '| what | time | peak RSS | findings |',
      '|---|---|---|---|',
      `| the rules (lintProject on the loaded project), ${n.toLocaleString('en')}-entry value map + ${choices.toLocaleString('en')}-choice inline map | ${parts.seconds.toFixed(2)} s wall, ${parts.lintCpuSeconds.toFixed(2)} s CPU | - | ${parts.findings} |`,
      `| loading the same project (YAML parse, schema) | ${parts.loadSeconds.toFixed(2)} s wall, ${parts.loadCpuSeconds.toFixed(2)} s CPU | ${parts.peakRssMb.toFixed(0)} MB | - |`,
      `| \`lint\` end to end (the CLI) | ${r.seconds.toFixed(2)} s wall, ${r.cpuSeconds.toFixed(2)} s CPU (start-up included) | ${r.peakRssMb.toFixed(0)} MB | ${r.findings} |`,
    ].join('\n'),
  );
}

// Preview: the interpreter over generated records of two mappings, beside the floor of building the same records by hand.
// Wall time and CPU time apart: on a shared machine the wall time measures the load as much as the interpreter.
if (!only || only === 'transform') {
  const plans = [
    { mapping: 'dhis2-100', input: 'parsed', records: quick ? 20_000 : 100_000, what: '100 fields: 25 direct copies (half of them text coerced to integers), 25 value maps (inline and by id), 25 date formats (`dd/MM/yyyy` to iso-date; iso-datetime read in Africa/Nairobi to UTC), 25 DHIS2 picks (`attributes[attribute=UID].value`); no JSONata; `run`' },
    { mapping: 'dhis2-100-varied', input: 'parsed', records: quick ? 5_000 : 20_000, what: 'the same kinds in the same parts on inputs that repeat little: every date distinct (minutes over two centuries; `d/M/yyyy` to iso-date, `yyyy-MM-dd HH:mm` read in America/New_York, iso-datetime with offsets written `dd/MM/yyyy HH:mm` in Asia/Kolkata), a fifth of the values missing, value maps with unmapped values taking the default, numbers as numbers or as text with spaces; `run`' },
    { mapping: 'case-40', input: 'parsed', records: quick ? 5_000 : 20_000, what: 'a CommCare case to a Salesforce record, 40 fields: nested paths, 7 dates (patterns, time zones, `toTimeZone`), 2 phone numbers to E.164, 7 value maps (by id, default, passthrough, split/map/join), 9 coercions, `pick: first`, a lookup fixture, 2 constants, 2 JSONata fields; `runAsync`, as `preview` runs' },
  ];
  // The same records as the generator builds them in memory (see the text), for the two dhis2 mappings.
  plans.splice(1, 0, { ...plans[0], input: 'built' });
  plans.splice(3, 0, { ...plans[2], input: 'built' });
  const rows = [];
  const cpuRates = {};
  const wallRates = {};
  // CPU µs per record of each kind alone, old and new build, measured by hand (see the text).
  const kindsLine = 'all 100 fields 59.9 and 67.9 µs / 33.5 and 27.4 µs; the 25 direct copies 8.9 and 11.6 / 9.5 and 9.8; the 25 value maps 10.6 and 12.4 / 7.8 and 10.1; the 12 `dd/MM/yyyy` dates 10.7 and 9.9 / 7.1 and 6.8; the 13 ISO date-times in Nairobi 21.3 and 20.4 / 14.4 and 12.7; the 25 picks 15.4 and 19.5 / 12.4 and 10.0; records generated afresh for each chunk, as in the bench, at a load average of about 10';
  const load = loadavg()[0];
  for (const plan of plans) {
    process.stderr.write(`transform: ${plan.records} records of ${plan.mapping} (${plan.input})\n`);
    const script = path.join(here, 'transform-child.mjs');
    const results = Array.from({ length: runs }, () => JSON.parse(execFileSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', script, String(plan.records), plan.mapping, ...(plan.input === 'built' ? ['--built'] : [])], { encoding: 'utf8', maxBuffer: 1 << 24 }).trim().split('\n').pop()));
    const m = (key) => median(results.map((r) => r[key]));
    const errors = results[0].errors;
    const name = `${plan.mapping} (${plan.input})`;
    cpuRates[name] = m('cpuRecordsPerSecond');
    wallRates[name] = m('recordsPerSecond');
    rows.push(`| ${plan.mapping} | ${plan.input} | ${plan.records.toLocaleString('en')} | ${m('seconds').toFixed(2)} s | ${m('cpuSeconds').toFixed(2)} s | ${m('recordsPerSecond').toFixed(0)} | ${m('cpuRecordsPerSecond').toFixed(0)} | ${m('floorCpuRecordsPerSecond').toFixed(0)} | ${(m('floorCpuRecordsPerSecond') / m('cpuRecordsPerSecond')).toFixed(1)}x | ${errors} | ${m('peakRssMb').toFixed(0)} MB |`);
  }
  sections.push(
    [
      '## Preview (the mapping interpreter)',
      '',
      `\`compileMapping(...)\` then one run per generated record, for ${['one', 'two', 'three', 'four'][plans.length - 1] ?? plans.length} mappings: ${plans.filter((p) => p.input === 'parsed').map((p) => `**${p.mapping}**, ${p.what}`).join('; ')}. Records are generated in chunks of 5,000 outside the timed part (their garbage collected before each chunk), as a reader streams them, and given to the interpreter as \`preview\` gets them from the sample reader: each chunk written as NDJSON and parsed back line by line (input **parsed**: flat strings, objects laid out by JSON.parse). Input **built**: the generator's own objects, with strings built by concatenation (which V8 keeps as unflattened ropes until read) and objects built key by key (which V8 turns into hash tables after sixteen keys); no reader produces them, and they cost every read more, so the two dhis2 mappings are also run on them. Median of ${runs}, each in a fresh process, at a load average of ${load.toFixed(1)} on ${cpus().length} cores. CPU time is the process's user + system time over the timed part (garbage collection threads included); the floor builds a record of the same shape by hand (one read and one write per field) in the same process. Target: at least 50,000 records per second for dhis2-100.`,
      '',
      'What the profiles showed (`node --cpu-prof src/transform-child.mjs 100000 dhis2-100 --same`, and the mapping\'s four quarters run alone on the bench\'s records, 2026-12-01). Two rounds of work. The first: the garbage collector took a third of the samples (an outcome object, step-result objects, a fields object and two or three `Date` objects per field, a `slice` per number read) and time-zone offsets were asked of `Intl.DateTimeFormat` once per UTC hour per step; fields now compile to closures that return the value itself, dates are read and written by arithmetic on character codes, offsets are cached per zone and UTC day (10,200 to 11,600 records/s of CPU before, 17,500 to 20,400 after). The second, on that interpreter (CPU per record of the quarters alone, old / new build run in alternation at the same load: ' + kindsLine + '): dates were half the time (about 0.9 µs a `dd/MM/yyyy` field, 1.2 µs an ISO date-time read in a zone), DHIS2 picks a quarter (each pick searched the array its earlier siblings had filled, through the general path writer: 0.5 µs a field), and every field paid three or four closure calls (run, read, coerce, write) around one property read and one write. Now the run\'s loop reads a one-key source and writes a one-key destination itself; picks into one array that only picks with distinct filter values write are appended without a search (checked at compile time: another writer of the array, a repeated value or a last key equal to the filter key keep the general writer); a date pattern whose numbers all have a fixed width is read at fixed offsets; a date read and written at the same fixed offset (UTC to UTC) is written back from its fields, checked, without the round trip through an instant; ISO dates and date-times are written as one string (`String.fromCharCode`, not a template of 14 pieces); each date step remembers the outputs of the last 2,048 texts it read (sample records repeat dates: a visit day, a birth date; the dhis2-100 records repeat each field\'s dates every 336 records, the dhis2-100-varied ones never, which is why that row is here); the zone cache has 1,024 slots indexed by day number in front of its map. What is left in the --same profile: the floor\'s own work (the record\'s property reads and writes, done the same way by both) is about a fifth of the samples; the interpreter\'s reads and writes of those properties about as much again (megamorphic keyed loads and stores, as in the floor), dates about an eighth (the remembered-text lookup: hashing a new string, and in this bench flattening the ISO texts, which the generator builds as concatenations), garbage collection about a seventh (the 100 field results a record, which `preview`, `test` and `check-samples` read), and the loop with its outcome checks and field results about a tenth. On dhis2-100-varied the offsets of New York\'s and Kolkata\'s zones were asked of `Intl` (through @date-fns/tz) for every new UTC day, twice, and that dominated. A third round (2026-12-02) found that cache wrong as well as slow: a day was checked at its first and its 23rd UTC hour and hours after a change took the offset of the hour\'s start, so St. John\'s (changes at 05:30 and 04:30 UTC) was an hour off for half an hour twice a year, and @date-fns/tz\'s `tzOffset` reads an offset below an hour with a minus sign as positive (Dublin\'s -00:25:21 until 1916, Monrovia\'s -00:44:30 until 1972, London\'s and Casablanca\'s mean times). Offsets are now read from Intl\'s `longOffset` text directly and cached by windows of four days of UTC time, a window whose ends differ searched by halves to the millisecond of each change (no zone changes and changes back within 6 days 23 hours from 1850 to 2100: a scan of every zone, every 6 hours; packages/transform/test/zones.test.ts checks every zone against Intl at random instants and around every change of five spans, the two shortest changes among them), and a date step whose texts rarely repeat stops remembering them for a while. dhis2-100-varied, old and new builds in alternation at a load of 1.3 to 1.9: 9,234, 10,504 and 9,200 records/s of CPU before, 14,117, 13,319 and 12,530 after the zone change, 13,907 and 14,849 with the step that stops remembering (against 8,489 and 9,208); what is left there is the reading and writing of every date (none repeats), the result objects and garbage collection. In case-40 a phone number costs about 7 µs (libphonenumber-js) and a JSONata field far more than any other transform. Every change was checked against the build before it with packages/bench/src/transform-differential.mjs (generated mappings of 100 mixed fields and records, each run on its own copy: dates in 19 zones around daylight-saving changes, impossible dates, offsets, 2-digit years, coercions, value maps, picks read and written, lookups, `__proto__` and inherited names as keys, missing values; 4 seeds, 6,000 records each, no difference), and the fast paths\' edges have tests of their own (packages/transform/test/fast-paths.test.ts, passing on the old build too). The whole bench child, old and new build in alternation right after this run (3 pairs, load average 10 falling to 5): dhis2-100 at 19,412, 17,170 and 18,009 records/s of CPU before, 33,189, 30,679 and 34,674 after (wall 10,258 to 19,793 before, 19,212 to 38,323 after; the floor 80,000 to 100,000; peak RSS 212 MB both). A fourth round (2026-12-02): the --same profile put a third of the interpreter\'s own time on one line, the store of a one-key field into the record (about 6.7 µs a record, 90 ns a store): a record built by adding its keys one at a time through a keyed store is turned by V8 into a hash table (dictionary mode) after sixteen keys (`%HasFastProperties` false for the output of a 75-key mapping, and for the generator\'s own source records), so every later store is a hash insertion with growth. Now each record starts as a copy of one object holding every top-level key of the mapping (parsed with JSON.parse, which lays out many keys in fast mode; `{ ...template }` copies that layout), each field stores into a key that exists, and the keys no field wrote in that record are deleted at the end (which costs less than copying the written ones into a new object: 11,000 against 8,500 records/s of CPU on dhis2-100-varied, where every record has such keys). A side effect, documented in docs/transform.md and tested: the keys come in the order the mapping first names them, whichever fields had values; before, in the order of the first field that wrote each. The field results are built when `fields` is first read (a class with a getter; `JSON.stringify` sees it), and a pick\'s item is a copy of a two-key template. The bench\'s records were also built in a way no reader produces: strings concatenated (ropes, flattened and hashed by the first date lookup, 4 µs a record) and objects built key by key (hash tables); `preview` gets records from the sample reader, so each chunk is now written as NDJSON and parsed back (input parsed), and the built records are kept as a second input. Differential against the build before (packages/bench/src/transform-differential.mjs, 4 seeds, 36,000 to 72,000 records each): with keys compared in order, 52% to 77% of the records differ, all by key order alone (records with absent or failed fields); with `KEY_ORDER=ignore`, no difference. Old and new build in alternation (load 1.6 to 2.5, records/s of CPU): dhis2-100 parsed 37,312, 32,061 and 38,119 before, 43,859, 57,084 and 56,064 after; built 35,277, 38,116 and 35,393 before, 38,683, 40,273 and 34,715 after; dhis2-100-varied parsed 11,687, 11,117 and 12,091 before, 13,556, 12,679 and 13,712 after. What is left on dhis2-100 (parsed, --same): the loop\'s reads and stores of the record\'s properties (megamorphic keyed loads and stores into fast objects, about 30 ns each, as in the floor) about half, garbage collection a seventh (the copy, the values array, the pick items), dates a tenth. On dhis2-100-varied: reads of source keys that are missing in a fifth of the records (each record has its own subset of keys, so its own shape, and V8\'s lookup caches miss: about 16 µs a record), garbage collection, the deletes, and Intl\'s offsets for every new four-day window. A fifth round (2026-12-03): after the copy of the template, the --same profile put three fifths of the run\'s own time on the same store line: a keyed store whose key changes at every field is megamorphic in V8 (one site, a hundred names: looked up in a shared table, about 60 ns a store even into a key that exists, measured alone: 75 stores into a copy of the template, 4.3 µs a record). The fields that alone write their top-level key now leave their values in a list, written at the end of the run by a function generated for the mapping, one store per key (`o[k[0]] = w[0]; ...`: each site sees one name and one layout, 0.5 µs for the same 75 stores); its text holds integers only, the keys are passed as data, and where code generation is forbidden (`--disallow-code-generation-from-strings`) the loop does the writes (packages/transform/src/flat-write.ts; packages/transform/test/flat-write.test.ts). The first 64 records of a mapping use the loop, so that a lint run\'s mapping tests generate nothing. The keys left unwritten are known from that list (no read of the record to find them), and `typeof` is checked before `instanceof` on each value. Old build (ac6a0d1) and new in alternation, records/s of CPU: dhis2-100 parsed about 36,000 before, 50,000 to 53,000 after (floor 51,000 to 57,000); dhis2-100-varied 15,000 to 16,000 before, 16,000 to 17,000 after (floor 30,000 to 31,000); built 19,300 before, 23,000 after. What is left on the varied inputs is the dates (every one new: about 0.7 µs each, a third of the record), the deletes of unwritten keys (a record with a hole becomes a hash table: about 4 µs), and reads; on built records, `Object.values` of a record in hash-table form (about 20 µs for 100 keys, where reading each key by name costs 3 µs).',
      '',
      '| mapping | input | records | wall time | CPU time | records/s (wall) | records/s (CPU) | floor records/s (CPU) | interpreter / floor (CPU) | errors | peak RSS |',
      '|---|---|---|---|---|---|---|---|---|---|---|',
      ...rows,
      '',
      `The target (50,000 records/s for dhis2-100) in CPU time: ${cpuRates['dhis2-100 (parsed)'] >= 50_000 ? 'met' : 'not met'} on parsed records, ${cpuRates['dhis2-100 (parsed)'].toFixed(0)} records/s (${wallRates['dhis2-100 (parsed)'].toFixed(0)} of wall time, at this load); ${cpuRates['dhis2-100 (built)'] >= 50_000 ? 'met' : 'not met'} on built records, ${cpuRates['dhis2-100 (built)'].toFixed(0)}/s; ${cpuRates['dhis2-100-varied (parsed)'] >= 50_000 ? 'met' : 'not met'} on the varied inputs, ${cpuRates['dhis2-100-varied (parsed)'].toFixed(0)}/s parsed and ${cpuRates['dhis2-100-varied (built)'].toFixed(0)}/s built.`,
    ].join('\n'),
  );
}

// Metadata: what a 5 MB Salesforce describe bundle and a 20 MB DHIS2 package add to lint.
if (!only || only === 'metadata') {
  const repo = path.resolve(here, '..', '..', '..');
  const describeBytes = quick ? 1e6 : 5e6;
  const dhis2Bytes = quick ? 4e6 : 20e6;
  process.stderr.write('metadata: generating exports\n');
  const { withDir, withoutDir } = metadataProjects(repo, path.join(work, 'metadata'), { describeBytes, dhis2Bytes });
  // In pairs (with, without, with, ...), so that both see the same load; the added CPU is the median of the per-pair differences.
  const pairs = quick ? 1 : 5;
  const withRuns = [];
  const withoutRuns = [];
  for (let i = 0; i < pairs; i++) {
    withRuns.push(child('lint-child.mjs', ['lint', withDir]));
    withoutRuns.push(child('lint-child.mjs', ['lint', withoutDir]));
  }
  const med = (xs) => ({ ...xs[0], seconds: median(xs.map((r) => r.seconds)), cpuSeconds: median(xs.map((r) => r.cpuSeconds)), peakRssMb: median(xs.map((r) => r.peakRssMb)) });
  const withMeta = med(withRuns);
  const without = med(withoutRuns);
  const added = median(withRuns.map((r, i) => r.seconds - withoutRuns[i].seconds));
  const addedCpu = median(withRuns.map((r, i) => r.cpuSeconds - withoutRuns[i].cpuSeconds));
  sections.push(
    [
      '## Metadata',
      '',
      `The commcare-salesforce and dhis2-godata examples linted with a ${mb(describeBytes)} MB describe bundle (their two objects among generated ones of 120 fields) and a ${mb(dhis2Bytes)} MB DHIS2 package (their programmes among generated ones of 150 data elements and option sets), against the same examples with no metadata. CPU time (user + system of the whole process) from /usr/bin/time, wall time beside it; ${pairs} pair(s) of runs (with, without, with, ...), medians of each, and the added time is the median of the per-pair differences; measured at a load average of ${loadavg()[0].toFixed(1)} on ${cpus().length} cores. Target: the metadata adds less than 0.5 s (CPU).`,
      '',
      '| lint | findings | CPU | wall | peak RSS |',
      '|---|---|---|---|---|',
      `| without metadata | ${without.findings} | ${without.cpuSeconds.toFixed(2)} s | ${without.seconds.toFixed(2)} s | ${without.peakRssMb.toFixed(0)} MB |`,
      `| with the exports | ${withMeta.findings} | ${withMeta.cpuSeconds.toFixed(2)} s | ${withMeta.seconds.toFixed(2)} s | ${withMeta.peakRssMb.toFixed(0)} MB |`,
      `| added by the metadata | | ${addedCpu.toFixed(2)} s | ${added.toFixed(2)} s | |`,
      '',
      addedCpu < 0.5 ? 'Target met in CPU time.' : `Target not met: the metadata adds ${addedCpu.toFixed(2)} s of CPU.`,
      '',
      'What the profile showed (`node --cpu-prof` of `loadCatalogue` in-process on these exports, 2026-12-01, load average 7 to 12 on 2 cores): before, building the catalogue took about 0.85 s of CPU: 0.15 s for the describe bundle and 0.7 s for the DHIS2 package (`JSON.parse` of 20 MB about 0.24 s, the reader about 0.3 s building a field per data element of every stage and again of every programme, a choice per option of every option set, and garbage collection of both trees), while the two examples\' mappings name two programmes, two stages and two Salesforce objects. Now the DHIS2 package is not parsed whole: one pass over its bytes (a scanner that accepts exactly what `JSON.parse` and a fatal UTF-8 decoder accept, or gives up and the file is parsed whole as before, with its `metadata-syntax` or `file-encoding` finding at the same line and column) notes where each top-level collection and each element lies and where their `id` and `name` strings are; the programmes are parsed (they say which stages are inline), and a stage, data element, attribute or option set is parsed only when a resource a mapping names needs it, found by a hash of its id bytes. Resources build their fields and option sets their choices when first asked for (lint asks only for the resources mappings name); Salesforce objects likewise, from the parsed bundle. The package\'s text is decoded only when a finding points into it. In-process `loadCatalogue` went from 0.84 to 0.94 s of CPU to 0.22 to 0.31 s, and the heap live after it (after a collection) from 101 MB to 34 MB, plus the package\'s 20 MB of bytes now kept outside the heap for the elements parsed later (RSS after loading the catalogue: 209 MB before, 137 MB now). What is left: reading the 25 MB (the file store joins 1 MiB chunks), the scan (about 70 to 100 ms for 20 MB, one pass in JavaScript), `JSON.parse` of the 5 MB describe bundle, and garbage collection. `node packages/metadata/scripts/compare-catalogues.mjs <an earlier build\'s dist/index.js>` checked that the catalogues (every field, type, choice, required flag, key, origin and its line, every finding) are the same as before on these exports, the examples, the lint fixtures, every reader fixture and variants of the DHIS2 fixture and example, 298 catalogues in all (pretty-printed, escaped, non-ASCII, duplicated, inline stages, top-level options, odd shapes, cut or corrupted at 60 places each, bytes that are not UTF-8).',
    ].join('\n'),
  );
}

// What the profiles showed when the speed and memory goals were worked on (static: profile again before changing the hot paths).
sections.push(
  [
    '## What the profiles showed (2026-12-01)',
    '',
    'Profiles of `lint` on the base project at 1,000 mappings (`node --cpu-prof`, heap space statistics and a heap snapshot after loading, `--expose-gc` to read live heap after each rule) and of `check-samples` on 100 MB of NDJSON. Before, on the same loaded machine: lint 7.6 s CPU and 598 MB peak RSS against the floor\'s 1.8 s and 82 MB; the value-map project 5.3 s CPU and 522 MB.',
    '',
    '- **Position trees were most of the memory.** The js-yaml listener built one object per YAML node (offsets, kind, value, children array): 250 MB of the 345 MB live after loading 18 MB of YAML (97 MB when loaded without positions). They are now three 32-bit integers a node in one typed array per file, numbered in closing order so a node\'s children precede it, with no value kept: a key\'s text is read back from the source when a finding asks (24 MB for the same project). Children lists and key indexes of nodes with 32 or more children are kept once asked for, so findings on every entry of a 40,000-entry list stay linear. Positions are never freed, so lint no longer has to run last (test: packages/action/test/order.test.ts).',
    '- **Every file\'s text was held twice.** js-yaml appends a NUL to its input, which makes a flat copy of the text, and every scalar of 13 characters or more in the parsed value is a slice of that copy; the project kept the original as well. The heap snapshot showed 2,002 copies of the 1,000 mapping texts (31 MB). The text kept is now a slice of js-yaml\'s copy (checked equal), and scalars of up to 12 characters (`string`, `agreed`, `integer`: 300,000 copies) share one string each: old space after loading went from 94 MB to 66 MB.',
    '- **Compiled mappings were kept for the whole run.** `mapping-test` cached the compiled mapping of every mapping (about 150 KB each, +146 MB at 1,000 mappings) so that `mapping-ready` could ask again; it now keeps what compiling and testing found, and the compiled mapping is garbage at once.',
    '- **CPU:** js-yaml itself is the largest part (as in the floor), then garbage collection (halved with the memory), module loading (about 0.6 s: the metadata readers\' SQL parser and the transform package\'s date libraries are imported at start; the floor loads only js-yaml and ajv), ajv compiling the schemas (as in the floor), and per-field work repeated by rules: field paths parsed again by every rule (now parsed once per distinct text, cache bounded), pointers escaped with two `replaceAll` per segment (now only when a segment holds `~` or `/`), pointers for every field built by `metadata-unknown-field` on sides without metadata (now skipped).',
    '- **Big value map:** loading the 9 MB flow-style value map is js-yaml\'s time (about 1.4 s CPU alone) plus the listener; nothing superlinear was left in loading on this branch (the 14.6 s measured before came from the machine\'s load and from position objects and the text copy: 522 MB peak before, under 300 MB now).',
    '- **check-samples (NDJSON):** per record, the main thread decodes the bytes, tests a regular expression for integers a double would round, parses, and runs the checks; a worker thread scans the text for credentials and personal data with about ten regular expressions (its CPU is on the other core, so it counts in CPU time but not in wall time). Whole ASCII chunks are now decoded in one call and split on the text, and blank lines are found without a trimmed copy (about 10% less CPU for streaming); the checks\' per-field object allocation is gone. Later work on issue 15\'s NDJSON target: see the check-samples section.',
    '',
    "### Lazy module loading and the sample scan (2026-12-01, measured by hand, load average 2.7 to 6.3 on 2 cores)",
    "",
    "Changes: node-sql-parser is loaded only when a project has an `.sql` metadata file (`loadCatalogue` awaits it; a synchronous `catalogueOf` falls back to `require`), date-fns is imported function by function instead of through its index (which loads every function), the check-samples scan finds names next to phone numbers from the literal `name\"` instead of trying a pattern at every quote, and the NDJSON reader searches each chunk of whole lines once for integers a double would round instead of each record. Old and new builds were run in alternation on the same files (`/usr/bin/time`, CPU = user + system, start-up included).",
    "",
    "| what | before | after |",
    "|---|---|---|",
    "| RSS after importing the CLI (`--expose-gc`, after a collection) | 90 MB | 84 to 85 MB |",
    "| `lint` base project, 1,000 mappings: peak RSS (3 pairs) | 231, 236, 469 MB (the last an outlier) | 227, 228, 227 MB |",
    "| `lint` base project, 1,000 mappings: CPU (3 pairs) | 5.83, 5.17, 6.17 s | 5.51, 4.36, 5.03 s |",
    "| check-samples, 100 MB NDJSON: CPU, median of 8 | 4.77 s (4.27 to 5.75) | 4.73 s (3.60 to 5.55) |",
    "| JSON.parse line by line, same 100 MB: CPU, median of 6 (both builds) | 1.64 s (1.45 to 2.03) | |",
    "",
    "Neither goal is met at this load: lint peaks at about 227 MB at 1,000 mappings (goal 200 MB; the unloaded figure above was 208 MB), and check-samples uses about 0.35x JSON.parse's CPU before and after (goal 0.6x): the scan changes are lost in the machine's noise. In CPU profiles of the 100 MB run the long-integer search fell from about 620 ms to 380 ms of the main thread's time; what is left on the worker is the case-insensitive key-word searches (secrets about 0.4 to 0.8 s, phone keys about 0.2 to 0.4 s), the 13-digit id search (0.3 to 0.7 s) and decoding, and on the main thread JSON.parse itself and the checks.",
    "",
    "### Start-up, the reference checks and memory at 1,000 mappings (2026-12-01, perf-lint; measured by hand, load average 7 to 13 on 2 cores)",
    "",
    "What the profiles showed (`--cpu-prof`, `--trace-gc` with markers per load step and rule, a module-loader hook counting the modules loaded, heap space statistics and a heap snapshot after loading, `/proc` sampled every 50 ms):",
    "",
    "- **Peaks of 375 to 430 MB in about one run in four** (varied, 1,000 mappings, under load; 210 to 220 MB otherwise). They came from the reference checks: `selectPath` built a match object and a copied array of keys per step for every value (about 450 MB of short-lived objects per 1,000 mappings, 30 young-generation collections), and when concurrent marking fell behind on the loaded machine, old space grew to 304 MB before a full collection freed 240 MB of it. The checks now walk each table path once with one shared stack and build a pointer only for a finding: 2 young collections instead of 30, 177 ms instead of 445 ms, and no peak in 8 runs at a load of 8.8 (test: packages/core/test/json-path.test.ts).",
    "- **Start-up:** importing the CLI loaded every command's packages (402 ES modules before CommonJS ones: libphonenumber-js 112, date-fns 83, the book, the OpenFn exporter, the sample checker, semver through diff), 84 to 86 MB of RSS and about 0.7 s of CPU before a file was read. The program now imports a command when it runs; JSONata, libphonenumber-js and cron-parser load only for a project whose mappings use them or that writes a schedule (`preloadLint`, awaited by every command that lints or runs mappings, the book and the Action; a synchronous run without it falls back to `require`), and the sample checker only under the ready ruleset. Importing the CLI: 58 MB and about 0.2 s; lint of the generated projects loads 242 ES modules (test: packages/cli/test/start-up.test.ts, which also checks that the example with JSONata, e164 and cron loads them).",
    "- **Every design file was held twice:** the file store kept each file's bytes for the run beside the document's text (18 MB at base 1,000, 23 MB at varied 1,000). It now keeps the text the document holds and encodes it back when a file is read again (same bytes, no second read; files with a BOM keep their bytes) (test: packages/core/test/file-store.test.ts). Small files are read with a buffer of their size, not 1 MiB each.",
    "- **Positions:** two 32-bit integers a node instead of three (start; length, kind and the distance to the first node of the subtree packed in one, the few nodes longer than 64 KiB or with more than 16,382 nodes below kept aside), and one working array handed from file to file instead of one of 1.5 bytes per byte of text per file: array buffers after loading varied 1,000 went from 26 to 19 MB (test: packages/core/test/positions.test.ts, with a value past 64 KiB and a list of 18,000 nodes).",
    "- **What is left** (varied, 1,000 mappings, about 200 MB): Node and the modules lint uses, about 65 MB after importing (yaml, 229 CommonJS files and about 60 ms, is the safe parser and the fallback locator, needed synchronously; date-fns 83 modules); the texts (19 MB), parsed values (about 30 MB) and positions (19 MB) held for the run; node-sql-parser's PostgreSQL and T-SQL builds, both loaded for the one `.sql` export (about 15 MB and 0.2 s of CPU: loading only the dialect of the system's type would halve it; packages/metadata); and a young generation of 32 MB. `node --max-semi-space-size=4` gave 192 MB instead of 215 to 222 MB in the same alternation, at no visible CPU cost, but it cannot be set from inside the process: `v8.setFlagsFromString('--max-semi-space-size=…')` at start leaves the young generation at 32 MB (checked), and `--semi-space-growth-factor=1`, which does take effect at run time, holds it at 2 MB and promotes more (218 to 220 MB: no gain). The command sets no V8 flag.",
    "",
    "The same files, the build before (main at 3daa4f7) and after, in alternation (`/usr/bin/time`, CPU = user + system, start-up included):",
    "",
    "| what | before | after |",
    "|---|---|---|",
    "| RSS after importing the CLI (`--expose-gc`, after a collection) | 84 to 86 MB | 58 MB |",
    "| `lint` base, 1,000 mappings: peak RSS (3 runs) | 223, 224, 222 MB | 189, 190, 192 MB |",
    "| `lint` base, 1,000 mappings: CPU (3 runs) | 6.56, 6.97, 5.00 s | 5.31, 4.46, 4.15 s |",
    "| `lint` varied, 1,000 mappings: peak RSS (3 runs) | 241, 237, 237 MB | 199, 201, 201 MB |",
    "| `lint` varied, 1,000 mappings: CPU (3 runs) | 5.35, 5.58, 5.36 s | 4.60, 5.16, 4.19 s |",
    "",
    "The goals in the Lint at scale table above (3 pairs, load average 10): 189 MB at base 1,000 (met), 203 MB at varied 1,000 (not met: 202 to 210 MB in three more runs at load 7 to 8; the second SQL dialect build alone is about 7 MB of it), and lint / floor 2.21x to 2.31x, 2.51x at varied 2,000 (four more pairs by hand at load 7.5: 2.51x, 2.40x, 2.65x, 2.33x, so at the goal's edge; before, 2.94x to 3.17x in three pairs at load 2 to 3).",
  ].join('\n'),
);

// With --only, the sections that did not run keep their earlier figures (and say from when).
const resultsFile = path.join(here, '..', 'results.md');
let kept = sections;
if (only && existsSync(resultsFile)) {
  const earlier = readFileSync(resultsFile, 'utf8').split(/^(?=## )/mu).slice(1).map((t) => t.trimEnd());
  const title = (t) => t.split('\n', 1)[0];
  const fresh = new Map(sections.map((t) => [title(t), t]));
  // Subsections written by hand under a generated section (`### ...`, measurements made apart) stay.
  const handWritten = (t, generated) => t.split(/^(?=### )/mu).slice(1).filter((sub) => !generated.includes(sub.split('\n', 1)[0])).map((sub) => sub.trimEnd());
  kept = earlier.map((t) => {
    const generated = fresh.get(title(t));
    return generated === undefined ? t : [generated, ...handWritten(t, generated)].join('\n\n');
  });
  for (const t of sections) if (!earlier.some((e) => title(e) === title(t))) kept.push(t);
}
const report = [`# interop-design benchmarks`, '', `Node ${process.version}, ${new Date().toISOString().slice(0, 10)}${quick ? ', --quick' : ''}${only ? ` (this run: --only=${only}; the other sections are from the run before)` : ''}.`, '', kept.join('\n\n'), ''].join('\n');
console.log(report);
writeFileSync(resultsFile, report);
