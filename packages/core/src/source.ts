import jsyaml from 'js-yaml';
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node, Pair } from 'yaml';
import type { Position, Range } from './diagnostic.js';
import { parsePointer } from './pointer.js';

/** A node of the position tree built from js-yaml's listener: offsets, kind, value and children. */
interface PosNode {
  start: number;
  end: number;
  kind: string | null;
  result: unknown;
  children: PosNode[];
}

/**
 * Builds a position tree in one js-yaml pass (about 15 times faster than the `yaml` document).
 * Mapping children alternate key and value; a node whose only child has the same value is a
 * wrapper js-yaml adds and is folded into the child.
 */
export class PositionTreeBuilder {
  readonly #stack: PosNode[] = [{ start: 0, end: 0, kind: 'root', result: undefined, children: [] }];

  /** Feed js-yaml listener events here. */
  event(event: 'open' | 'close', state: { position: number; kind: string | null; result: unknown }): void {
    const stack = this.#stack;
    if (event === 'open') {
      stack.push({ start: state.position, end: state.position, kind: null, result: undefined, children: [] });
      return;
    }
    const node = stack.pop();
    const parent = stack[stack.length - 1];
    if (!node || !parent) return;
    node.end = state.position;
    node.kind = state.kind;
    node.result = state.result;
    const only = node.children.length === 1 ? node.children[0] : undefined;
    if (only && only.result === node.result) {
      only.start = Math.min(node.start, only.start);
      parent.children.push(only);
    } else parent.children.push(node);
  }

  get tree(): PosNode | undefined {
    return this.#stack[0]?.children[0];
  }
}

function positionTree(text: string): PosNode | undefined {
  const builder = new PositionTreeBuilder();
  jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA, listener: (event, state) => { builder.event(event, state); } });
  return builder.tree;
}

/** The first offset at or after `at` that is not white space or a comment. */
function skipBlank(text: string, at: number): number {
  let i = at;
  for (;;) {
    const c = text.charAt(i);
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') i++;
    else if (c === '#' && (i === 0 || /\s/u.test(text.charAt(i - 1)))) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl + 1;
    } else return i;
  }
}

/** The last offset before `at` that is not white space. */
function trimEnd(text: string, start: number, at: number): number {
  let i = at;
  while (i > start && /\s/u.test(text.charAt(i - 1))) i--;
  return i;
}

/** Positions gathered while parsing, opaque outside this module. */
export type PositionTree = object;

/** What a range should cover: the value at the pointer, or the key that names it. */
export type LocateTarget = 'value' | 'key';

const yamlOptions = { version: '1.2', schema: 'core', merge: false, uniqueKeys: false, strict: false } as const;

/**
 * The text of one file with offset-to-position conversion, and pointer-to-range lookup that builds
 * the `yaml` document only when first asked: files without findings never pay for positions.
 */
export class SourceFile {
  #lineStarts: number[] | undefined;
  #doc: Document | undefined;
  #tree: PosNode | null | undefined;
  /** Whether `#doc` was built here for positions (and may be dropped), rather than given. */
  #parsedHere = false;

  constructor(
    /** Posix path relative to the repository root. */
    readonly file: string,
    readonly text: string,
    doc?: Document,
    tree?: PositionTree,
  ) {
    this.#doc = doc;
    if (tree) this.#tree = tree as PosNode;
  }

  /** Drops what was built to find positions; they are built again if asked for. */
  releasePositions(): void {
    this.#tree = undefined;
    if (this.#parsedHere) this.#doc = undefined;
  }

  /** Whether the `yaml` document (and so positions) has been built. */
  get hasDocument(): boolean {
    return this.#doc !== undefined;
  }

  #starts(): number[] {
    if (this.#lineStarts === undefined) {
      const starts = [0];
      const text = this.text;
      let i = text.indexOf('\n');
      while (i !== -1) {
        starts.push(i + 1);
        i = text.indexOf('\n', i + 1);
      }
      this.#lineStarts = starts;
    }
    return this.#lineStarts;
  }

