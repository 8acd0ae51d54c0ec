import { describe, expect, it } from 'vitest';
import { RecencyMap } from '../../src/controllers/recency-map.js';

describe('RecencyMap', () => {
  it('lists values in order of last update', () => {
    const m = new RecencyMap<string, number>(10);
    m.set('a', 1);
    m.set('b', 2);
    m.set('a', 3);
    expect(m.values()).toEqual([2, 3]);
    expect(m.get('a')).toBe(3);
  });

  it('drops the least recently set entry past the limit', () => {
    const m = new RecencyMap<string, number>(2);
    m.set('a', 1);
    m.set('b', 2);
    m.set('a', 3);
    m.set('c', 4);
    expect(m.get('b')).toBeUndefined();
    expect(m.values()).toEqual([3, 4]);
    expect(m.size).toBe(2);
  });

  it('keeps order and bound across many updates (compaction)', () => {
    const m = new RecencyMap<number, number>(100);
    for (let i = 0; i < 50_000; i++) m.set(i % 150, i);
    expect(m.size).toBe(100);
    const v = m.values();
    expect(v).toEqual([...v].sort((x, y) => x - y));
    expect(v.at(-1)).toBe(49_999);
  });

  it('releases evicted entries when full: the internal log stays bounded (memory leak M1)', () => {
    const m = new RecencyMap<string, number>(10);
    for (let i = 0; i < 20_000; i++) m.set(`k${i}`, i);
    expect(m.size).toBe(10);
    expect(m.logLength).toBeLessThanOrEqual(2 * 10 + 1025);
    expect(m.values()).toEqual(Array.from({ length: 10 }, (_, i) => 19_990 + i));
  });
});
