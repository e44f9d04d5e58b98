import { describe, expect, it } from 'vitest';
import { exportWorkbook, importSheets } from '../src/index.js';
import { asData, exampleNames, exportInput, loadExample } from './helpers.js';

describe('round trip: export sheet, then import sheet', () => {
  for (const name of exampleNames) {
    it(`gives back every mapping of examples/${name} as data`, async () => {
      const project = loadExample(name);
      const input = exportInput(project);
      expect(input.mappings.length).toBeGreaterThan(0);
      const bytes = await exportWorkbook(input);
      // Fresh import (no existing file): everything the sheet has a column for comes back.
      const fresh = await importSheets(bytes, { file: 'out.xlsx', format: 'xlsx', manifest: input.manifest });
      expect(fresh.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
      expect(fresh.mappings.map((m) => m.mapping.id)).toEqual(input.mappings.map((m) => m.id));
      for (const original of input.mappings) {
        const back = fresh.mappings.find((m) => m.mapping.id === original.id)?.mapping;
        const { flows: _f, tests: _t, changelog: _c, ...rest } = original;
        const strip = (m: typeof original): unknown => {
          const { flows: _a, tests: _b, changelog: _d, ...r } = m;
          const { samples: _s1, ...src } = r.source;
          const { samples: _s2, ...dst } = r.destination;
          return asData({ ...r, source: src, destination: dst });
        };
        expect(strip(back ?? original)).toEqual(strip(rest as typeof original));
      }
      // Imported over the existing files: equal as a whole, flows, samples, tests and changelog kept.
      const over = await importSheets(bytes, { file: 'out.xlsx', format: 'xlsx', manifest: input.manifest, existing: (id) => input.mappings.find((m) => m.id === id) });
      for (const original of input.mappings) {
        expect(asData(over.mappings.find((m) => m.mapping.id === original.id)?.mapping)).toEqual(asData(original));
      }
    });
  }
});
