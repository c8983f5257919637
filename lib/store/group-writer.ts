import type { InboxEvent } from '../events';
import type { PulseDb } from './db';
import { putEvents } from './events-store';

/** A group never grows past this many events: a transaction's size and memory stay bounded. */
const MAX_GROUP_EVENTS = 20000;
/**
 * A burst's batches reach the worker one port message at a time, spread over up to a few hundred
 * ms by the tab that serialises them: the first write of a burst waits while more keep coming (up
 * to this many ms between two, and this long in all), so it takes the burst in one transaction
 * rather than starting alone and leaving the rest to queue behind it (10 000 events: about 15 000
 * → 17 000 events/s, a lone batch stored 25 ms later).
 */
const LINGER_MS = 25;
const LINGER_MAX_MS = 150;

interface Waiting {
  events: readonly InboxEvent[];
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit for batches that arrive while a write is running (a burst on the inbox port), or
 * while the first write of a burst waits for more (LINGER_MS): they are written together in one
 * transaction, so ten batches cost about what one large one does instead of ten (Chromium's
 * IndexedDB pays per transaction and per record, and a group holds fewer chunks, one per chat and
 * hour). Each batch settles once the transaction holding it committed.
 * Should a group fail, each of its batches is written alone, so one bad batch fails only itself.
 */
export function createGroupWriter(db: Promise<PulseDb>, put: (db: PulseDb, events: readonly InboxEvent[]) => Promise<unknown> = putEvents, lingerMs = LINGER_MS) {
  const queue: Waiting[] = [];
  let running = false;

  const writeGroup = async (group: Waiting[]): Promise<void> => {
    try {
      await put(await db, group.flatMap((w) => w.events));
      for (const w of group) w.resolve();
    } catch (error) {
      if (group.length === 1) {
        group[0].reject(error);
        return;
      }
      for (const w of group) await writeGroup([w]);
    }
  };

  const linger = async (): Promise<void> => {
    const deadline = Date.now() + LINGER_MAX_MS;
    for (let seen = -1; lingerMs > 0 && queue.length !== seen && Date.now() < deadline;) {
      seen = queue.length;
      await new Promise((r) => setTimeout(r, lingerMs));
    }
  };

  const drain = async (): Promise<void> => {
    running = true;
    await linger();
    while (queue.length > 0) {
      const group = [queue.shift() as Waiting];
      let size = group[0].events.length;
      while (queue.length > 0 && size + queue[0].events.length <= MAX_GROUP_EVENTS) {
        const next = queue.shift() as Waiting;
        size += next.events.length;
        group.push(next);
      }
      await writeGroup(group);
    }
    running = false;
  };

  return {
    /** Resolves once `events` are committed (with the batches grouped with them), rejects with the write's error. */
    write(events: readonly InboxEvent[]): Promise<void> {
      return new Promise((resolve, reject) => {
        queue.push({ events, resolve, reject });
        if (!running) void drain();
      });
    },
  };
}
