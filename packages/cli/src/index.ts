export { main } from './main.js';
export type { CliIo } from './main.js';
export { ExitCode, UsageError } from './errors.js';
export { gitFs, resolveCommit } from './git.js';
export { ciVariables, isCi } from './io.js';
