export { exportCsv, exportWorkbook, mappingGrids, csvSafe } from './export.js';
export type { MappingGrid } from './export.js';
export { importSheets, cellRef, columnLetters, statusFromColour } from './import.js';
export type { ImportOptions, ImportResult, ImportedMapping } from './import.js';
export { checkZipDirectory, readCsv, readXlsx, sheetLimits } from './read.js';
export type { Grid, SheetCell } from './read.js';
export { readTransform, writeTransform, readScalar, writeScalar } from './cell-text.js';
export { columns, fixedSheets, metaRows } from './layout.js';
export { statusFills } from './model.js';
export type { ExportInput } from './model.js';
// The type vocabulary is the metadata readers' own (one table): re-exported where importers found it.
export { readSystemType, systemTypeVocabulary } from '@interop-design/metadata';
export type { TypeReading } from '@interop-design/metadata';
export { mappingYaml } from './yaml-out.js';
