import jsyaml from 'js-yaml';
import { Composer, Parser, isAlias, isCollection, isPair, visit } from 'yaml';
import type { Document, Node } from 'yaml';
import type { Diagnostic, Range, Severity } from './diagnostic.js';
import { fingerprint } from './diagnostic.js';
import { limits } from './limits.js';
import { PositionTreeBuilder, SourceFile } from './source.js';
import { indentationSlip } from './yaml-slips.js';

export interface LoadedYaml {
  /** The parsed value; `undefined` when the file could not be read safely. */
  value: unknown;
  source: SourceFile;
  diagnostics: Diagnostic[];
  /** Which parser produced the value: `fast` (js-yaml) or `safe` (yaml, with positions). */
  parser: 'fast' | 'safe';
}

/** Ids of the findings the loader itself reports. */
export type LoaderRuleId =
  | 'yaml-syntax'
  | 'yaml-duplicate-key'
  | 'yaml-unsupported-tag'
  | 'yaml-alias-limit'
  | 'yaml-depth-limit'
  | 'yaml-multiple-documents'
  | 'yaml-version';

export function loaderDiagnostic(
  source: SourceFile,
  ruleId: string,
  severity: Severity,
  message: string,
  range: Range,
  args: readonly unknown[] = [],
  path?: string,
): Diagnostic {
  return {
    ruleId,
    severity,
    message,
    file: source.file,
    range,
    ...(path === undefined ? {} : { path }),
    fingerprint: fingerprint(ruleId, source.file, path, args.length ? args : [range.start.line, range.start.column]),
  };
}

class FastPathBail extends Error {}

/**
 * The fast path: js-yaml with the YAML 1.2 core schema (no timestamps, no merge keys, no custom
 * tags), guarded by a listener that stops at excessive depth and at any anchor. Returns
 * `undefined` when the file needs the safe path.
 */
function fastLoad(text: string, positions: boolean): { value: unknown; tree: object | undefined } | undefined {
  // Directives (%YAML 1.1) change how a file is read: leave them to the safe path, which reports them.
  if (text.startsWith('%') || text.includes('\n%')) return undefined;
  let depth = 0;
  const builder = positions ? new PositionTreeBuilder() : undefined;
  try {
    const options: jsyaml.LoadOptions & { maxDepth: number } = {
      schema: jsyaml.CORE_SCHEMA,
      // js-yaml's own guard, as a backstop to the listener's.
      maxDepth: limits.maxYamlDepth + 8,
      listener(event, state) {
        builder?.event(event, state);
        if (event === 'open') {
          if (++depth > limits.maxYamlDepth) throw new FastPathBail('depth');
        } else {
          depth--;
          if ((state as unknown as { anchor: string | null }).anchor !== null) throw new FastPathBail('anchor');
        }
      },
    };
    const value: unknown = jsyaml.load(text, options);
    return { value, tree: builder?.tree };
  } catch {
    return undefined;
  }
}

interface CstToken {
  type: string;
  offset: number;
  items?: { key?: CstToken | null; value?: CstToken | null }[];
  value?: CstToken;
}

/** Deepest collection nesting in the CST, walked with an explicit stack (no recursion). */
function cstTooDeep(tokens: readonly CstToken[]): number | undefined {
  const stack: [CstToken, number][] = tokens.map((t) => [t, 0]);
  while (stack.length) {
    const entry = stack.pop();
    if (!entry) break;
    const [token, depth] = entry;
    let d = depth;
    if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      d++;
      if (d > limits.maxYamlDepth) return token.offset;
    }
    if (token.type === 'document' && token.value) stack.push([token.value, d]);
    for (const item of token.items ?? []) {
      if (item.key && typeof item.key === 'object') stack.push([item.key, d]);
      if (item.value && typeof item.value === 'object') stack.push([item.value, d]);
    }
  }
  return undefined;
}

const codeToRule: Record<string, LoaderRuleId> = {
  DUPLICATE_KEY: 'yaml-duplicate-key',
  TAG_RESOLVE_FAILED: 'yaml-unsupported-tag',
  BAD_ALIAS: 'yaml-alias-limit',
  MULTIPLE_DOCS: 'yaml-multiple-documents',
  BAD_DIRECTIVE: 'yaml-version',
};

const friendly: Record<string, string> = {
  DUPLICATE_KEY: 'this key appears twice in the same mapping: remove or rename the second one',
  BAD_ALIAS: 'this alias names an anchor that is not defined before it',
};

