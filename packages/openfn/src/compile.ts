import { parse } from 'acorn';
import type { Node, Program } from 'acorn';

/**
 * Turns a job body into the ES module that @openfn/runtime runs. OpenFn's own compiler
 * (@openfn/compiler) is not on the registry this project uses, so this is a small stand-in for
 * the narrow subset of the job language that generated jobs use:
 *
 * - top-level function and `const`/`let` declarations are kept as they are;
 * - every top-level call statement (`fn(...)`, `upsert(...)`, `each(...)`, `tracker.import(...)`)
 *   is an operation: the operations become the module's default export, in order;
 * - every free identifier that the adaptor exports (`fn`, `each`, `upsert`, `tracker`, ...) is
 *   imported from it, as OpenFn's compiler does.
 *
 * Anything else at the top level (imports, exports, loops, `state.x = ...`, lazy `$` references)
 * is refused with the line it is on: the verify step then reports the job as not compilable
 * instead of guessing what OpenFn would do with it.
 */
export type CompileResult = { ok: true; module: string } | { ok: false; message: string; line: number };

function declaredNames(program: Program): Set<string> {
  const names = new Set<string>();
  for (const s of program.body) {
    if (s.type === 'FunctionDeclaration') names.add(s.id.name);
    if (s.type === 'VariableDeclaration') for (const d of s.declarations) if (d.id.type === 'Identifier') names.add(d.id.name);
  }
  return names;
}

/** Every identifier read in the tree (not property names or object keys). */
function identifiers(node: unknown, out: Set<string>): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) identifiers(n, out);
    return;
  }
  const n = node as Node & Record<string, unknown>;
  if (n.type === 'Identifier') {
    out.add(n.name as string);
    return;
  }
  for (const [key, value] of Object.entries(n)) {
    if (key === 'loc' || key === 'range') continue;
    if ((n.type === 'MemberExpression' && key === 'property' && n.computed !== true) || (n.type === 'Property' && key === 'key' && n.computed !== true)) continue;
    identifiers(value, out);
  }
}

export function compileJob(body: string, adaptor: { name: string; exports: readonly string[] }): CompileResult {
  let program: Program;
  try {
    program = parse(body, { ecmaVersion: 'latest', sourceType: 'module', locations: true });
  } catch (error) {
    const loc = (error as { loc?: { line: number } }).loc;
    return { ok: false, message: `the job does not parse: ${error instanceof Error ? error.message : String(error)}`, line: loc?.line ?? 1 };
  }
  const declarations: string[] = [];
  const operations: string[] = [];
  for (const s of program.body) {
    const line = s.loc?.start.line ?? 1;
    if (s.type === 'FunctionDeclaration' || s.type === 'VariableDeclaration') declarations.push(body.slice(s.start, s.end));
    else if (s.type === 'ExpressionStatement' && s.expression.type === 'CallExpression') operations.push(body.slice(s.expression.start, s.expression.end));
    else if (s.type !== 'EmptyStatement') return { ok: false, message: `a top-level ${s.type} is outside the job subset this step compiles (declarations and operation calls)`, line };
  }
  const declared = declaredNames(program);
  const used = new Set<string>();
  identifiers(program.body, used);
  const available = new Set(adaptor.exports);
  const imports = [...used].filter((n) => available.has(n) && !declared.has(n)).sort();
  return {
    ok: true,
    module: [
      ...(imports.length ? [`import { ${imports.join(', ')} } from ${JSON.stringify(adaptor.name)};`] : []),
      ...declarations,
      `export default [\n${operations.map((o) => `  ${o}`).join(',\n')}\n];`,
      '',
    ].join('\n'),
  };
}
