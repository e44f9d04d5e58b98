import ExcelJS from 'exceljs';

type Value = string | number | boolean | { formula: string; result?: string | number } | undefined;

export interface SheetSpec {
  name: string;
  rows: Value[][];
  /** 1-based [row, fromColumn, toColumn] ranges to merge. */
  merges?: [number, number, number][];
  /** 1-based row -> ARGB fill of every cell in that row. */
  fills?: Record<number, string>;
}

/**
 * A workbook written the way Google Sheets' "Download as XLSX" writes one: solid fills with
 * `rgb` colours, merged header cells, no frozen panes, no filters, typed number cells.
 */
export async function workbook(sheets: SheetSpec[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    s.rows.forEach((cells, r) => {
      const row = ws.getRow(r + 1);
      cells.forEach((v, c) => {
        if (v !== undefined) row.getCell(c + 1).value = v;
      });
    });
    for (const [r, from, to] of s.merges ?? []) ws.mergeCells(r, from, r, to);
    for (const [r, argb] of Object.entries(s.fills ?? {})) {
      const row = ws.getRow(Number(r));
      const width = Math.max(...s.rows.map((x) => x.length));
      for (let c = 1; c <= width; c++) row.getCell(c).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb } };
    }
  }
  return new Uint8Array((await wb.xlsx.writeBuffer()));
}

export const manifest = {
  name: 'CommCare to Salesforce',
  systems: {
    commcare: { name: 'CommCare HQ', type: 'commcare' },
    openfn: { name: 'OpenFn', type: 'openfn' },
    salesforce: { name: 'Salesforce (Health Cloud sandbox)', type: 'salesforce' },
  },
};

/** A team's own mapping sheet: its own column order, an extra column, merged group headers, yellow and green rows, a blank row. */
export function teamSheet(): SheetSpec {
  return {
    name: 'Patient',
    rows: [
      ['Patient registration mapping (v2)'],
      [],
      ['CommCare', undefined, undefined, undefined, 'Salesforce', undefined, undefined, undefined, 'OpenFn', undefined, undefined],
      ['Question', 'Data type', 'Sample', 'Notes', 'Field API name', 'Type', 'Required?', 'Owner', 'Transformation', 'Comments', 'Status'],
      ['case_id', 'text', '2b6f4e1c', undefined, 'CommCare_ID__c', 'text', 'Yes', 'Ana', undefined, 'External ID field', undefined],
      ['properties.dob', 'Date', '2019-02-01', undefined, 'Birth_Date__c', 'date', 'yes', 'Ana', 'format: dd/MM/yyyy -> iso-date', undefined, 'agreed'],
      ['properties.sex', 'select_one gender', undefined, undefined, 'Gender__c', 'picklist', undefined, 'Ben', 'male -> Male; female -> Female; other -> Other', 'Is "Other" in the picklist?', undefined],
      [],
      ['properties.phone', 'phone', 32, undefined, 'Phone__c', 'phone', undefined, undefined, 'Add the +254 country code', undefined, undefined],
      [undefined, undefined, undefined, undefined, 'Country__c', 'nvarchar(50)', undefined, undefined, 'constant: Kenya', undefined, undefined],
      ['properties.village name', 'text', undefined, undefined, 'Village__c', 'geo-blob', undefined, undefined, 'a -> A; b', undefined, undefined],
      ['properties.unused', 'text', undefined, undefined, undefined, undefined, undefined, undefined, undefined, 'not needed', undefined],
    ],
    merges: [
      [3, 1, 4],
      [3, 5, 8],
      [3, 9, 11],
    ],
    fills: { 7: 'FFFFFF00', 9: 'FFB7E1CD' },
  };
}