/** Counts the nodes each anchor expands to, in document order; returns the first alias past the limit. */
function aliasOverflow(doc: Document): { node: Node; cyclic: boolean } | undefined {
  const sizes = new Map<unknown, number>();
  let total = 0;
  let offender: Node | undefined;
  let cyclic = false;
  const sizeOf = (node: unknown): number => {
    if (isAlias(node)) {
      const target = node.resolve(doc);
      return target ? (sizes.get(target) ?? 1) : 1;
    }
    if (isPair(node)) return sizeOf(node.key) + sizeOf(node.value);
    if (isCollection(node)) {
      const cached = sizes.get(node);
      if (cached !== undefined) return cached;
      let n = 1;
      for (const item of node.items) n += sizeOf(item);
      sizes.set(node, n);
      return n;
    }
    return 1;
  };
  visit(doc, {
    Alias(_key, node, path) {
      const target = node.resolve(doc);
      if (target && path.includes(target)) {
        offender = node;
        cyclic = true;
        return visit.BREAK;
      }
      const n = target ? sizeOf(target) : 1;
      total += n;
      if (total > limits.maxAliasExpansion) {
        offender = node;
        return visit.BREAK;
      }
      return undefined;
    },
    Node(_key, node) {
      if (isCollection(node) && node.anchor) sizeOf(node);
      return undefined;
    },
  });
  return offender ? { node: offender, cyclic } : undefined;
}

