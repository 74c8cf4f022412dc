import { describeValue, TricksError } from '@tftricks/core';

/**
 * A least-recently-used cache with a fixed capacity in entries.
 *
 * Image folders keep decoded images here so later epochs skip decoding, while memory stays
 * bounded at `capacity` entries (each H·W·C bytes for decoded uint8 images).
 */
export class LruCache<K, V> {
  /** Maximum number of entries, ≥ 0 (0 disables caching). */
  readonly capacity: number;
  /** Lookups that found an entry. */
  hits = 0;
  /** Lookups that found nothing. */
  misses = 0;
  /** Entries dropped to stay within capacity. */
  evictions = 0;
  /** The largest number of entries ever held (never above `capacity`). */
  peakSize = 0;
  // A Map iterates in insertion order, so re-inserting on access keeps the oldest entry first.
  private readonly entries = new Map<K, V>();

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0)
      throw new TricksError('LruCache', 'capacity', 'an integer ≥ 0', describeValue(capacity));
    this.capacity = capacity;
  }

  /** Number of entries held now. */
  get size(): number {
    return this.entries.size;
  }

  /** The value for `key` (marking it most recently used), or undefined. */
  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** Stores `value` as the most recently used entry, evicting the least recently used ones. */
  set(key: K, value: V): void {
    if (this.capacity === 0) return;
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as K;
      this.entries.delete(oldest);
      this.evictions++;
    }
    if (this.entries.size > this.peakSize) this.peakSize = this.entries.size;
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
