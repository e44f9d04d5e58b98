import type { DesignFs } from './fs.js';
import { manifestNames } from './kinds.js';

/** Folders never walked into. */
export const skippedDirs = new Set(['node_modules', '.git']);

/** Whether a folder entry is walked into (not `node_modules`, `.git` or any other dot-folder). */
export function walkedDir(name: string): boolean {
  return !skippedDirs.has(name) && !name.startsWith('.');
}

export function isManifestName(name: string): boolean {
  return (manifestNames as readonly string[]).includes(name);
}

/** The folder of the project holding `file` (the nearest folder above it with a manifest), if any. */
export function projectOf(fs: DesignFs, file: string): string | undefined {
  const parts = file.split('/');
  for (let n = parts.length - 1; n >= 0; n--) {
    const dir = parts.slice(0, n).join('/');
    for (const name of manifestNames) {
      const candidate = dir ? `${dir}/${name}` : name;
      if (fs.stat(candidate)?.type === 'file') return dir;
    }
  }
  return undefined;
}

/** Project folders at or below `start` (a posix path relative to the root), without following symlinks. */
export function findProjectDirs(fs: DesignFs, start: string): string[] {
  const found: string[] = [];
  const queue = [start];
  while (queue.length) {
    const dir = queue.shift() ?? '';
    let entries;
    try {
      entries = fs.readDir(dir);
    } catch {
      continue;
    }
    if (entries.some((e) => e.type === 'file' && isManifestName(e.name))) found.push(dir);
    for (const e of entries) {
      if (e.type === 'dir' && walkedDir(e.name)) queue.push(dir ? `${dir}/${e.name}` : e.name);
    }
  }
  return found;
}
