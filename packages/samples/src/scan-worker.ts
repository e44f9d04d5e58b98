// The background credential and personal-data scan (file-scan.ts starts it): reads each file of
// the working tree in chunks, posts one reply per file, and wakes the waiting thread after each.
import { workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';

const { root, files, port, signal } = workerData as { root: string; files: string[]; port: MessagePort; signal: SharedArrayBuffer };
const flag = new Int32Array(signal);

try {
  const { nodeFs } = await import('@interop-design/core');
  const { sampleChunkBytes, scanChunks } = await import('./file-scan.js');
  const fs = nodeFs(root);
  for (const file of files) {
    try {
      port.postMessage({ file, scan: scanChunks(fs.readChunks?.(file, sampleChunkBytes) ?? [fs.readFile(file)]) });
    } catch (error) {
      port.postMessage({ file, error: String(error) });
    }
    Atomics.add(flag, 0, 1);
    Atomics.notify(flag, 0);
  }
} catch (error) {
  for (const file of files) port.postMessage({ file, error: String(error) });
  Atomics.add(flag, 0, 1);
  Atomics.notify(flag, 0);
}
