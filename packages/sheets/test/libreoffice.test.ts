import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { exportWorkbook, fixedSheets, importSheets } from '../src/index.js';
import { asData, exampleNames, exportInput, loadExample } from './helpers.js';

/** LibreOffice from Debian (`apt-get install libreoffice-calc-nogui`); the test is skipped where it is missing. */
function findSoffice(): string | undefined {
  for (const name of ['soffice', 'libreoffice']) {
    const r = spawnSync(name, ['--version'], { encoding: 'utf8', timeout: 60_000 });
    if (r.status === 0) return name;
  }
  return undefined;
}

const soffice = findSoffice();
if (!soffice) {
  process.stderr.write('\nNOTICE: LibreOffice (soffice) is not installed: the test that opens the exported workbook in LibreOffice is SKIPPED. Install it with `apt-get install -y libreoffice-calc-nogui` to run it.\n\n');
}

const work = mkdtempSync(path.join(tmpdir(), 'sheets-lo-'));
afterAll(() => { rmSync(work, { recursive: true, force: true }); });

describe('the exported workbook in LibreOffice', () => {
  for (const name of exampleNames) {
    it.skipIf(!soffice)(`converts every sheet of examples/${name} to CSV without error, and the CSVs hold every field`, async () => {
      const input = exportInput(loadExample(name));
      const dir = path.join(work, name);
      const xlsx = path.join(work, `${name}.xlsx`);
      writeFileSync(xlsx, await exportWorkbook(input));
      // -1: every sheet to its own CSV (LibreOffice 7.2+); UTF-8 (76); a private profile so parallel runs do not collide.
      const r = spawnSync(
        soffice ?? 'soffice',
        ['--headless', '--norestore', `-env:UserInstallation=${pathToFileURL(path.join(work, `profile-${name}`)).href}`, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', '--outdir', dir, xlsx],
        { encoding: 'utf8', timeout: 110_000 },
      );
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/\berror\b/i);
      const files = readdirSync(dir).sort();
      const sheets = [fixedSheets.cover, ...input.mappings.map((m) => m.id.slice(0, 31)), fixedSheets.legend, fixedSheets.valueMaps, fixedSheets.changelog];
      expect(files).toEqual(sheets.map((s) => `${name}-${s}.csv`).sort());
      for (const m of input.mappings) {
        const bytes = readFileSync(path.join(dir, `${name}-${m.id.slice(0, 31)}.csv`));
        const back = await importSheets(new Uint8Array(bytes), { file: 'lo.csv', format: 'csv', manifest: input.manifest });
        expect(back.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
        const got = back.mappings[0]?.mapping;
        // Every field, with its paths, types, transform, status and comment, is in LibreOffice's CSV.
        const shape = (fields: typeof m.fields): unknown =>
          asData(fields.map((f) => ({ s: f.source?.path ?? f.source?.paths, st: f.source?.type, d: f.destination.path, dt: f.destination.type, t: f.transform, status: f.status, comment: f.comment })));
        expect(shape(got?.fields ?? [])).toEqual(shape(m.fields));
        expect([got?.id, got?.version, got?.source.system, got?.destination.system, got?.destination.key]).toEqual([m.id, m.version, m.source.system, m.destination.system, m.destination.key]);
      }
      const changelog = readFileSync(path.join(dir, `${name}-${fixedSheets.changelog}.csv`), 'utf8');
      for (const m of input.mappings) for (const e of m.changelog ?? []) expect(changelog).toContain(e.version);
    }, 120_000);
  }
});
