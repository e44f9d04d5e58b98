export * from './types.js';
export * from './catalogue.js';
export * from './match.js';
export * from './diff.js';
export { readers } from './readers/index.js';
export * from './vocabulary.js';
export { godataFieldCategories } from './readers/godata.js';
export { maxXlsFormRows } from './readers/xlsform.js';
