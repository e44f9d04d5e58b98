import { closeSync, constants, lstatSync, mkdirSync, openSync, writeSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Writes `text` to `rel` inside `root` without following a symlink anywhere on the way: a pull
 * request can commit a symlink where the file or one of its folders should be, to make the action
 * overwrite a file outside the workspace. Returns why it refused, or `undefined` once written.
 */
export function writeInsideWorkspace(root: string, rel: string, text: string | Uint8Array): string | undefined {
  const target = path.resolve(root, rel);
  const inside = path.relative(root, target);
  if (inside === '' || inside.startsWith(`..${path.sep}`) || inside === '..' || path.isAbsolute(inside)) return 'it is outside the workspace';
  const parts = inside.split(path.sep);
  let at = root;
  for (const [i, part] of parts.entries()) {
    at = path.join(at, part);
    let stat;
    try {
      stat = lstatSync(at);
    } catch {
      stat = undefined;
    }
    const last = i === parts.length - 1;
    if (stat?.isSymbolicLink()) return `${path.relative(root, at)} is a symbolic link`;
    if (!last && stat && !stat.isDirectory()) return `${path.relative(root, at)} is not a folder`;
    if (last && stat && !stat.isFile()) return 'it is not a regular file';
    if (!last && !stat) mkdirSync(at);
  }
  // O_NOFOLLOW: a symlink put there since the check is refused by the kernel, not followed.
  let fd: number;
  try {
    fd = openSync(target, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644);
  } catch (error) {
    return `it cannot be opened (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  try {
    // A write may take less than the whole buffer: go on until it is all written.
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
  } finally {
    closeSync(fd);
  }
  return undefined;
}