/** The safe path: `yaml` with exact positions and error codes, after a CST depth check. */
function safeLoad(source: SourceFile): LoadedYaml {
  const text = source.text;
  const diagnostics: Diagnostic[] = [];
  const tokens = Array.from(new Parser().parse(text)) as unknown as CstToken[];
  const deep = cstTooDeep(tokens);
  if (deep !== undefined) {
    diagnostics.push(depthDiagnostic(source, deep));
    return { value: undefined, source, diagnostics, parser: 'safe' };
  }
  if (/^%YAML\s+(?!1\.2\b)/mu.test(text)) {
    const at = text.search(/^%YAML/mu);
    diagnostics.push(
      loaderDiagnostic(source, 'yaml-version', 'warning', 'the %YAML directive is ignored: design files are read as YAML 1.2 (core schema), so `no` stays a string and `<<` is an ordinary key', source.range(at, text.indexOf('\n', at) === -1 ? text.length : text.indexOf('\n', at))),
    );
  }
  const composer = new Composer({ version: '1.2', schema: 'core', merge: false, uniqueKeys: true, strict: true, resolveKnownTags: false, prettyErrors: false });
  const docs = Array.from(composer.compose(tokens as never, true, text.length));
  const doc = docs[0];
  if (docs.length > 1 && docs[1]) {
    const start = docs[1].range[0];
    diagnostics.push(loaderDiagnostic(source, 'yaml-multiple-documents', 'error', 'a design file holds one YAML document: remove the second `---` document or move it to its own file', source.range(start)));
  }
  if (!doc) return { value: undefined, source, diagnostics, parser: 'safe' };
  let fatal = false;
  // One syntax slip makes the parser report every token after it: keep the first, count the rest.
  const all = [...doc.errors, ...doc.warnings].filter((p) => !(p.code === 'BAD_DIRECTIVE' && /%YAML/u.test(p.message)));
  // One indentation slip (an over-indented key, a list item where a key was expected, a tab) makes
  // the parser report its line again as a key without a value: those repeats are not listed.
  const slips = all.filter((p) => p.code === 'BLOCK_AS_IMPLICIT_KEY' || p.code === 'TAB_AS_INDENT');
  const lineStart = (offset: number): number => text.lastIndexOf('\n', offset - 1);
  const repeats = (p: (typeof all)[number]): boolean =>
    (p.code === 'MULTILINE_IMPLICIT_KEY' || p.code === 'MISSING_CHAR' || p.code === 'BLOCK_AS_IMPLICIT_KEY') && slips.some((s) => s !== p && all.indexOf(s) < all.indexOf(p) && lineStart(s.pos[0]) === lineStart(p.pos[0]));
  const problems = all.filter((p) => !repeats(p));
  const syntax = problems.filter((p) => !(p.code in codeToRule));
  for (const problem of problems) {
    const slip = indentationSlip(text, problem) ?? (problem.code === 'BLOCK_AS_IMPLICIT_KEY' ? indentSlip(text, problem.pos[0]) : problem.code === 'BAD_INDENT' ? misaligned(text, problem.pos[0]) : undefined);
    if (slip) {
      const more = syntax.length - 1;
      fatal = true;
      if (problem === syntax[0] || !syntax.includes(problem)) {
        const tail = more > 0 && problem === syntax[0] ? ` (${more} later syntax error${more === 1 ? '' : 's'} not listed)` : '';
        diagnostics.push(loaderDiagnostic(source, 'yaml-syntax', 'error', slip.message + tail, source.range(slip.start, slip.end), [problem.code, slip.key]));
      }
      continue;
    }
    if (syntax.length > 1 && problem === syntax[0]) {
      const more = syntax.length - 1;
      fatal = true;
      diagnostics.push(loaderDiagnostic(source, 'yaml-syntax', 'error', `${firstLine(problem.message)}${flowHint(text, problem.pos[0])} (the parser stopped making sense of the file here; ${more} later syntax error${more === 1 ? '' : 's'} not listed)`, source.range(problem.pos[0], problem.pos[1]), [problem.code, problem.pos[0]]));
      continue;
    }
    if (syntax.length > 1 && syntax.includes(problem)) continue;
    const ruleId = codeToRule[problem.code] ?? 'yaml-syntax';
    const isError = doc.errors.includes(problem) || ruleId === 'yaml-unsupported-tag';
    if (doc.errors.includes(problem)) fatal = true;
    const message = ruleId === 'yaml-unsupported-tag' ? tagMessage(text, problem.pos[0]) : (friendly[problem.code] ?? firstLine(problem.message));
    diagnostics.push(loaderDiagnostic(source, ruleId, isError ? 'error' : 'warning', message, source.range(problem.pos[0], problem.pos[1]), [problem.code, problem.pos[0]]));
  }
  if (fatal) return { value: undefined, source: new SourceFile(source.file, text, doc), diagnostics, parser: 'safe' };
  const overflow = aliasOverflow(doc);
  const offender = overflow?.node;
  if (offender?.range) {
    const message = overflow?.cyclic
      ? 'this alias refers to a node that contains it: the value would be infinite. Write the values out'
      : `aliases expand this file past ${limits.maxAliasExpansion} nodes: write the values out or use fewer aliases`;
    diagnostics.push(loaderDiagnostic(source, 'yaml-alias-limit', 'error', message, source.range(offender.range[0], offender.range[1])));
    return { value: undefined, source: new SourceFile(source.file, text, doc), diagnostics, parser: 'safe' };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: -1 });
  } catch (error) {
    const start = doc.range[0];
    diagnostics.push(loaderDiagnostic(source, 'yaml-syntax', 'error', `the document could not be read: ${firstLine(error instanceof Error ? error.message : String(error))}`, source.range(start)));
    value = undefined;
  }
  return { value, source: new SourceFile(source.file, text, doc), diagnostics, parser: 'safe' };
}

/**
 * The line a user must fix when a key is indented deeper than the key above it, whose value is
 * already on its line (`destination: b` then `    type: string`): the parser reports the value
 * above; the fix is on the next line. Returns that key's offsets and what to do, or `undefined`
 * when the text does not have that shape.
 */
function indentSlip(text: string, offset: number): { start: number; end: number; key: string; message: string } | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = text.indexOf('\n', offset);
  if (lineEnd === -1) return undefined;
  const above = /^(\s*(?:-\s+)*)([^\s#:][^#:]*?)\s*:(?:\s|$)/u.exec(text.slice(lineStart, lineEnd));
  if (!above) return undefined;
  const lineOf = (at: number): number => text.slice(0, at).split('\n').length;
  // The next line that holds something other than a comment.
  const linePattern = /^([ \t]*)([^\s#].*)$/gmu;
  linePattern.lastIndex = lineEnd + 1;
  const next = linePattern.exec(text);
  if (!next) return undefined;
  const keyMatch = /^((?:-\s+)*)([^\s#:][^#:]*?)\s*:(?:\s|$)/u.exec(next[2] ?? '');
  const indent = next[1] ?? '';
  const start = next.index + indent.length + (keyMatch?.[1]?.length ?? 0);
  const name = keyMatch?.[2] ?? (next[2] ?? '').slice(0, 40);
  const parent = above[2] ?? '';
  const parentColumn = (above[1]?.length ?? 0) + 1;
  if (indent.length + (keyMatch?.[1]?.length ?? 0) < parentColumn) return undefined;
  const quote = (k: string): string => `\`${k.replace(/`/gu, "'")}${keyMatch ? ':' : ''}\``;
  const message =
    `${quote(name)} on line ${lineOf(start)} is indented deeper than \`${parent.replace(/`/gu, "'")}:\` on line ${lineOf(lineStart)}, which already has a value on its line: ` +
    `if it is a key of its own, indent it to column ${parentColumn}, like \`${parent.replace(/`/gu, "'")}:\`; if it belongs inside \`${parent.replace(/`/gu, "'")}\`, write each of its keys on a line of its own, indented under it`;
  return { start, end: start + name.length, key: name, message };
}

