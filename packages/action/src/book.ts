import { existsSync, lstatSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bookHooks, buildBook } from '@interop-design/book';
import type { DesignFs, Diagnostic } from '@interop-design/core';
import { loadProjects } from '@interop-design/core';
import type { RulesetName } from '@interop-design/lint';
import { writeInsideWorkspace } from './workspace-file.js';

/**
 * Mermaid's browser build and its licence, shipped beside the bundle in `dist/mermaid/` (the
 * action's checkout has no node_modules). From the sources, the committed copy in `../dist`.
 */
export function mermaidAssets(): { script: Uint8Array; license: string } | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const dir of [path.join(here, 'mermaid'), path.join(here, '..', 'dist', 'mermaid')]) {
    const script = path.join(dir, 'mermaid.min.js');
    if (existsSync(script)) return { script: readFileSync(script), license: readFileSync(path.join(dir, 'LICENSE'), 'utf8') };
  }
  return undefined;
}

/**
 * Why the book may not go to `rel` (relative to the workspace `root`, or absolute): outside the
 * workspace, the workspace itself, inside `.git`, or reached through a symbolic link or a file
 * the pull request may have committed. `undefined` when it may.
 */
export function bookFolderRefusal(root: string, rel: string): string | undefined {
  const inside = path.relative(root, path.resolve(root, rel));
  if (inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside)) return 'it is outside the workspace: give a folder inside it, such as design-book';
  if (inside === '') return 'it is the workspace itself: give the book a folder of its own, such as design-book';
  const parts = inside.split(path.sep);
  if (parts[0] === '.git') return 'it is inside .git';
  let at = root;
  for (const part of parts) {
    at = path.join(at, part);
    let stat;
    try {
      stat = lstatSync(at);
    } catch {
      return undefined;
    }
    if (stat.isSymbolicLink()) return `${path.relative(root, at)} is a symbolic link`;
    if (!stat.isDirectory()) return `${path.relative(root, at)} is not a folder`;
  }
  return undefined;
}

export interface BookRequest {
  /** The workspace. */
  root: string;
  /** The input `book`: the folder to write, inside the workspace. */
  dir: string;
  /** The tree the book shows: the pull request's head commit, or the working tree. */
  head: DesignFs;
  /** Start paths relative to the root (`''` for all), as the input `paths`. */
  paths: readonly string[];
  ruleset: RulesetName | undefined;
  /** Findings already computed per project dir (the analysed projects): the book's lint summary shows them. */
  diagnostics: ReadonlyMap<string, readonly Diagnostic[]>;
  generator: string;
}

/**
 * Writes the design book of every project under `paths` in `head` to `dir`, each file through
 * `writeInsideWorkspace` (no symlink followed, nothing outside the workspace). Returns how many
 * projects and files it wrote, or why it wrote nothing (or stopped).
 */
export async function writeBook(request: BookRequest): Promise<{ projects: number; files: number } | { refused: string }> {
  const refused = bookFolderRefusal(request.root, request.dir);
  if (refused) return { refused };
  const mermaid = mermaidAssets();
  if (!mermaid) return { refused: "Mermaid's browser build is missing beside the action (dist/mermaid/mermaid.min.js)" };
  const { projects } = loadProjects(request.head, request.paths.length ? request.paths : ['']);
  if (projects.length === 0) return { refused: 'no design project was found under the input paths' };
  const hooks = await bookHooks(projects);
  const files = buildBook(projects, { generator: request.generator, mermaidScript: mermaid.script, mermaidLicense: mermaid.license, diagnostics: request.diagnostics, ...(request.ruleset ? { ruleset: request.ruleset } : {}), ...hooks });
  const inside = path.relative(request.root, path.resolve(request.root, request.dir));
  for (const file of files) {
    const why = writeInsideWorkspace(request.root, path.join(inside, ...file.path.split('/')), file.content);
    if (why) return { refused: `${path.join(inside, ...file.path.split('/')).split(path.sep).join('/')}: ${why}` };
  }
  return { projects: projects.length, files: files.length };
}
