import { toPointer } from '@interop-design/core';
import { createRule } from '../create-rule.js';

/** Pointers of every `unknown` answer in a requirements value. */
export function unknownAnswers(value: unknown, path: (string | number)[] = []): string[] {
  if (value === 'unknown') return [toPointer(path)];
  if (Array.isArray(value)) return value.flatMap((v, i) => unknownAnswers(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => unknownAnswers(v, [...path, k]));
  return [];
}

export default createRule<'unknown'>({
  id: 'requirements-unknown',
  description: 'An `unknown` answer is a gap to close before jobs are written.',
  rulesets: { recommended: 'warning', strict: 'warning', ready: 'error' },
  messages: { unknown: '"{{question}}" is still unknown: find the answer before jobs are written against this design' },
  check({ valid, report }) {
    const doc = valid.requirements;
    if (!doc) return;
    for (const pointer of unknownAnswers(doc.data)) report({ messageId: 'unknown', data: { question: pointer.slice(1).replaceAll('/', '.') }, doc, pointer });
  },
});
