import { nodeFs } from '@interop-design/core';
import type { DesignFs } from '@interop-design/core';

/** A working tree on disk that counts, per path, every read (whole or streamed) and every stat. */
export function countingFs(root: string): DesignFs & { reads: Map<string, number>; stats: Map<string, number> } {
  const fs = nodeFs(root);
  const reads = new Map<string, number>();
  const stats = new Map<string, number>();
  const count = (map: Map<string, number>, file: string): void => {
    map.set(file, (map.get(file) ?? 0) + 1);
  };
  return {
    reads,
    stats,
    readDir: (dir) => fs.readDir(dir),
    stat(file) {
      count(stats, file);
      return fs.stat(file);
    },
    readFile(file, maxBytes) {
      count(reads, file);
      return fs.readFile(file, maxBytes);
    },
    readChunks(file, chunkSize) {
      count(reads, file);
      return fs.readChunks?.(file, chunkSize) ?? [fs.readFile(file)];
    },
  };
}
