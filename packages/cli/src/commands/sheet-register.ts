import type { Command } from 'commander';
import { Option } from 'commander';
import type { CliIo } from '../io.js';
import type { ExportSheetOptions, ImportSheetOptions } from './sheet.js';

/**
 * Adds `export sheet` and `import sheet` to the program (the `export` and `import` parents are
 * shared with other exporters). The commands' code (and the workbook library) loads when one runs.
 */
export function registerSheetCommands(cmd: Command, io: CliIo, setCode: (code: number) => void): void {
  const parent = (name: string, description: string): Command => cmd.commands.find((c) => c.name() === name) ?? cmd.command(name).description(description);
  parent('export', 'write the design in another format')
    .command('sheet')
    .description('the mapping template workbook: a sheet per mapping, Legend, Value maps, Changelog and a cover sheet')
    .argument('[paths...]', 'a design project, or mapping files inside one', [])
    .requiredOption('-o, --out <file>', 'the .xlsx file to write (with --format csv: a folder, one CSV per mapping)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['xlsx', 'csv']).default('xlsx'))
    .action(async (paths: string[], opts: ExportSheetOptions) => {
      setCode(await (await import('./sheet.js')).exportSheetCommand(io, paths, opts));
    });
  parent('import', 'read a design written in another format')
    .command('sheet')
    .description('read mapping sheets (XLSX or CSV, laid out like the template) into *.mapping.yaml files')
    .argument('<file>', 'an .xlsx workbook or a .csv sheet')
    .option('--sheet <name>', 'import only this sheet')
    .option('-o, --out <dir>', 'the folder to write to, inside the design project (default: .)')
    .option('--source <system>', 'the source system id, or <system>:<resource> (default: from the sheet, matched against the manifest)')
    .option('--destination <system>', 'the destination system id, or <system>:<resource> (default: from the sheet)')
    .option('--id <id>', 'the mapping id (default: from the sheet, else its name)')
    .action(async (file: string, opts: ImportSheetOptions) => {
      setCode(await (await import('./sheet.js')).importSheetCommand(io, file, opts));
    });
}
