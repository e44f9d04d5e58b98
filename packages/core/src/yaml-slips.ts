/**
 * Indentation slips in design files, put in the user's terms: the parser's message ("Nested
 * mappings are not allowed in compact mappings", "A block sequence may not be used as an implicit
 * map key", "Tabs are not allowed as indentation", ...) becomes where to fix and what to do.
 */

/** Where a slip must be fixed (offsets into the text), a stable key for the fingerprint, and what to do. */
export interface Slip {
  start: number;
  end: number;
  key: string;
  message: string;
}

interface Line {
  /** 1-based line number. */
  number: number;
  start: number;
  /** Leading spaces and tabs, in characters. */
  indent: number;
  /** The text after the indentation. */
  content: string;
}

const keyPattern = /^((?:-[ \t]+)*)([^\s#:'"{[\]-][^#:]*?|'[^']*'|"[^"]*")[ \t]*:(?:[ \t]+|$)/u;

function lineAt(text: string, offset: number): Line {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', start);
  const raw = text.slice(start, end === -1 ? text.length : end).replace(/\r$/u, '');
  const indent = /^[ \t]*/u.exec(raw)?.[0].length ?? 0;
  let number = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < start; i = text.indexOf('\n', i + 1)) number++;
  return { number, start, indent, content: raw.slice(indent) };
}

const blank = (line: Line): boolean => line.content === '' || line.content.startsWith('#');

/** The lines above `line` that hold something other than a comment, nearest first. */
function* above(text: string, line: Line): Generator<Line> {
  for (let at = line.start - 1; at > 0; ) {
    const l = lineAt(text, at);
    if (!blank(l)) yield l;
    at = l.start - 1;
  }
}

/** The next line after `line` that holds something other than a comment. */
function below(text: string, line: Line): Line | undefined {
  for (let end = text.indexOf('\n', line.start); end !== -1; ) {
    const l = lineAt(text, end + 1);
    if (!blank(l)) return l;
    end = text.indexOf('\n', l.start);
  }
  return undefined;
}

/** A line's key (after any `- `), its column (1-based) and whether a value follows it on the line. */
function keyOf(line: Line): { name: string; column: number; valueOnLine: boolean } | undefined {
  const m = keyPattern.exec(line.content);
  if (!m) return undefined;
  const rest = line.content.slice(m[0].length).trim();
  return { name: (m[2] ?? '').replace(/`/gu, "'"), column: line.indent + (m[1]?.length ?? 0) + 1, valueOnLine: rest !== '' && !rest.startsWith('#') };
}

const isItem = (line: Line): boolean => /^-(?:[ \t]|$)/u.test(line.content);

/** `key: other: value` on one line: a mapping inside a mapping needs its own line or braces. */
function compactMapping(text: string, offset: number): Slip | undefined {
  const line = lineAt(text, offset);
  const outer = keyOf(line);
  const inner = /^([^\s#:'"{[\]-][^#:]*?)[ \t]*:(?:[ \t]|$)/u.exec(text.slice(offset, line.start + line.indent + line.content.length));
  if (!outer || !inner || offset < line.start + outer.column) return undefined;
  const name = (inner[1] ?? '').replace(/`/gu, "'");
  return {
    start: offset,
    end: offset + name.length,
    key: name,
    message: `\`${outer.name}:\` on line ${line.number} has \`${name}:\` after it on the same line, and a mapping cannot start there: put \`${name}:\` on a line of its own, indented under \`${outer.name}:\`, or write the mapping in braces, \`${outer.name}: { ${name}: ... }\``,
  };
}

/** The message for a list item under a key that already has a value on its line. */
function itemUnderValue(item: Line, parent: Line, name: string): Slip {
  const start = item.start + item.indent;
  return {
    start,
    end: start + 1,
    key: name,
    message: `the list item (\`-\`) on line ${item.number} is under \`${name}:\` on line ${parent.number}, which already has a value on its line: a key holds a value or a list, not both. Remove the value after \`${name}:\` to make the list its value (each item on a line of its own, starting with \`- \`), or remove the item`,
  };
}

/** A list item where a key was expected: under a key that has a value, or indented into the entry above it. */
function misplacedItem(text: string, offset: number): Slip | undefined {
  const here = lineAt(text, offset);
  if (!isItem(here)) {
    // The parser points at the value of `key: value` when a deeper list item follows it.
    const key = keyOf(here);
    const next = below(text, here);
    return key?.valueOnLine && next && isItem(next) && next.indent > here.indent ? itemUnderValue(next, here, key.name) : undefined;
  }
  // The parser points at an item's line: what is above it at its column, and left of it? Items
  // above at the same column are the same list; the line that holds the list is left of them.
  let first = here;
  let sameColumn: Line | undefined;
  for (const line of above(text, here)) {
    if (line.indent > here.indent) continue;
    if (line.indent === here.indent) {
      if (isItem(line)) {
        if (sameColumn) return undefined;
        first = line;
      } else sameColumn ??= line;
      continue;
    }
    const key = keyOf(line);
    if (isItem(line)) {
      const start = first.start + first.indent;
      return {
        start,
        end: start + 1,
        key: key?.name ?? '-',
        message: `the list item on line ${first.number} starts at column ${first.indent + 1}, inside the entry that begins on line ${line.number}: a new entry of that list starts at column ${line.indent + 1}, like the \`-\` on line ${line.number}, so indent it to column ${line.indent + 1}`,
      };
    }
    if (key?.valueOnLine && !sameColumn) return itemUnderValue(first, line, key.name);
    break;
  }
  const parent = sameColumn && keyOf(sameColumn);
  return sameColumn && parent?.valueOnLine ? itemUnderValue(first, sameColumn, parent.name) : undefined;
}

/** A key between the `-` of a list entry and the entry's first key ("Sequence item without - indicator"). */
function keyOutOfEntry(text: string, offset: number): Slip | undefined {
  const line = lineAt(text, offset);
  const key = keyOf(line);
  if (!key || isItem(line)) return undefined;
  for (const up of above(text, line)) {
    if (up.indent >= line.indent) continue;
    const first = keyOf(up);
    if (!isItem(up) || !first) return undefined;
    if (line.indent <= up.indent || key.column >= first.column) return undefined;
    const start = line.start + line.indent;
    return {
      start,
      end: start + key.name.length,
      key: key.name,
      message: `\`${key.name}:\` on line ${line.number} starts at column ${key.column}, but the keys of the list entry that begins on line ${up.number} start at column ${first.column}, like \`${first.name}:\`: indent it to column ${first.column}, or start a new entry with \`- \``,
    };
  }
  return undefined;
}

/**
 * A key less indented than the key above it, but more than the key that holds their mapping
 * (the parser reports it, or the blank line before it, as misaligned): it belongs to one of the
 * two levels, so both columns are named. Other misaligned keys are left to the caller.
 */
function shallowKey(text: string, offset: number): Slip | undefined {
  let line: Line | undefined = lineAt(text, offset);
  if (blank(line)) line = below(text, line);
  const key = line && keyOf(line);
  if (!line || !key || isItem(line)) return undefined;
  let inner: { line: Line; name: string; column: number } | undefined;
  for (const up of above(text, line)) {
    const k = keyOf(up);
    if (!k) continue;
    if (!inner) {
      if (k.column <= key.column) return undefined;
      inner = { line: up, name: k.name, column: k.column };
      continue;
    }
    if (k.column < key.column) {
      const start = line.start + line.indent;
      return {
        start,
        end: start + key.name.length,
        key: key.name,
        message: `\`${key.name}:\` on line ${line.number} starts at column ${key.column}, between the keys \`${inner.name}:\` on line ${inner.line.number} (column ${inner.column}) and \`${k.name}:\` on line ${up.number} (column ${k.column}): keys of one mapping start at the same column, so indent it to column ${inner.column}, like \`${inner.name}:\`, or to column ${k.column}, like \`${k.name}:\``,
      };
    }
  }
  return undefined;
}

/** A tab in the indentation: YAML indents with spaces only. */
function tabIndent(text: string, offset: number): Slip {
  const line = lineAt(text, offset);
  const start = line.start + text.slice(line.start, line.start + line.indent).indexOf('\t');
  const end = line.start + line.indent;
  let parent: Line | undefined;
  for (parent of above(text, line)) break;
  let hint = '';
  if (parent && !/\t/u.test(text.slice(parent.start, parent.start + parent.indent))) {
    const key = keyOf(parent);
    // A key without a value on its line opens a block: its content goes two columns deeper.
    if (key && !key.valueOnLine) hint = ` (to nest it under \`${key.name}:\` on line ${parent.number}, start it at column ${key.column + 2})`;
    else hint = ` (to line it up with line ${parent.number}, start it at column ${parent.indent + 1})`;
  }
  return {
    start,
    end: Math.max(end, start + 1),
    key: 'tab',
    message: `line ${line.number} is indented with a tab: YAML indents with spaces only, so replace the tab with spaces${hint}`,
  };
}

/**
 * What to fix for a parser problem that comes from indentation, or `undefined` when the problem
 * is not one of these slips (the caller then keeps its own message).
 */
export function indentationSlip(text: string, problem: { code: string; message: string; pos: readonly [number, number] }): Slip | undefined {
  const offset = problem.pos[0];
  switch (problem.code) {
    case 'TAB_AS_INDENT':
      return tabIndent(text, offset);
    case 'BLOCK_AS_IMPLICIT_KEY':
      return compactMapping(text, offset) ?? misplacedItem(text, offset);
    case 'BAD_INDENT':
      return shallowKey(text, offset);
    case 'MISSING_CHAR':
      return /without - indicator/u.test(problem.message) ? keyOutOfEntry(text, offset) : undefined;
    default:
      return undefined;
  }
}