/**
 * A key that does not line up with the keys of its mapping (the parser reports it at the comment
 * or blank line before it): the key's offsets and the column of the key above it.
 */
function misaligned(text: string, offset: number): { start: number; end: number; key: string; message: string } | undefined {
  const linePattern = /^([ \t]*)([^\s#].*)$/gmu;
  linePattern.lastIndex = text.lastIndexOf('\n', offset - 1) + 1;
  const line = linePattern.exec(text);
  const keyMatch = line ? /^((?:-\s+)*)([^\s#:][^#:]*?)\s*:(?:\s|$)/u.exec(line[2] ?? '') : null;
  if (!line || !keyMatch) return undefined;
  const indent = (line[1] ?? '').length + (keyMatch[1]?.length ?? 0);
  const start = line.index + indent;
  const name = keyMatch[2] ?? '';
  const lineOf = (at: number): number => text.slice(0, at).split('\n').length;
  // The nearest key above, which the user most likely meant to line up with.
  const lines = text.slice(0, line.index).split('\n');
  let aboveLine = 0;
  let above: RegExpExecArray | null = null;
  for (let i = lines.length - 1; i >= 0 && !above; i--) {
    above = /^(\s*(?:-\s+)*)([^\s#:][^#:]*?)\s*:(?:\s|$)/u.exec(lines[i] ?? '');
    aboveLine = i + 1;
  }
  if (!above) return undefined;
  const parent = (above[2] ?? '').replace(/`/gu, "'");
  const column = (above[1]?.length ?? 0) + 1;
  // Lined up after all: the parser complains of something else (an unclosed bracket above).
  if (column === indent + 1) return undefined;
  return {
    start,
    end: start + name.length,
    key: name,
    message: `\`${name.replace(/`/gu, "'")}:\` on line ${lineOf(start)} starts at column ${indent + 1}, \`${parent}:\` on line ${aboveLine} above it at column ${column}: keys of one mapping start at the same column, so indent it to column ${column}`,
  };
}

/** The commonest slip in design files: `[`, `]` or `,` inside an unquoted value of a `{ ... }` mapping. */
function flowHint(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  return before.includes('{') && /[[\],]/u.test(text.charAt(offset)) ? ': inside { ... }, quote a value that holds [ ] or a comma, e.g. path: "items[0].code"' : '';
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/u, '');
}

function tagMessage(text: string, offset: number): string {
  const m = /^!\S*/u.exec(text.slice(offset, offset + 200));
  const tag = m ? m[0] : 'this tag';
  return `the tag ${tag} is not supported: the value is read as plain text. Remove the tag`;
}

function depthDiagnostic(source: SourceFile, offset: number): Diagnostic {
  return loaderDiagnostic(source, 'yaml-depth-limit', 'error', `collections are nested deeper than ${limits.maxYamlDepth} levels: the file is not read`, source.range(offset), [offset]);
}

/**
 * Parses one YAML (or JSON) design file safely. Never throws on bad input: problems are findings
 * with positions. Positions of valid files are computed later, only when a finding needs them.
 */
export function loadYaml(file: string, text: string, options: { positions?: boolean } = {}): LoadedYaml {
  const fast = fastLoad(text, options.positions ?? true);
  if (fast) return { value: fast.value, source: new SourceFile(file, text, undefined, fast.tree), diagnostics: [], parser: 'fast' };
  const source = new SourceFile(file, text);
  // Too deep, anchored, tagged, directed or broken: the safe path finds out which, with exact positions.
  return safeLoad(source);
}