  /** 1-based line and column of a 0-based offset. */
  position(offset: number): Position {
    const starts = this.#starts();
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: clamped - (starts[lo] ?? 0) + 1 };
  }

  /** Range of the offsets [start, end). */
  range(start: number, end: number = start): Range {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  #document(): Document {
    if (!this.#doc) {
      this.#doc = parseDocument(this.text, yamlOptions);
      this.#parsedHere = true;
    }
    return this.#doc;
  }

  /**
   * Range of the node at `pointer`. Where the pointer goes further than the document, the deepest
   * node that exists is used: a finding about a missing key lands on its parent.
   */
  locate(pointer: string, target: LocateTarget = 'value'): Range {
    if (!this.#doc) {
      if (this.#tree === undefined) {
        try {
          this.#tree = positionTree(this.text) ?? null;
        } catch {
          this.#tree = null;
        }
      }
      if (this.#tree) return this.#locateInTree(this.#tree, pointer, target);
    }
    const doc = this.#document();
    let node: unknown = doc.contents;
    let pair: Pair | undefined;
    let reachedEnd = true;
    for (const segment of parsePointer(pointer)) {
      if (isAlias(node)) break;
      if (isMap(node)) {
        const found = node.items.find((p) => isPair(p) && keyText(p.key) === segment);
        if (!found) {
          reachedEnd = false;
          break;
        }
        pair = found;
        node = found.value;
      } else if (isSeq(node)) {
        const index = Number(segment);
        const item: unknown = Number.isInteger(index) ? node.items[index] : undefined;
        if (item === undefined) {
          reachedEnd = false;
          break;
        }
        pair = undefined;
        node = item;
      } else {
        reachedEnd = false;
        break;
      }
    }
    const keyNode = pair?.key as Node | null | undefined;
    if (keyNode?.range && (target === 'key' || !reachedEnd || !hasRange(node))) {
      return this.range(keyNode.range[0], keyNode.range[1]);
    }
    if (hasRange(node)) {
      const [start, valueEnd] = node.range;
      // Collections span many lines: point at their first line only.
      const lineEnd = this.text.indexOf('\n', start);
      const end = isMap(node) || isSeq(node) ? Math.min(valueEnd, lineEnd === -1 ? valueEnd : lineEnd) : valueEnd;
      return this.range(start, end);
    }
    return this.range(firstContentOffset(this.text));
  }

  #locateInTree(root: PosNode, pointer: string, target: LocateTarget): Range {
    const text = this.text;
    let node = root;
    let key: PosNode | undefined;
    let reachedEnd = true;
    for (const segment of parsePointer(pointer)) {
      let next: PosNode | undefined;
      let nextKey: PosNode | undefined;
      if (node.kind === 'mapping') {
        for (let i = 0; i + 1 < node.children.length; i += 2) {
          const k = node.children[i];
          if (k && String(k.result) === segment) {
            nextKey = k;
            next = node.children[i + 1];
            break;
          }
        }
      } else if (node.kind === 'sequence') {
        const index = Number(segment);
        next = Number.isInteger(index) ? node.children[index] : undefined;
      }
      if (!next) {
        reachedEnd = false;
        break;
      }
      key = nextKey;
      node = next;
    }
    if (key && (target === 'key' || !reachedEnd)) {
      const start = skipBlank(text, key.start);
      return this.range(start, trimEnd(text, start, key.end));
    }
    let start = skipBlank(text, node.start);
    // An empty or comment-only document has no node to point at: use the start of the file.
    if (start >= text.length) start = 0;
    let end = trimEnd(text, start, node.end);
    if (node.kind === 'mapping' || node.kind === 'sequence') {
      const lineEnd = text.indexOf('\n', start);
      if (lineEnd !== -1) end = Math.min(end, trimEnd(text, start, lineEnd));
    }
    return this.range(start, Math.max(start, end));
  }
}

function hasRange(node: unknown): node is Node & { range: [number, number, number] } {
  return node !== null && typeof node === 'object' && 'range' in node && Array.isArray((node as Node).range);
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

/** Offset of the first character that is not white space, a comment or a BOM. */
function firstContentOffset(text: string): number {
  const m = /^(?:\s|#[^\n]*)*/u.exec(text);
  const offset = m ? m[0].length : 0;
  return offset >= text.length ? 0 : offset;
}
