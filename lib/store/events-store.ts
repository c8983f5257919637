import type { InboxEvent } from '../events';
import { shouldReplace } from '../formats/merge';
import type { PulseDb } from './db';
import { markDirtyDays } from './dirty-days';

export interface WriteResult { added: number; updated: number; duplicates: number }

/**
 * Writes a batch in ONE transaction: all of it lands or none of it does, and replaying it changes nothing.
 * An event already stored is replaced only by the copy the merge rule prefers (formats/merge.ts: the
 * strongest attribution, then a live observation), the same rule the report command applies to files.
 * The same transaction marks the rollup days the written events can change (dirty-days.ts), so the
 * rollups can never silently miss a committed event; duplicates mark nothing.
 */
export async function putEvents(db: PulseDb, batch: readonly InboxEvent[]): Promise<WriteResult> {
  const tx = db.transaction(['events', 'meta', 'dirty_days'], 'readwrite', { durability: 'relaxed' });
  const store = tx.objectStore('events');
  const result: WriteResult = { added: 0, updated: 0, duplicates: 0 };
  const stored = await Promise.all(batch.map((e) => store.get(e.id)));
  // Later copies in the same batch compete with earlier ones, not only with what was stored.
  const current = new Map<string, InboxEvent | undefined>(batch.map((e, i) => [e.id, stored[i]]));
  const kept = new Map<string, InboxEvent>();
  for (const [i, event] of batch.entries()) {
    const old = current.get(event.id);
    if (!shouldReplace(old, event)) { result.duplicates++; continue; }
    if (!kept.has(event.id)) {
      if (stored[i]) result.updated++;
      else result.added++;
    }
    current.set(event.id, event);
    kept.set(event.id, event);
  }
  const written = [...kept.values()];
  await Promise.all([...written.map((e) => store.put(e)), markDirtyDays(tx, written), tx.done]);
  return result;
}

/** Events with from <= at < to, in time order; ISO strings of one format sort as instants do. */
export async function readEvents(db: PulseDb, from?: string, to?: string): Promise<InboxEvent[]> {
  const range = from && to ? IDBKeyRange.bound(from, to, false, true)
    : from ? IDBKeyRange.lowerBound(from) : to ? IDBKeyRange.upperBound(to, true) : undefined;
  return db.getAllFromIndex('events', 'at', range);
}

export async function countEvents(db: PulseDb): Promise<number> {
  return db.count('events');
}

/** One chat's events since an instant, for recomputing that chat's live episode. */
export async function readChatEvents(db: PulseDb, chat: string, since: string): Promise<InboxEvent[]> {
  return db.getAllFromIndex('events', 'chat_at', IDBKeyRange.bound([chat, since], [chat, '\uffff']));
}
