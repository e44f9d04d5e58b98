import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { bookHooks, buildBook } from '@interop-design/book';
import { rulesetNames } from '@interop-design/lint';
import type { RulesetName } from '@interop-design/lint';
import { plural } from '@interop-design/report';
import { ExitCode, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { cliVersion, loadForCommand } from './lint.js';

/** `interop-design book [paths..] --out <dir>`: the design book, a static site that works offline. */
export async function bookCommand(io: CliIo, paths: readonly string[], options: { out: string; ruleset?: string }): Promise<number> {
  if (options.ruleset !== undefined && !(rulesetNames as readonly string[]).includes(options.ruleset)) throw new UsageError(`unknown --ruleset "${options.ruleset}": use one of ${rulesetNames.join(', ')}`);
  const { result } = loadForCommand(io, paths);
  // The metadata catalogues (read asynchronously) and the inline tests' records, ahead of the synchronous book.
  const hooks = await bookHooks(result.projects);
  const files = buildBook(result.projects, {
    generator: `interop-design ${cliVersion}`,
    ...(options.ruleset ? { ruleset: options.ruleset as RulesetName } : {}),
    ...hooks,
  });
  const out = path.resolve(io.cwd, options.out);
  for (const file of files) {
    const target = path.join(out, ...file.path.split('/'));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
  io.stdout(`Wrote the design book of ${plural(result.projects.length, 'project')} to ${path.relative(io.cwd, out) || '.'}: open ${path.join(path.relative(io.cwd, out), 'index.html')}\n`);
  return ExitCode.ok;
}
