import jsyaml from 'js-yaml';
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node, Pair } from 'yaml';
import type { Position, Range } from './diagnostic.js';
import { parsePointer } from './pointer.js';

/** Node kinds, in the low two bits of a node's third integer. */
const Kind = { Other: 0, Mapping: 1, Sequence: 2 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

/**
 * The builders' working array, handed from one file's builder to the next: files are parsed one at
 * a time, and each builder keeps only the exact, packed result.
 */
let spare: Int32Array | undefined;

/**
 * Positions of every node of one file, in one js-yaml pass, kept compact: numbered in the order
 * nodes close, so a node's children come before it, each node is its start offset, its length,
 * the distance back to the first node of its subtree and its kind, in two 32-bit integers (see
 * {@link CompactTree}). No value or key is kept: a key's text is read back from the source when a
 * finding asks for it. A 20 MB design holds its positions in tens of megabytes, so they are built
 * once at load and never freed.
 */
export class PositionTreeBuilder {
  /** While building: three integers a node (start, end, first node of the subtree << 2 | kind). */
  #data: Int32Array;
  #count = 0;
  /** Per open node: start offset, number of children closed so far, and the result of the last. */
  readonly #starts: number[] = [];
  readonly #childCounts: number[] = [0];
  readonly #lastResults: unknown[] = [undefined];
  readonly #firstIndex: number[] = [];

  constructor(sizeHint = 0) {
    const wanted = 3 * Math.max(1024, sizeHint >> 3);
    if (spare && spare.length >= 3 * 1024) {
      this.#data = spare;
      spare = undefined;
    } else this.#data = new Int32Array(wanted);
  }

  /** Feed js-yaml listener events here. */
  event(event: 'open' | 'close', state: { position: number; kind: string | null; result: unknown }): void {
    if (event === 'open') {
      this.#starts.push(state.position);
      this.#childCounts.push(0);
      this.#lastResults.push(undefined);
      this.#firstIndex.push(this.#count);
      return;
    }
    const start = this.#starts.pop();
    const children = this.#childCounts.pop();
    const lastResult = this.#lastResults.pop();
    const first = this.#firstIndex.pop();
    if (start === undefined || children === undefined || first === undefined) return;
    const depth = this.#childCounts.length - 1;
    if (depth < 0) return;
    this.#childCounts[depth] = (this.#childCounts[depth] ?? 0) + 1;
    this.#lastResults[depth] = state.result;
    // A node whose only child has the same value is a wrapper js-yaml adds: the child stands for it.
    if (children === 1 && lastResult === state.result) {
      const child = 3 * (this.#count - 1);
      const data = this.#data;
      data[child] = Math.min(start, data[child] ?? start);
      return;
    }
    if (3 * (this.#count + 1) > this.#data.length) {
      const grown = new Int32Array(this.#data.length * 2);
      grown.set(this.#data);
      this.#data = grown;
    }
    const kind = state.kind === 'mapping' ? Kind.Mapping : state.kind === 'sequence' ? Kind.Sequence : Kind.Other;
    const at = 3 * this.#count;
    this.#data[at] = start;
    this.#data[at + 1] = state.position;
    this.#data[at + 2] = (first << 2) | kind;
    this.#count++;
  }

  /** The packed positions (read once, when the file is parsed: the working array goes to the next file's builder). */
  get tree(): CompactTree | undefined {
    const data = this.#data;
    const count = this.#count;
    spare = data;
    if (count === 0) return undefined;
    const starts = new Int32Array(count);
    const packed = new Uint32Array(count);
    const longEnds = new Map<number, number>();
    const farFirsts = new Map<number, number>();
    for (let n = 0; n < count; n++) {
      const start = data[3 * n] ?? 0;
      const end = data[3 * n + 1] ?? 0;
      const info = data[3 * n + 2] ?? 0;
      const length = end - start;
      const back = n - (info >> 2);
      const long = length < 0 || length >= maxLength;
      if (long) longEnds.set(n, end);
      if (back >= maxBack) farFirsts.set(n, info >> 2);
      starts[n] = start;
      packed[n] = ((long ? maxLength : length) | (Math.min(back, maxBack) << 18) | ((info & 3) << 16)) >>> 0;
    }
    return new CompactTree(starts, packed, longEnds, farFirsts);
  }
}

/** A node's length and its distance back to the first node of its subtree, when they fit (else the maps hold them). */
const maxLength = 0xffff;
const maxBack = 0x3fff;

/**
 * The positions of one file, as built by {@link PositionTreeBuilder}; the root is the last node.
 * Per node: its start offset, and one integer of its length (low 16 bits), kind (2 bits) and the
 * distance back to the first node of its subtree (high 14 bits); the few nodes longer than 64 KiB
 * or with a subtree of more than 16,382 nodes keep their end or first node in a map.
 */
class CompactTree {
  constructor(
    readonly starts: Int32Array,
    readonly packed: Uint32Array,
    readonly longEnds: ReadonlyMap<number, number>,
    readonly farFirsts: ReadonlyMap<number, number>,
  ) {}

  get root(): number {
    return this.starts.length - 1;
  }

  start(node: number): number {
    return this.starts[node] ?? 0;
  }

  end(node: number): number {
    const length = (this.packed[node] ?? 0) & maxLength;
    return length === maxLength ? (this.longEnds.get(node) ?? 0) : this.start(node) + length;
  }

  kind(node: number): Kind {
    const kind = ((this.packed[node] ?? 0) >>> 16) & 3;
    return kind === 1 ? Kind.Mapping : kind === 2 ? Kind.Sequence : Kind.Other;
  }

  /** The first node of the node's subtree (the node itself for a scalar). */
  first(node: number): number {
    const back = (this.packed[node] ?? 0) >>> 18;
    return back === maxBack ? (this.farFirsts.get(node) ?? node) : node - back;
  }

  /** Children lists of the nodes with many, kept once asked for: findings on every entry of a long list stay linear. */
  readonly #long = new Map<number, Int32Array>();

  readonly #keys = new Map<number, Map<string, number>>();

  /** Of a mapping with many keys: the position in its children of each key's first occurrence. */
  keyIndex(node: number, keyText: (key: number) => string): Map<string, number> {
    let index = this.#keys.get(node);
    if (!index) {
      index = new Map();
      const children = this.children(node);
      for (let i = 0; i + 1 < children.length; i += 2) {
        const text = keyText(children[i] ?? 0);
        if (!index.has(text)) index.set(text, i);
      }
      this.#keys.set(node, index);
    }
    return index;
  }

  /** The node's children in document order. */
  children(node: number): ArrayLike<number> {
    const known = this.#long.get(node);
    if (known) return known;
    const first = this.first(node);
    const out: number[] = [];
    for (let c = node - 1; c >= first; c = this.first(c) - 1) out.push(c);
    out.reverse();
    if (out.length >= 32) this.#long.set(node, Int32Array.from(out));
    return out;
  }
}

function positionTree(text: string): CompactTree | undefined {
  const builder = new PositionTreeBuilder(text.length);
  jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA, listener: (event, state) => { builder.event(event, state); } });
  return builder.tree;
}

/** Plain keys that read as themselves under the YAML 1.2 core schema. */
const plainStringKey = /^[A-Za-z_$][\w$\-./ ]*$/u;
const coreKeyword = /^(?:true|True|TRUE|false|False|FALSE|null|Null|NULL)$/u;

/** What a key written as `raw` (its source text) is as a JSON pointer segment. */
function keySegment(raw: string): string {
  if (plainStringKey.test(raw) && !coreKeyword.test(raw) && !raw.endsWith(' ')) return raw;
  try {
    return String(jsyaml.load(raw, { schema: jsyaml.CORE_SCHEMA }));
  } catch {
    return raw;
  }
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
  #lineStarts: Int32Array | undefined;
  #doc: Document | undefined;
  #tree: CompactTree | null | undefined;

  constructor(
    /** Posix path relative to the repository root. */
    readonly file: string,
    readonly text: string,
    doc?: Document,
    tree?: PositionTree,
  ) {
    this.#doc = doc;
    if (tree instanceof CompactTree) this.#tree = tree;
  }

  /** Whether positions are at hand (gathered while parsing, or built since) without parsing again. */
  get hasPositions(): boolean {
    return this.#doc !== undefined || (this.#tree !== undefined && this.#tree !== null);
  }

  /** Whether the `yaml` document (and so positions) has been built. */
  get hasDocument(): boolean {
    return this.#doc !== undefined;
  }

  /** Offsets where lines start, computed from the text when first asked for. */
  #starts(): Int32Array {
    if (this.#lineStarts === undefined) {
      const text = this.text;
      let lines = 1;
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
      const starts = new Int32Array(lines);
      let n = 1;
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts[n++] = i + 1;
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
    this.#doc ??= parseDocument(this.text, yamlOptions);
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

  /** A key node's text as a pointer segment. */
  #keyText(tree: CompactTree, key: number): string {
    const start = skipBlank(this.text, tree.start(key));
    return keySegment(this.text.slice(start, trimEnd(this.text, start, tree.end(key))));
  }

  #locateInTree(tree: CompactTree, pointer: string, target: LocateTarget): Range {
    const text = this.text;
    let node = tree.root;
    let key: number | undefined;
    let reachedEnd = true;
    for (const segment of parsePointer(pointer)) {
      let next: number | undefined;
      let nextKey: number | undefined;
      const kind = tree.kind(node);
      if (kind === Kind.Mapping) {
        const children = tree.children(node);
        const keys = children.length >= 32 ? tree.keyIndex(node, (k) => this.#keyText(tree, k)) : undefined;
        if (keys) {
          const i = keys.get(segment);
          if (i !== undefined) {
            nextKey = children[i];
            next = children[i + 1];
          }
        } else {
          for (let i = 0; i + 1 < children.length; i += 2) {
            const k = children[i] ?? 0;
            if (this.#keyText(tree, k) === segment) {
              nextKey = k;
              next = children[i + 1];
              break;
            }
          }
        }
      } else if (kind === Kind.Sequence) {
        const index = Number(segment);
        next = Number.isInteger(index) ? tree.children(node)[index] : undefined;
      }
      if (next === undefined) {
        reachedEnd = false;
        break;
      }
      key = nextKey;
      node = next;
    }
    if (key !== undefined && (target === 'key' || !reachedEnd)) {
      const start = skipBlank(text, tree.start(key));
      return this.range(start, trimEnd(text, start, tree.end(key)));
    }
    let start = skipBlank(text, tree.start(node));
    // An empty or comment-only document has no node to point at: use the start of the file.
    if (start >= text.length) start = 0;
    let end = trimEnd(text, start, tree.end(node));
    const kind = tree.kind(node);
    if (kind === Kind.Mapping || kind === Kind.Sequence) {
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
