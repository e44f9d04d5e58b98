import { createRequire } from 'node:module';
import type jsonata from 'jsonata';
import type { TransformErrorCode } from './types.js';

/** Limits of one JSONata evaluation (hardening X1). */
export interface JsonataBudget {
  /** Wall-clock time, in milliseconds (default 100). */
  timeoutMs: number;
  /** Evaluation steps: nodes of the expression evaluated (default 20,000). */
  steps: number;
  /** Nested evaluation depth (default 200). */
  depth: number;
  /** Longest sequence built (default 10,000 items). */
  sequence: number;
}

export const defaultJsonataBudget: JsonataBudget = { timeoutMs: 100, steps: 20_000, depth: 200, sequence: 10_000 };

export type JsonataCheck = { ok: true } | { ok: false; code: TransformErrorCode; message: string; offset: number };

const identStart = /[A-Za-z_$\u0080-\uffff]/u;
const identPart = /[A-Za-z0-9_$\u0080-\uffff]/u;
const operatorWords = new Set(['and', 'or', 'in']);

/**
 * Refuses an expression that would compile a regular expression (hardening O7): a regex literal
 * (`/.../`, which JSONata's parser compiles as it reads it), or `$eval`, which parses text built
 * at run time. Reads the text with JSONata's lexical rules (strings, backtick names, comments): a
 * `/` is division only after an operand, as in JSONata's own tokenizer. Nothing is compiled here.
 */
export function checkJsonata(expression: string): JsonataCheck {
  let i = 0;
  let operand = false;
  const n = expression.length;
  while (i < n) {
    const c = expression.charAt(i);
    if (/\s/u.test(c)) {
      i++;
      continue;
    }
    if (c === '/' && expression.charAt(i + 1) === '*') {
      const end = expression.indexOf('*/', i + 2);
      if (end === -1) return { ok: false, code: 'jsonata-syntax', message: 'unterminated comment in the JSONata expression', offset: i };
      i = end + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && expression.charAt(j) !== c) j += expression.charAt(j) === '\\' ? 2 : 1;
      if (j >= n) return { ok: false, code: 'jsonata-syntax', message: 'unterminated string in the JSONata expression', offset: i };
      i = j + 1;
      operand = true;
      continue;
    }
    if (c === '`') {
      const end = expression.indexOf('`', i + 1);
      if (end === -1) return { ok: false, code: 'jsonata-syntax', message: 'unterminated `name` in the JSONata expression', offset: i };
      i = end + 1;
      operand = true;
      continue;
    }
    if (/[0-9]/u.test(c)) {
      while (i < n && /[0-9.eE]/u.test(expression.charAt(i))) i++;
      operand = true;
      continue;
    }
    if (identStart.test(c)) {
      const start = i;
      i++;
      while (i < n && identPart.test(expression.charAt(i))) i++;
      const word = expression.slice(start, i);
      if (word === '$eval') return { ok: false, code: 'jsonata-regex', message: '$eval is refused: it parses text built at run time, which could compile a regular expression', offset: start };
      operand = !operatorWords.has(word);
      continue;
    }
    if (c === '/') {
      if (!operand) return { ok: false, code: 'jsonata-regex', message: 'a regular-expression literal is refused: no regular expression from a design file is ever compiled. Use $contains, $substringBefore, $split or $replace with a plain string', offset: i };
      operand = false;
      i++;
      continue;
    }
    operand = c === ')' || c === ']' || c === '}';
    i++;
  }
  return { ok: true };
}

/**
 * JSONata, loaded only for projects with a JSONata transform (it costs start-up time and memory
 * every other run): {@link preloadJsonata} imports it ahead of compiling (the commands and the
 * Action await `preloadTransforms`); a compile without it falls back to `require`.
 */
let loaded: typeof jsonata | undefined;

/** Loads JSONata ahead of compiling an expression. */
export async function preloadJsonata(): Promise<void> {
  // CommonJS: the function arrives as the default export.
  loaded ??= ((await import('jsonata')) as unknown as { default: typeof jsonata }).default;
}

function jsonataFunction(): typeof jsonata {
  loaded ??= createRequire(import.meta.url)('jsonata') as typeof jsonata;
  return loaded;
}

/** A JSONata expression that passed {@link checkJsonata}, ready to evaluate under a budget. */
export interface CompiledJsonata {
  evaluate(input: unknown): Promise<{ ok: true; value: unknown } | { ok: false; code: TransformErrorCode; message: string }>;
}

class StepBudgetExceeded extends Error {
  readonly code = 'STEPS';
}

/** A regex engine that refuses: defence in depth should a regex ever reach evaluation. */
function NoRegex(): never {
  throw new Error('regular expressions are refused');
}

const budgetCodes = new Set(['D1011', 'D1012', 'D2014', 'D2015', 'STEPS']);

/** Plain JSON of a JSONata result (sequences are arrays with extra flags; functions are dropped). */
function plain(value: unknown): unknown {
  if (value === undefined || typeof value === 'function') return undefined;
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/** Compiles an expression after {@link checkJsonata}; returns the check's refusal or a syntax error (code and offset, never the text). */
export function compileJsonata(expression: string, budget: JsonataBudget = defaultJsonataBudget): CompiledJsonata | Extract<JsonataCheck, { ok: false }> {
  const check = checkJsonata(expression);
  if (!check.ok) return check;
  let expr: jsonata.Expression;
  try {
    const options: jsonata.JsonataOptions = { timeout: budget.timeoutMs, stack: budget.depth, sequence: budget.sequence, RegexEngine: NoRegex as unknown as RegExpConstructor };
    expr = jsonataFunction()(expression, options);
  } catch (error) {
    const e = error as { code?: string; position?: number };
    return { ok: false, code: 'jsonata-syntax', message: `the JSONata expression does not parse (${e.code ?? 'error'})`, offset: Math.max(0, (e.position ?? 1) - 1) };
  }
  let steps = 0;
  const started = { at: 0 };
  expr.assign(Symbol.for('jsonata.__evaluate_entry') as unknown as string, () => {
    steps++;
    if (steps > budget.steps || Date.now() - started.at > budget.timeoutMs) throw new StepBudgetExceeded('budget');
  });
  return {
    async evaluate(input) {
      steps = 0;
      started.at = Date.now();
      try {
        return { ok: true, value: plain(await expr.evaluate(input)) };
      } catch (error) {
        const raw = (error as { code?: unknown }).code;
        const code = error instanceof StepBudgetExceeded ? 'STEPS' : typeof raw === 'string' ? raw : 'error';
        if (budgetCodes.has(code)) {
          return { ok: false, code: 'jsonata-budget', message: `the JSONata expression was stopped: it exceeded its budget (${budget.steps} steps, ${budget.timeoutMs} ms, depth ${budget.depth}, ${budget.sequence} items)` };
        }
        const position = (error as { position?: unknown }).position;
        return { ok: false, code: 'jsonata-error', message: `the JSONata expression failed (${code}${typeof position === 'number' ? ` at character ${position}` : ''})` };
      }
    },
  };
}
