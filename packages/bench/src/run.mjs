// pnpm bench: measures, prints a markdown table and writes packages/bench/results.md.
// Options: --quick (smaller files, one run), --only=samples
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './gen-samples.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const runs = quick ? 1 : 3;
const work = path.join(tmpdir(), 'interop-design-bench');
mkdirSync(work, { recursive: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (n) => (n / 1e6).toFixed(0);

function child(script, args) {
  const out = execFileSync(process.execPath, ['--max-old-space-size=4096', path.join(here, script), ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').pop());
}

function measure(script, args) {
  const results = Array.from({ length: runs }, () => child(script, args));
  return { ...results[0], seconds: median(results.map((r) => r.seconds)), mbPerSecond: median(results.map((r) => r.mbPerSecond)), peakRssMb: median(results.map((r) => r.peakRssMb)) };
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
    rows.push(
      `| stream ${format} (records: ${records || 'each line'}) | ${mb(stream.bytes)} MB | ${stream.records} | ${stream.seconds.toFixed(2)} s | ${stream.mbPerSecond.toFixed(0)} MB/s | ${stream.peakRssMb.toFixed(0)} MB | ${(stream.mbPerSecond / parse.mbPerSecond).toFixed(2)}x |`,
      `| JSON.parse ${format} | ${mb(parse.bytes)} MB | ${parse.records} | ${parse.seconds.toFixed(2)} s | ${parse.mbPerSecond.toFixed(0)} MB/s | ${parse.peakRssMb.toFixed(0)} MB | 1.00x |`,
    );
  }
  sections.push(
    [
      '## Samples: reading records',
      '',
      `Generated Kobo-like submissions; median of ${runs} run(s), each in a fresh process. JSON.parse reads a ${mb(small)} MB file of the same shape: a 1 GB file does not fit in one V8 string. Targets: peak RSS under 300 MB, throughput at least 0.5x JSON.parse.`,
      '',
      '| what | bytes | records | time | throughput | peak RSS | vs JSON.parse |',
      '|---|---|---|---|---|---|---|',
      ...rows,
    ].join('\n'),
  );
}

// check-samples end to end: a Kobo mapping of 10 fields over one large sample.
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
    rows.push(`| check-samples, ${format} | ${mb(r.bytes)} MB | ${r.findings} | ${r.seconds.toFixed(2)} s | ${r.mbPerSecond.toFixed(0)} MB/s | ${r.peakRssMb.toFixed(0)} MB |`);
  }
  sections.push(['## check-samples end to end', '', 'One mapping of 10 Kobo fields (choices, multichoice, numbers as strings, a repeat group, the key) over one generated sample; every check, coverage, and the credential and personal-data scan.', '', '| what | bytes | findings | time | throughput | peak RSS |', '|---|---|---|---|---|---|', ...rows].join('\n'));
}

const report = [`# interop-design benchmarks`, '', `Node ${process.version}, ${new Date().toISOString().slice(0, 10)}${quick ? ', --quick' : ''}.`, '', sections.join('\n\n'), ''].join('\n');
console.log(report);
writeFileSync(path.join(here, '..', 'results.md'), report);
