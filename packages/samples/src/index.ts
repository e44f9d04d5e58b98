export { checkSamples, sampleLimits } from './check.js';
export type { CheckSamplesOptions, CheckSamplesResult, CoverageRow } from './check.js';
export { streamRecords } from './stream.js';
export type { RecordSink, StreamIssue, StreamOptions, StreamResult } from './stream.js';
export { findCredentials, findPersonalData } from './scan.js';
export { choiceCodes, formatPattern, matchesType } from './types.js';
export { quoteUnsafeIntegers } from './stream.js';
