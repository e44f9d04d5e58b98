// One measured run in a fresh process: streams a sample file, or JSON.parses it, and prints JSON.
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
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
} else if (mode === 'parse-chunks') {
  // JSON.parse line by line over NDJSON read in 64 KiB chunks (Node's StringDecoder keeps a character
  // cut by a chunk boundary): the plainest streaming reader, without a string of the whole file.
  const decoder = new StringDecoder('utf8');
  const fd = openSync(file, 'r');
  const buffer = Buffer.allocUnsafe(64 * 1024);
  let rest = '';
  for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) {
    const text = rest + decoder.write(buffer.subarray(0, n));
    let from = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
      if (nl > from) {
        JSON.parse(text.slice(from, nl));
        count++;
      }
      from = nl + 1;
    }
    rest = text.slice(from);
  }
  closeSync(fd);
  if (rest + decoder.end()) {
    JSON.parse(rest);
    count++;
  }
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
