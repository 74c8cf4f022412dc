import { TricksError } from '@tftricks/core';
import { describe, expect, it } from 'vitest';
import { LruCache } from './lru-cache';

describe('LruCache', () => {
  it('evicts the least recently used entry and never holds more than its capacity', () => {
    const c = new LruCache<number, string>(2);
    c.set(1, 'a');
    c.set(2, 'b');
    expect(c.get(1)).toBe('a'); // 1 is now the most recent
    c.set(3, 'c'); // evicts 2
    expect(c.has(2)).toBe(false);
    expect(c.get(1)).toBe('a');
    expect(c.get(3)).toBe('c');
    expect(c.get(2)).toBeUndefined();
    for (let i = 10; i < 30; i++) c.set(i, String(i));
    expect(c.size).toBe(2);
    expect(c.peakSize).toBe(2);
    expect(c.evictions).toBe(21);
    expect([c.hits, c.misses]).toEqual([3, 1]);
  });

  it('capacity 0 stores nothing; a bad capacity is a TricksError', () => {
    const c = new LruCache<number, number>(0);
    c.set(1, 1);
    expect(c.size).toBe(0);
    expect(() => new LruCache(-1)).toThrow(TricksError);
    expect(() => new LruCache(1.5)).toThrow(/capacity/);
  });
});
