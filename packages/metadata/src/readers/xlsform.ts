import ExcelJS from 'exceljs';
import type { MetadataInput, MetadataReader, ReadResult } from '../types.js';
import type { ChoiceRow, SurveyRow } from './kobo-form.js';
import { koboResource } from './kobo-form.js';

/** Most rows read from one sheet: an XLSForm of a million rows is refused, not read. */
export const maxXlsFormRows = 20_000;

type Sheet = ExcelJS.Worksheet;

/** The text of a cell: formulas count as their cached result, never evaluated; rich text joined. */
function cellText(value: ExcelJS.CellValue): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return value.result === undefined ? undefined : cellText(value.result);
    if ('text' in value) return value.text;
  }
  return undefined;
}

function rows(sheet: Sheet): { line: number; cells: Record<string, string> }[] {
  const header = new Map<number, string>();
  sheet.getRow(1).eachCell((cell, col) => {
    const t = cellText(cell.value);
    if (t) header.set(col, t.trim().toLowerCase());
  });
  const out: { line: number; cells: Record<string, string> }[] = [];
  const last = Math.min(sheet.rowCount, maxXlsFormRows + 1);
  for (let r = 2; r <= last; r++) {
    const cells: Record<string, string> = {};
    sheet.getRow(r).eachCell((cell, col) => {
      const key = header.get(col);
      const t = cellText(cell.value);
      if (key && t !== undefined) cells[key] = t;
    });
    if (Object.keys(cells).length) out.push({ line: r, cells });
  }
  return out;
}

const label = (cells: Record<string, string>): string | undefined => cells.label ?? Object.entries(cells).find(([k]) => k.startsWith('label::'))?.[1];

/** Reads an XLSForm workbook; async because the workbook library is. */
export async function readXlsForm(input: MetadataInput): Promise<ReadResult> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(input.bytes as unknown as ArrayBuffer);
  const survey = workbook.getWorksheet('survey');
  if (!survey) return { resources: [], problems: [{ message: 'no "survey" sheet: an XLSForm has survey and choices sheets', origin: { file: input.file, line: 1, column: 1 } }] };
  const problems = survey.rowCount > maxXlsFormRows + 1 ? [{ message: `the survey sheet has ${survey.rowCount} rows; only the first ${maxXlsFormRows} are read`, origin: { file: input.file, line: 1, column: 1 } }] : [];
  const surveyRows: SurveyRow[] = rows(survey).map(({ line, cells }) => {
    const l = label(cells);
    return { type: cells.type ?? '', ...(cells.name ? { name: cells.name } : {}), ...(l ? { label: l } : {}), required: cells.required, relevant: cells.relevant, origin: { file: input.file, line, column: 1 } };
  });
  const choicesSheet = workbook.getWorksheet('choices');
  const choiceRows: ChoiceRow[] = choicesSheet
    ? rows(choicesSheet).flatMap(({ cells }) => {
        const l = label(cells);
        return cells.list_name && cells.name !== undefined ? [{ listName: cells.list_name, name: cells.name, ...(l ? { label: l } : {}) }] : [];
      })
    : [];
  const settings = workbook.getWorksheet('settings');
  const settingsRow = settings ? rows(settings)[0]?.cells : undefined;
  const id = settingsRow?.form_id ?? input.file.split('/').pop()?.replace(/\.xlsx$/iu, '') ?? input.file;
  return { resources: [koboResource(id, settingsRow?.form_title, surveyRows, choiceRows, { file: input.file, line: 1, column: 1 })], problems };
}

/** An XLSForm `.xlsx` (survey, choices and settings sheets), as designed in Excel or downloaded from Kobo. */
export const xlsFormReader: MetadataReader = {
  id: 'xlsform',
  title: 'XLSForm workbook',
  // A zip (xlsx) whose name says so; the workbook itself decides the rest.
  recognises: (input) => input.syntax === 'xlsx',
  read: readXlsForm,
};
