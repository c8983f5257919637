import { type EventChunk, type Log, getChunk } from './event-chunks';

/**
 * Chunks by key, for the worker's repeated reads: the dirty-day marking reads the latest chunks of
 * the chats a batch touches, which are most often the ones the previous batch wrote; the live board
 * reads a touched chat's week at every flush. Exact without any invalidation: a chunk never changes
 * under its key (chunks are only added or deleted, and keys are fresh each time, so a deleted key
 * is never listed again), and the readers only look up keys they have just listed from the
 * database. Bounded by the events it holds; the oldest entries go first.
 * Writers hand their events over and readers get the same objects: neither may change them.
 */
export class ChunkCache {
  private readonly chunks = new Map<number, EventChunk>();
  private events = 0;

  constructor(private readonly maxEvents = 20_000) {}

  get(k: number): EventChunk | undefined {
    return this.chunks.get(k);
  }

  /** The chunk under `k`: from here, else read from `log` and kept. */
  async read(log: Log, k: number): Promise<EventChunk | undefined> {
    const known = this.chunks.get(k);
    if (known) return known;
    const chunk = await getChunk(log, k);
    if (chunk) this.add(chunk);
    return chunk;
  }

  add(chunk: EventChunk): void {
    if (this.chunks.has(chunk.k) || chunk.events.length > this.maxEvents) return;
    this.chunks.set(chunk.k, chunk);
    this.events += chunk.events.length;
    for (const [oldest, c] of this.chunks) {
      if (this.events <= this.maxEvents) break;
      this.chunks.delete(oldest);
      this.events -= c.events.length;
    }
  }
}
