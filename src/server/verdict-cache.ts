// The run page's verification verdict (digests, signatures, provenance, schemas, the ledger chain),
// cached by a stamp of the evidence it read. Verifying a run costs hundreds of milliseconds; the
// stamp (inodes, ctimes, sizes, the manifest's digest) costs about one — and any edit, even one
// whose mtime was reset afterwards, changes it, so a stale verdict is never shown.
export type Stamp = () => Promise<string>;

interface Entry<T> {
  readonly stamp: string;
  readonly value: Promise<T>;
}

export class VerdictCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly capacity = 256) {}

  /** The cached value for `key` when its stamp is unchanged, else `compute()` (shared by concurrent callers). */
  async get(key: string, stamp: Stamp, compute: () => Promise<T>): Promise<T> {
    const now = await stamp();
    const hit = this.entries.get(key);
    if (hit !== undefined && hit.stamp === now) {
      // Least recently used goes first: re-insert on every hit.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const value = compute();
    this.entries.set(key, { stamp: now, value });
    // A failed verification is not cached: the next view tries again.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
