import type { InboxEvent } from '../events';
import type { PulseDb } from './db';
import { putEvents, type WriteResult } from './events-store';

/** A group never grows past this many events: a transaction's size and memory stay bounded. */
const MAX_GROUP_EVENTS = 20000;
/**
 * A burst's batches reach the worker one port message at a time, spread over tens of ms by the tab
 * that serialises them, each but the last saying more follow: the first write of a burst waits for
 * them (while they keep coming, up to this many ms between two, and this long in all), so it takes
 * the burst in one transaction rather than starting alone and leaving the rest to queue behind it.
 * A batch that says nothing more follows is written at once.
 */
const LINGER_MS = 25;
const LINGER_MAX_MS = 150;

interface Waiting {
  events: readonly InboxEvent[];
  more: boolean;
  resolve(result: WriteResult): void;
  reject(error: unknown): void;
}

/**
 * Group commit for batches that arrive while a write is running (a burst on the inbox port), or
 * while the first write of a burst waits for more (LINGER_MS): they are written together in one
 * transaction, so ten batches cost about what one large one does instead of ten (Chromium's
 * IndexedDB pays per transaction and per record, and a group holds fewer chunks, one per chat and
 * hour). Each batch settles once the transaction holding it committed, with that transaction's
 * counts (the whole group's).
 * Should a group fail, each of its batches is written alone, so one bad batch fails only itself.
 */
export function createGroupWriter(db: Promise<PulseDb>, put: (db: PulseDb, events: readonly InboxEvent[]) => Promise<WriteResult> = putEvents, lingerMs = LINGER_MS) {
  const queue: Waiting[] = [];
  let running = false;
  /** Ends the linger's current wait: set while it waits. */
  let wake: (() => void) | undefined;

  const writeGroup = async (group: Waiting[]): Promise<void> => {
    try {
      const result = await put(await db, group.flatMap((w) => w.events));
      for (const w of group) w.resolve(result);
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
    for (let seen = -1; lingerMs > 0 && queue.at(-1)?.more && queue.length !== seen && Date.now() < deadline;) {
      seen = queue.length;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, lingerMs);
        wake = () => { clearTimeout(timer); resolve(); };
      });
      wake = undefined;
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
    /**
     * Resolves once `events` are committed (with the batches grouped with them), with the
     * transaction's counts; rejects with the write's error. `more`: the sender has further batches
     * of the same burst on their way.
     */
    write(events: readonly InboxEvent[], more = false): Promise<WriteResult> {
      return new Promise((resolve, reject) => {
        queue.push({ events, more, resolve, reject });
        if (!more) wake?.();
        if (!running) void drain();
      });
    },
  };
}
