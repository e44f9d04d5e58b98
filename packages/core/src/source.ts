import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node, Pair } from 'yaml';
import type { Position, Range } from './diagnostic.js';
import { parsePointer } from './pointer.js';

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

  constructor(
    /** Posix path relative to the repository root. */
    readonly file: string,
    readonly text: string,
    doc?: Document,
  ) {
    this.#doc = doc;
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
    this.#doc ??= parseDocument(this.text, yamlOptions);
    return this.#doc;
  }

  /**
   * Range of the node at `pointer`. Where the pointer goes further than the document, the deepest
   * node that exists is used: a finding about a missing key lands on its parent.
   */
  locate(pointer: string, target: LocateTarget = 'value'): Range {
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
