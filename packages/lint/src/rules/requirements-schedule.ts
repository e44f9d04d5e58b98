import { createRequire } from 'node:module';
import type { CronExpressionParser } from 'cron-parser';
import { toPointer } from '@interop-design/core';
import { createRule } from '../create-rule.js';

/**
 * cron-parser, loaded only for projects that write a schedule: {@link preloadCron} imports it
 * ahead of linting (`preloadLint`); a rule run without it falls back to `require`.
 */
let cron: typeof CronExpressionParser | undefined;

/** Loads cron-parser ahead of the rule. */
export async function preloadCron(): Promise<void> {
  cron ??= (await import('cron-parser')).CronExpressionParser;
}

function cronParser(): typeof CronExpressionParser {
  cron ??= (createRequire(import.meta.url)('cron-parser') as { CronExpressionParser: typeof CronExpressionParser }).CronExpressionParser;
  return cron;
}

/** Why a cron expression is not a valid five-field schedule, or `undefined` when it is. */
export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/u);
  if (fields.length !== 5) return `it has ${fields.length} field${fields.length === 1 ? '' : 's'}; write five: minute hour day-of-month month day-of-week`;
  try {
    cronParser().parse(expression.trim());
    return undefined;
  } catch {
    return 'a field is out of range or not cron syntax';
  }
}

export default createRule<'missing' | 'invalid'>({
  id: 'requirements-schedule',
  description: 'A batch integration has a valid five-field cron schedule; every schedule written anywhere is valid cron.',
  rulesets: { recommended: 'error', strict: 'error', ready: 'error' },
  messages: {
    missing: 'a batch integration needs `schedule`: a cron expression such as "0 23 * * *"',
    invalid: '"{{expression}}" is not a valid cron schedule: {{problem}}',
  },
  check({ valid, report }) {
    const doc = valid.requirements;
    const r = doc?.data;
    if (doc && r) {
      if (r.frequency === 'batch' && r.schedule === undefined) report({ messageId: 'missing', doc, pointer: '/frequency' });
      const schedules: [string, unknown][] = [['/schedule', r.schedule], ...(Array.isArray(r.triggers) ? r.triggers.map((t, i): [string, unknown] => [toPointer(['triggers', i, 'schedule']), t.schedule]) : [])];
      for (const [pointer, expression] of schedules) {
        if (typeof expression !== 'string' || expression === 'unknown') continue;
        const problem = cronProblem(expression);
        if (problem) report({ messageId: 'invalid', data: { expression, problem }, doc, pointer });
      }
    }
    for (const flow of valid.flows) {
      const expression = flow.data.trigger.schedule;
      if (expression === undefined) continue;
      const problem = cronProblem(expression);
      if (problem) report({ messageId: 'invalid', data: { expression, problem }, doc: flow, pointer: '/trigger/schedule' });
    }
  },
});
