import { Command, CommanderError, Option } from 'commander';
import { registerSheetCommands } from './commands/sheet-register.js';
import { ExitCode, UsageError } from './errors.js';
import { failLevels } from './fail-on.js';
import type { CliIo } from './io.js';
import { cliVersion, formatNames } from './version.js';

export type { CliIo } from './io.js';
export { ExitCode, UsageError } from './errors.js';

/** `--fail-on`, the same for every command that takes it; `decideFailOn` turns it into the exit code. */
function failOnOption(): Option {
  return new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe').choices([...failLevels]).default('error');
}

/** `--format` of the commands that write findings: every formatter of packages/report. */
function formatOption(): Option {
  return new Option('-f, --format <format>', 'output format').choices([...formatNames]).default('stylish');
}

function program(io: CliIo, setCode: (code: number) => void): Command {
  const cmd = new Command('interop-design')
    .description('Review data-integration designs as code: lint stories, requirements, flows and mappings.')
    .version(cliVersion)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run interop-design --help for usage)');

  cmd
    .command('lint')
    .description('check design files against their schemas and each other')
    .argument('[paths...]', 'files or folders holding design projects', [])
    .addOption(formatOption())
    .addOption(failOnOption())
    .addOption(new Option('--ruleset <name>', 'ruleset instead of the manifest\'s lint.extends').choices(['recommended', 'strict', 'ready']))
    .option('--no-color', 'plain output even on a terminal')
    .action(async (paths: string[], opts: { format: string; failOn: string; ruleset?: string; color: boolean }) => {
      setCode(await (await import('./commands/lint.js')).lintCommand(io, paths, { format: opts.format, failOn: opts.failOn, ...(opts.ruleset ? { ruleset: opts.ruleset } : {}), color: opts.color && io.color }));
    });

  cmd
    .command('check-samples')
    .description('check committed sample records against the mappings; print sample coverage')
    .argument('[paths...]', 'files or folders holding design projects', [])
    .addOption(formatOption())
    .addOption(failOnOption())
    .addOption(new Option('--ruleset <name>', 'ruleset instead of the manifest\'s lint.extends').choices(['recommended', 'strict', 'ready']))
    .option('--show-values', 'add a few offending values to messages (local runs only: refused in CI)')
    .option('--no-color', 'plain output even on a terminal')
    .action(async (paths: string[], opts: { format: string; failOn: string; ruleset?: string; showValues?: boolean; color: boolean }) => {
      setCode(await (await import('./commands/check-samples.js')).checkSamplesCommand(io, paths, { format: opts.format, failOn: opts.failOn, ...(opts.ruleset ? { ruleset: opts.ruleset } : {}), showValues: opts.showValues ?? false, color: opts.color && io.color }));
    });

  cmd
    .command('diff')
    .description('mapping changes between two commits, and whether each version bump fits them')
    .argument('[paths...]', 'files or folders holding design projects', [])
    .requiredOption('--base <ref>', 'the git ref to compare against (e.g. origin/main)')
    .option('--head <ref>', 'the git ref to compare (default: the working tree)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['markdown', 'json']).default('markdown'))
    .action(async (paths: string[], opts: { base: string; head?: string; format: string }) => {
      setCode((await import('./commands/diff.js')).diffCommand(io, paths, opts));
    });

  cmd
    .command('ready')
    .description('print the readiness checklist of every mapping and flow; exit 1 if a mapping marked ready is not')
    .argument('[paths...]', 'files or folders holding design projects', [])
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (paths: string[], opts: { format: string }) => {
      setCode(await (await import('./commands/ready.js')).readyCommand(io, paths, opts));
    });

  cmd
    .command('render')
    .description('draw every flow as a Mermaid flowchart (one swim lane per system or role, failure paths dashed)')
    .argument('[paths...]', 'files or folders holding design projects', [])
    .addOption(new Option('-f, --format <format>', 'output format').choices(['markdown', 'mermaid']).default('markdown'))
    .action(async (paths: string[], opts: { format: string }) => {
      setCode((await import('./commands/render.js')).renderCommand(io, paths, opts));
    });

  cmd
    .command('preview')
    .description('print the destination records a mapping builds from its source samples (local runs only: refused in CI)')
    .argument('<mapping>', 'a mapping file, or a mapping id')
    .option('--sample <file>', 'a sample file to read instead of the mapping\'s source samples')
    .option('--record <n>', 'only record n (from 0)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .action(async (mapping: string, opts: { sample?: string; record?: string; format: string }) => {
      setCode(await (await import('./commands/preview.js')).previewCommand(io, mapping, opts));
    });

  cmd
    .command('test')
    .description('run the mappings\' tests; exit 1 when one fails (values are printed on local runs only)')
    .argument('[paths...]', 'files or folders holding design projects', [])
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (paths: string[], opts: { format: string }) => {
      setCode(await (await import('./commands/test.js')).testCommand(io, paths, opts));
    });

  cmd
    .command('init')
    .description('scaffold a design project and editor schema settings')
    .argument('[dir]', 'folder for the new project', '.')
    .option('--force', 'overwrite existing scaffold files')
    .action(async (dir: string, opts: { force?: boolean }) => {
      setCode((await import('./commands/init.js')).initCommand(io, dir, opts));
    });

  const exportGroup = cmd.commands.find((c) => c.name() === 'export') ?? cmd.command('export').description('write the design as another tool\'s files');
  exportGroup
    .command('openfn')
    .description('write an OpenFn project.yaml per design project: one workflow per flow, one job per OpenFn step (every mapping must be ready)')
    .argument('[paths...]', 'files or folders holding design projects', [])
    .requiredOption('--out <dir>', 'folder to write to (one subfolder per design project)')
    .option('--draft', 'write even when mappings are not ready; their jobs start with a DRAFT comment')
    .option('--verify', 'run the generated jobs with @openfn/runtime on the source samples and compare with the mapping interpreter (runs generated code locally)')
    .option('--force', 'regenerate job bodies that were changed by hand')
    .action(async (paths: string[], opts: { out: string; draft?: boolean; verify?: boolean; force?: boolean }) => {
      const [{ exportOpenfnCommand }, { transformInterpreter }] = await Promise.all([import('./commands/export-openfn.js'), import('@interop-design/openfn')]);
      setCode(await exportOpenfnCommand(io, paths, opts, transformInterpreter));
    });
  registerSheetCommands(cmd, io, setCode);
  cmd
    .command('book')
    .description('write the design book: a static site of every project (stories, requirements, flows, mappings) that works offline')
    .argument('[paths...]', 'files or folders holding design projects', [])
    .requiredOption('--out <dir>', 'folder to write the site to (index.html and one folder per project)')
    .addOption(new Option('--ruleset <name>', 'ruleset of the lint summary instead of the manifest\'s lint.extends').choices(['recommended', 'strict', 'ready']))
    .action(async (paths: string[], opts: { out: string; ruleset?: string }) => {
      setCode(await (await import('./commands/book.js')).bookCommand(io, paths, opts));
    });
  cmd
    .command('new')
    .description('start a design file from the exported metadata')
    .command('mapping')
    .description('write a mapping spec from the catalogue: every writable destination field, sources suggested by name or label')
    .argument('[dir]', 'the design project', '.')
    .requiredOption('--source <system:resource>', 'the source system id and resource')
    .requiredOption('--destination <system:resource>', 'the destination system id and resource')
    .option('--id <id>', 'the mapping id (default: <source>-<destination>-<resource>)')
    .option('--force', 'overwrite an existing mapping file')
    .action(async (dir: string, opts: { source: string; destination: string; id?: string; force?: boolean }) => {
      setCode(await (await import('./commands/new-mapping.js')).newMappingCommand(io, dir, opts));
    });
  cmd
    .command('metadata')
    .description('work with the systems\' exported metadata')
    .command('diff')
    .description('fields, types, picklist values and option codes added or removed between two commits, and the mappings each change breaks (exit 1 when one breaks a mapping)')
    .argument('[paths...]', 'files or folders holding design projects', [])
    .requiredOption('--base <ref>', 'the git ref to compare against (e.g. origin/main)')
    .option('--head <ref>', 'the git ref to compare (default: the working tree)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .action(async (paths: string[], opts: { base: string; head?: string; format: string }) => {
      setCode(await (await import('./commands/metadata-diff.js')).metadataDiffCommand(io, paths, opts));
    });

  return cmd;
}

/** Runs the CLI with `argv` (without node and the script) and returns the exit code. Never throws. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let code: number = ExitCode.ok;
  try {
    await program(io, (c) => (code = c)).parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; every parse error is a usage error.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (error instanceof UsageError) {
      io.stderr(`interop-design: ${error.message}\n`);
      return ExitCode.usage;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr(`interop-design: internal error, please report it: ${detail}\n`);
    return ExitCode.usage;
  }
}
