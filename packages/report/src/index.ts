import { json } from './formatters/json.js';
import { stylish } from './formatters/stylish.js';
import type { Formatter } from './types.js';

export type { FormatContext, Formatter } from './types.js';
export { printable } from './escape.js';
export { json, stylish };

/** Formatters by name, as `--format` takes them. */
export const formatters = { stylish, json } as const satisfies Record<string, Formatter>;
export type FormatName = keyof typeof formatters;

export function isFormatName(name: string): name is FormatName {
  return Object.prototype.hasOwnProperty.call(formatters, name);
}
