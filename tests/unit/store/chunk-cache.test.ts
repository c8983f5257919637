import { describe, expect, it } from 'vitest';
import type { InboxEvent } from '../../../lib/events';
import { ChunkCache } from '../../../lib/store/chunk-cache';
import type { EventChunk } from '../../../lib/store/event-chunks';

const chunk = (k: number, size: number): EventChunk => ({
  k, stream: 's', from: '2026-11-25T10:00:00.000Z', to: '2026-11-25T10:00:00.000Z', kind: 'chat',
  ids: Array.from({ length: size }, (_, i) => `${k}:${i}`),
  events: Array.from({ length: size }, () => ({}) as InboxEvent),
});

describe('ChunkCache', () => {
  it('serves a chunk by its key', () => {
    const cache = new ChunkCache();
    const a = chunk(7, 2);
    cache.add(a);
    expect(cache.get(7)).toBe(a);
    expect(cache.get(8)).toBeUndefined();
  });

  it('holds at most maxEvents events, dropping the oldest chunks first', () => {
    const cache = new ChunkCache(10);
    const [a, b, c] = [1, 2, 3].map((k) => chunk(k, 4));
    for (const x of [a, b, c]) cache.add(x);
    expect(cache.get(a.k)).toBeUndefined();
    expect(cache.get(b.k)).toBe(b);
    expect(cache.get(c.k)).toBe(c);
    const huge = chunk(4, 11);
    cache.add(huge);
    expect(cache.get(huge.k)).toBeUndefined();
    expect(cache.get(c.k)).toBe(c);
  });
});
