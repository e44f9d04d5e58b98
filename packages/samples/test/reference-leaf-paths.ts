// LeafPaths as it was before records of one shape skipped the key lookups (commit 3daa4f7), kept
// verbatim as the reference leaf-paths.test.ts compares the current one with. Not used by the package.

/** As in check.ts. */
const sampleLimits = { maxLeafPaths: 5000 };

const plainKey = /^[^.[\]"'\s]+$/u;
const keyText = new Map<string, string>();

/** A key as a path step, cached: most records repeat the same keys. */
function step(key: string): string {
  let text = keyText.get(key);
  if (text === undefined) {
    text = plainKey.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
    if (keyText.size < 100_000) keyText.set(key, text);
  }
  return text;
}

interface LeafNode {
  keys: Map<string, LeafNode> | undefined;
  /** Array items, all under one `[]` step. */
  each: LeafNode | undefined;
  leaf: boolean;
}

/**
 * The distinct leaf paths of many records (arrays as `[]`, in the field-path grammar), as a tree
 * of keys: a record whose shape was seen before costs map lookups only, no path strings.
 */
export class LeafPaths {
  private readonly root: LeafNode = { keys: undefined, each: undefined, leaf: false };
  private leaves = 0;

  add(record: unknown): void {
    this.walk(record, this.root, 0);
  }

  /** Recursive, but never deeper than 64 levels: deeper values count as leaves. */
  private walk(value: unknown, node: LeafNode, depth: number): void {
    if (value === null || typeof value !== 'object' || depth >= 64) {
      this.mark(node);
      return;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) this.mark(node);
      else {
        const child = (node.each ??= this.grow());
        if (child) for (const item of value as unknown[]) this.walk(item, child, depth + 1);
      }
      return;
    }
    let empty = true;
    for (const key in value) {
      empty = false;
      let child = node.keys?.get(key);
      if (!child) {
        child = this.grow();
        if (!child) continue;
        (node.keys ??= new Map()).set(key, child);
      }
      this.walk((value as Record<string, unknown>)[key], child, depth + 1);
    }
    if (empty) this.mark(node);
  }

  /** A new node, unless the tree already holds as many leaves as the limit allows. */
  private grow(): LeafNode | undefined {
    return this.leaves < sampleLimits.maxLeafPaths ? { keys: undefined, each: undefined, leaf: false } : undefined;
  }

  private mark(node: LeafNode): void {
    if (node === this.root || node.leaf || this.leaves >= sampleLimits.maxLeafPaths) return;
    node.leaf = true;
    this.leaves++;
  }

  paths(): string[] {
    const out: string[] = [];
    const stack: [LeafNode, string][] = [[this.root, '']];
    for (let entry = stack.pop(); entry; entry = stack.pop()) {
      const [node, prefix] = entry;
      if (node.leaf) out.push(prefix.startsWith('.') ? prefix.slice(1) : prefix);
      if (node.each) stack.push([node.each, `${prefix}[]`]);
      for (const [key, child] of node.keys ?? []) stack.push([child, prefix + step(key)]);
    }
    return out.sort();
  }
}

