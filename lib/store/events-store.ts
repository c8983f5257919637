import { ATTRIBUTION_RANK, type InboxEvent } from '../events';
import type { PulseDb } from './db';
import { markDirtyDays } from './dirty-days';

export interface WriteResult { added: number; updated: number; duplicates: number }

const rank = (e: InboxEvent): number => (e.type === 'message' ? ATTRIBUTION_RANK[e.attribution] : 0);

/**
 * Writes a batch in ONE transaction: all of it lands or none of it does, and replaying it changes nothing.
 * A message already stored is only replaced by a stronger attribution (local > signature > none).
 * The same transaction marks the rollup days the written events can change (dirty-days.ts), so the
 * rollups can never silently miss a committed event; duplicates mark nothing.
 */
export async function putEvents(db: PulseDb, batch: readonly InboxEvent[]): Promise<WriteResult> {
  const tx = db.transaction(['events', 'meta', 'dirty_days'], 'readwrite', { durability: 'relaxed' });
  const store = tx.objectStore('events');
  const result: WriteResult = { added: 0, updated: 0, duplicates: 0 };
  const existing = await Promise.all(batch.map((e) => store.get(e.id)));
  const written: InboxEvent[] = [];
  const writes = batch.map((event, i) => {
    const old = existing[i];
    if (!old) result.added++;
    else if (rank(event) > rank(old)) result.updated++;
    else { result.duplicates++; return undefined; }
    written.push(event);
    return store.put(event);
  });
  await Promise.all([...writes, markDirtyDays(tx, written), tx.done]);
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
