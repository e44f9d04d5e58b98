/**
 * The integer keys seen in one sample file, for the key uniqueness check. Ids mostly come in
 * increasing order (Kobo's `_id`, database exports): those are appended to a sorted typed array,
 * with no hashing and 8 bytes a key, and a key greater than the last one is new without any
 * lookup. A key that comes out of order is looked up there by binary search, and kept in a set.
 */
export class IntegerKeys {
  private sorted = new Float64Array(1024);
  private count = 0;
  /** Keys that came out of order: each was at most the last sorted key then, so it still is. */
  private readonly others = new Set<number>();

  get size(): number {
    return this.count + this.others.size;
  }

  /** Adds `key`; `false` when it was added before. */
  add(key: number): boolean {
    if (this.count === 0 || key > (this.sorted[this.count - 1] ?? 0)) {
      if (this.count === this.sorted.length) {
        const grown = new Float64Array(this.sorted.length * 2);
        grown.set(this.sorted);
        this.sorted = grown;
      }
      this.sorted[this.count++] = key;
      return true;
    }
    if (this.inSorted(key) || this.others.has(key)) return false;
    this.others.add(key);
    return true;
  }

  private inSorted(key: number): boolean {
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.sorted[mid] ?? 0;
      if (at === key) return true;
      if (at < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  clear(): void {
    this.count = 0;
    this.others.clear();
  }
}
