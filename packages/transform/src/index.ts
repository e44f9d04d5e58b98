export * from './types.js';
export { compileMapping } from './compile.js';
export type { CompileOptions, CompiledMapping } from './compile.js';
export { checkJsonata, compileJsonata, defaultJsonataBudget } from './jsonata.js';
export type { CompiledJsonata, JsonataBudget, JsonataCheck } from './jsonata.js';
export { compileFormat } from './format.js';
export type { FormatSpec, FormatStep, StepResult } from './format.js';
export { writePath } from './write.js';
