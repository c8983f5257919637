import { unwrap } from 'idb';
import { iso, type InboxEvent } from '../events';
import { shouldReplace } from '../formats/merge';
import type { PulseDb } from './db';
import { markDirtyDays, type MarkingTx } from './dirty-days';

export interface WriteResult { added: number; updated: number; duplicates: number }

/**
 * Writes a batch in ONE transaction: all of it lands or none of it does, and replaying it changes nothing.
 * An event already stored is replaced only by the copy the merge rule prefers (formats/merge.ts: the
 * strongest attribution, then a live observation), the same rule the report command applies to files.
 * The same transaction marks the rollup days the written events can change (dirty-days.ts), so the
 * rollups can never silently miss a committed event; duplicates mark nothing.
 *
 * Most events are new, and each IndexedDB request costs far more than the JS around it, so every id
 * is first `add`ed as if new; only the ids that turn out to be stored are read and merged.
 */
export async function putEvents(db: PulseDb, batch: readonly InboxEvent[]): Promise<WriteResult> {
  const tx = db.transaction(['events', 'meta', 'dirty_days'], 'readwrite', { durability: 'relaxed' });
  const done = tx.done;
  try {
    const result = await writeBatch(tx, batch);
    await done;
    return result;
  } catch (error) {
    // A failure between requests would otherwise let the transaction commit what was issued so far.
    try { tx.abort(); } catch { /* a failed request already aborted it */ }
    await done.catch(() => undefined);
    throw error;
  }
}

async function writeBatch(tx: MarkingTx, batch: readonly InboxEvent[]): Promise<WriteResult> {
  const store = tx.objectStore('events');
  const raw = unwrap(store);
  const result: WriteResult = { added: 0, updated: 0, duplicates: 0 };
  const copies = copiesById(batch);
  const fresh = [...copies.values()].map((list) => settle(undefined, list));
  const stored = await addUnlessStored(raw, fresh.map((s) => s.kept));
  const written: InboxEvent[] = [];
  for (const s of fresh) {
    if (stored.has(s.kept.id)) continue;
    result.added++;
    result.duplicates += s.duplicates;
    written.push(s.kept);
  }
  const ids = [...stored];
  const old = await Promise.all(ids.map((id) => store.get(id)));
  ids.forEach((id, i) => {
    const s = settle(old[i], copies.get(id) ?? []);
    result.duplicates += s.duplicates;
    if (!s.kept) return;
    result.updated++;
    raw.put(s.kept);
    written.push(s.kept);
  });
  await markDirtyDays(tx, written);
  return result;
}

function copiesById(batch: readonly InboxEvent[]): Map<string, InboxEvent[]> {
  const copies = new Map<string, InboxEvent[]>();
  for (const e of batch) {
    const list = copies.get(e.id);
    if (list) list.push(e);
    else copies.set(e.id, [e]);
  }
  return copies;
}

interface Settled<K> { kept: K; duplicates: number }

/**
 * The copy of one id to write over `stored` (none when no copy is preferred to it; always one over
 * nothing), and how many copies lost. Later copies in the same batch compete with earlier ones,
 * not only with what was stored.
 */
function settle(stored: undefined, copies: readonly InboxEvent[]): Settled<InboxEvent>;
function settle(stored: InboxEvent | undefined, copies: readonly InboxEvent[]): Settled<InboxEvent | undefined>;
function settle(stored: InboxEvent | undefined, copies: readonly InboxEvent[]): Settled<InboxEvent | undefined> {
  let current = stored;
  let kept: InboxEvent | undefined;
  let duplicates = 0;
  for (const e of copies) {
    if (shouldReplace(current, e)) current = kept = e;
    else duplicates++;
  }
  return { kept, duplicates };
}

/**
 * Adds each event (distinct ids) with plain requests, one promise for all; resolves with the ids
 * already stored, whose `add` failed harmlessly (a ConstraintError can only mean that: no index is
 * unique). Requests of a transaction complete in order, so the last one settling means all have.
 * Any other error aborts the transaction.
 */
function addUnlessStored(store: IDBObjectStore, events: readonly InboxEvent[]): Promise<Set<string>> {
  return new Promise((resolve, reject) => {
    const stored = new Set<string>();
    if (events.length === 0) { resolve(stored); return; }
    for (const [i, e] of events.entries()) {
      const request = store.add(e);
      const last = i === events.length - 1;
      request.onerror = (event) => {
        if (request.error?.name !== 'ConstraintError') { reject(request.error); return; }
        event.preventDefault(); // the transaction goes on
        event.stopPropagation();
        stored.add(e.id);
        if (last) resolve(stored);
      };
      if (last) request.onsuccess = () => resolve(stored);
    }
  });
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

/** The events of a chat: messages, closes, returns to the bot (the ones with a `chat`). */
export type ChatEvent = Extract<InboxEvent, { chat: string }>;
export const CHAT_TYPES = ['message', 'close', 'return_to_bot'] as const;

/** Every chat's events with from <= at < to (UTC ms), by type: status heartbeats are never read. */
export async function readChatEventsBetween(db: PulseDb, from: number, to: number): Promise<ChatEvent[]> {
  const parts = await Promise.all(CHAT_TYPES.map((type) =>
    db.getAllFromIndex('events', 'type_at', IDBKeyRange.bound([type, iso(from)], [type, iso(to)], false, true))));
  return parts.flat() as ChatEvent[];
}

/** One chat's events since an instant, for recomputing that chat's live episode. */
export async function readChatEvents(db: PulseDb, chat: string, since: string): Promise<InboxEvent[]> {
  return db.getAllFromIndex('events', 'chat_at', IDBKeyRange.bound([chat, since], [chat, '\uffff']));
}
