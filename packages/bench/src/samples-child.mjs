// One measured run in a fresh process: streams a sample file, or JSON.parses it, and prints JSON.
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileChunks, nodeFs, parseFieldPath } from '@interop-design/core';
import { streamRecords } from '@interop-design/samples';

const [mode, file, format, records] = process.argv.slice(2);
const size = statSync(file).size;
const start = performance.now();
let count = 0;
if (mode === 'stream') {
  const fs = nodeFs(path.dirname(file));
  const r = streamRecords(fileChunks(fs, path.basename(file)), format, records ? parseFieldPath(records) : undefined, () => count++);
  if (r.issues.length) throw new Error(JSON.stringify(r.issues));
} else {
  // JSON.parse over the same bytes: the whole file for JSON, line by line for NDJSON.
  const text = readFileSync(file, 'utf8');
  if (format === 'json') count = JSON.parse(text).data.results.length;
  else
    for (const line of text.split('\n')) {
      if (!line) continue;
      JSON.parse(line);
      count++;
    }
}
const seconds = (performance.now() - start) / 1000;
console.log(JSON.stringify({ mode, format, bytes: size, records: count, seconds, mbPerSecond: size / 1e6 / seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
