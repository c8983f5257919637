import { describe, expect, it } from 'vitest';
import type { InboxEvent } from '../../../lib/events';
import { ChunkCache } from '../../../lib/store/chunk-cache';
import { type EventChunk, chunkKey } from '../../../lib/store/event-chunks';

const chunk = (stream: string, n: string, size: number): EventChunk => ({
  stream, from: '2026-11-25T10:00:00.000Z', to: '2026-11-25T10:00:00.000Z', n, kind: 'chat',
  ids: Array.from({ length: size }, (_, i) => `${stream}:${n}:${i}`),
  events: Array.from({ length: size }, () => ({}) as InboxEvent),
});

describe('ChunkCache', () => {
  it('serves a chunk by its whole key only', () => {
    const cache = new ChunkCache();
    const a = chunk('chat\u0000a', 'x', 2);
    cache.add(chunkKey(a), a);
    expect(cache.get(chunkKey(a))).toBe(a);
    expect(cache.get(['chat\u0000b', a.from, a.to, 'x'])).toBeUndefined();
    expect(cache.get([a.stream, a.from, '2026-11-25T10:00:01.000Z', 'x'])).toBeUndefined();
  });

  it('holds at most maxEvents events, dropping the oldest chunks first', () => {
    const cache = new ChunkCache(10);
    const [a, b, c] = ['a', 'b', 'c'].map((n) => chunk('s', n, 4));
    for (const x of [a, b, c]) cache.add(chunkKey(x), x);
    expect(cache.get(chunkKey(a))).toBeUndefined();
    expect(cache.get(chunkKey(b))).toBe(b);
    expect(cache.get(chunkKey(c))).toBe(c);
    const huge = chunk('s', 'h', 11);
    cache.add(chunkKey(huge), huge);
    expect(cache.get(chunkKey(huge))).toBeUndefined();
    expect(cache.get(chunkKey(c))).toBe(c);
  });
});
