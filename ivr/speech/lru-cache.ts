/**
 * A small least-recently-used cache bounded by entry count and by total size, for rendered
 * prompts held in memory (a WAV is 16 KB per second of speech).
 */
export class LruCache<V> {
  private readonly map = new Map<string, { value: V; size: number }>();
  private totalSize = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxSize: number,
    private readonly sizeOf: (value: V) => number,
  ) {}

  get(key: string): V | undefined {
    const entry = this.map.get(key);
    if (!entry) return undefined;
    // Re-inserting moves the key to the end: Map keeps insertion order, so the first is the oldest.
    this.map.delete(key);
    this.map.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V): void {
    this.delete(key);
    const size = this.sizeOf(value);
    if (size > this.maxSize) return; // would evict everything and still not fit
    this.map.set(key, { value, size });
    this.totalSize += size;
    while (this.map.size > this.maxEntries || this.totalSize > this.maxSize) {
      const oldest = this.map.keys().next().value as string;
      this.delete(oldest);
    }
  }

  delete(key: string): void {
    const entry = this.map.get(key);
    if (!entry) return;
    this.map.delete(key);
    this.totalSize -= entry.size;
  }

  get size(): number {
    return this.map.size;
  }

  get bytes(): number {
    return this.totalSize;
  }
}
