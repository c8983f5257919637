import { unwrap } from 'idb';
import { iso, type InboxEvent } from '../events';
import { byTimeThenId, shouldReplace } from '../formats/merge';
import { ChunkCache } from './chunk-cache';
import type { PulseDb } from './db';
import { dirtyDaysOf, markDirtyDays, type MarkingTx, readBasis, readMarkingContext } from './dirty-days';
import {
  CHUNK_KINDS, type ChatEvent, type ChunkKind, type EventChunk, LOG_STORES, type Log, type SpanStore, type StoredChunk, chatRange, chunkFrom, chunkOf, chunksOf, deleteChunk, getChunk, inRange, kindRange, logOf, putChunk, recordOf, spanOf,
} from './event-chunks';

export { type ChatEvent, isChatEvent, readChatTail } from './event-chunks';

/** This context's chunks, for the next batches' marking (the next batch of a chat usually follows this one's chunk). */
const cache = new ChunkCache();

export interface WriteResult { added: number; updated: number; duplicates: number }

/**
 * Writes a batch in ONE transaction: all of it lands or none of it does, and replaying it changes nothing.
 * An event already stored is replaced only by the copy the merge rule prefers (formats/merge.ts: the
 * strongest attribution, then a live observation), the same rule the report command applies to files.
 * The same transaction marks the rollup days the written events can change (dirty-days.ts), so the
 * rollups can never silently miss a committed event; duplicates mark nothing. What the marking reads
 * of the stored log is read along with the adds and before any stored chunk is moved
 * (dirty-days.ts readMarkingContext).
 *
 * Most events are new, so the batch is first `add`ed as new chunks (one per stream and hour,
 * event-chunks.ts); the unique `ids` index refuses a chunk holding an id already stored, and only
 * the ids of refused chunks are looked up and merged.
 */
export async function putEvents(db: PulseDb, batch: readonly InboxEvent[]): Promise<WriteResult> {
  const tx = db.transaction([...LOG_STORES, 'meta', 'dirty_days'], 'readwrite', { durability: 'relaxed' });
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
  const log = logOf(tx);
  const result: WriteResult = { added: 0, updated: 0, duplicates: 0 };
  const copies = copiesById(batch);
  const settled = new Map([...copies].map(([id, list]) => [id, settle(undefined, list)]));
  const candidates = [...settled.values()].map((s) => s.kept);
  const chunks = chunksOf(candidates);
  const basis = await readBasis(tx);
  // Issued in this order, without waiting in between: the marking's first read runs before the adds.
  const reading = readMarkingContext(tx, basis, candidates, new Set(chunks.map((c) => c.k)), cache);
  const adding = addUnlessStored(log, chunks);
  // Most batches are all new: their days are worked out while the adds run (in the database's
  // process), and again below only if some chunk was refused.
  const planning = reading.then((context) => context && { context, allNew: dirtyDaysOf(context, chunks.flatMap((c) => c.events)) });
  const [plan, refused] = await Promise.all([planning, adding]);
  const written: InboxEvent[] = [];
  for (const c of chunks) {
    if (refused.has(c)) continue;
    cache.add(c);
    for (const e of c.events) {
      result.added++;
      result.duplicates += settled.get(e.id)?.duplicates ?? 0;
      written.push(e);
    }
  }
  const ids = [...refused].flatMap((c) => c.ids);
  if (ids.length > 0) written.push(...await mergeStored(log, ids, copies, result));
  if (plan && written.length > 0) await markDirtyDays(tx, plan.context, refused.size === 0 ? plan.allNew : dirtyDaysOf(plan.context, written));
  return result;
}

/**
 * The slow path, for the ids of refused chunks: each is looked up by id (wherever its stored copy's
 * time put it), settled against its stored copy, and the kept copies are moved into new chunks
 * (taken out of their old ones first, so the unique index never sees an id twice).
 */
async function mergeStored(log: Log<'readwrite'>, ids: string[], copies: Map<string, InboxEvent[]>, result: WriteResult): Promise<InboxEvent[]> {
  const holders = new Set(await Promise.all(ids.map((id) => log.chunks.index('ids').getKey(id))));
  const held = new Map<number, EventChunk>();
  await Promise.all([...holders].map(async (k) => { if (k !== undefined) held.set(k, (await getChunk(log, k)) as EventChunk); }));
  const storedCopy = new Map<string, { chunk: number; event: InboxEvent }>();
  for (const [k, chunk] of held) for (const e of chunk.events) storedCopy.set(e.id, { chunk: k, event: e });
  const kept: InboxEvent[] = [];
  const moved = new Map<number, Set<string>>();
  for (const id of ids) {
    const old = storedCopy.get(id);
    const s = settle(old?.event, copies.get(id) ?? []);
    result.duplicates += s.duplicates;
    if (!s.kept) continue;
    kept.push(s.kept);
    if (!old) { result.added++; continue; }
    result.updated++;
    const set = moved.get(old.chunk);
    if (set) set.add(id);
    else moved.set(old.chunk, new Set([id]));
  }
  const writes: Promise<unknown>[] = [];
  for (const [k, gone] of moved) {
    const chunk = held.get(k) as EventChunk;
    writes.push(deleteChunk(log, chunk));
    const left = chunk.events.filter((e) => !gone.has(e.id));
    if (left.length > 0) writes.push(putChunk(log, chunkOf(chunk.stream, chunk.kind, left)));
  }
  for (const c of chunksOf(kept)) writes.push(putChunk(log, c));
  await Promise.all(writes);
  return kept;
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
 * Adds each chunk with plain requests, one promise for all, its span once it is in; resolves with
 * the chunks refused because one of their ids is already stored (a ConstraintError can only mean
 * that: their keys are fresh). Requests of a transaction complete in order, so the last chunk
 * settling means all have (its span, issued then, completes before anything issued later).
 * Any other error aborts the transaction.
 */
function addUnlessStored(log: Log<'readwrite'>, chunks: readonly EventChunk[]): Promise<Set<EventChunk>> {
  const [store, spans] = [unwrap(log.chunks), unwrap(log.spans)];
  return new Promise((resolve, reject) => {
    const refused = new Set<EventChunk>();
    if (chunks.length === 0) { resolve(refused); return; }
    for (const [i, c] of chunks.entries()) {
      const request = store.add(recordOf(c));
      const last = i === chunks.length - 1;
      request.onerror = (event) => {
        if (request.error?.name !== 'ConstraintError') { reject(request.error); return; }
        event.preventDefault(); // the transaction goes on
        event.stopPropagation();
        refused.add(c);
        if (last) resolve(refused);
      };
      request.onsuccess = () => {
        spans.add(spanOf(c));
        if (last) resolve(refused);
      };
    }
  });
}

const eventsOf = (records: readonly StoredChunk[], from?: string, to?: string): InboxEvent[] =>
  records.flatMap((r) => chunkFrom(r).events.filter((e) => inRange(e, from, to))).sort(byTimeThenId);

async function readKind(db: PulseDb, kind: ChunkKind, from?: string, to?: string): Promise<InboxEvent[]> {
  return eventsOf(await db.getAllFromIndex('chunks', 'kind_from', kindRange(kind, from, to)), from, to);
}

/** Events with from <= at < to, in time order (ties by id); ISO strings of one format sort as instants do. */
export async function readEvents(db: PulseDb, from?: string, to?: string): Promise<InboxEvent[]> {
  const parts = await Promise.all(CHUNK_KINDS.map((kind) => readKind(db, kind, from, to)));
  return parts.flat().sort(byTimeThenId);
}

/** How many events are stored: one entry of the `ids` index each. */
export async function countEvents(db: PulseDb): Promise<number> {
  return db.countFromIndex('chunks', 'ids');
}

/** Every chat's events with from <= at < to (UTC ms), in time order: status heartbeats are never read. */
export async function readChatEventsBetween(db: PulseDb, from: number, to: number): Promise<ChatEvent[]> {
  return readKind(db, 'chat', iso(from), iso(to)) as Promise<ChatEvent[]>;
}

/** Status events with from <= at < to (UTC ms), in time order. */
export async function readStatusEventsBetween(db: PulseDb, from: number, to: number): Promise<InboxEvent[]> {
  return readKind(db, 'status', iso(from), iso(to));
}

/** Every agent event (the agent directory's source). */
export async function readAgentEvents(db: PulseDb): Promise<InboxEvent[]> {
  return readKind(db, 'agent');
}

/** One chat's events (any site) with from <= at (< to), in time order. */
export async function readChatEvents(db: PulseDb, chat: string, since: string, to?: string): Promise<InboxEvent[]> {
  return eventsOf(await db.getAllFromIndex('chunks', 'stream_from', chatRange(chat, since, to)), since, to);
}

/** The earliest and the latest `at` stored, or null when no event is. */
export async function readTimeSpan(store: SpanStore): Promise<{ first: string; last: string } | null> {
  let first: string | null = null;
  let last: string | null = null;
  for (const kind of CHUNK_KINDS) {
    const head = await store.index('kind_from').openKeyCursor(kindRange(kind));
    if (!head) continue;
    if (first === null || head.key[1] < first) first = head.key[1];
    // The chunk starting last may not end last: every chunk starting within a span of it can.
    const tail = await store.index('kind_from').openKeyCursor(kindRange(kind), 'prev');
    const keys = await store.index('kind_from').getAllKeys(kindRange(kind, tail?.key[1] ?? ''));
    for (const key of keys) if (last === null || key[2] > last) last = key[2];
  }
  return first === null || last === null ? null : { first, last };
}

/**
 * Deletes the events with at < before (ISO), a page of chunks per transaction so a first run on a large
 * log never holds one huge transaction; a chunk across the cutoff keeps its later events. Returns
 * how many events were deleted.
 */
export async function pruneEventsBefore(db: PulseDb, before: string, page = 500): Promise<number> {
  let deleted = 0;
  for (const kind of CHUNK_KINDS) {
    for (;;) {
      const tx = db.transaction(LOG_STORES, 'readwrite');
      const log = logOf(tx);
      const chunks = (await log.chunks.index('kind_from').getAll(IDBKeyRange.bound([kind, ''], [kind, before], false, true), page)).map((r) => chunkFrom(r));
      const writes: Promise<unknown>[] = [];
      for (const c of chunks) {
        const left = c.events.filter((e) => e.at >= before);
        deleted += c.events.length - left.length;
        writes.push(deleteChunk(log, c));
        if (left.length > 0) writes.push(putChunk(log, chunkOf(c.stream, c.kind, left)));
      }
      await Promise.all([...writes, tx.done]);
      // Every chunk read starts before the cutoff, so it leaves the range: the next page is new.
      if (chunks.length < page) break;
    }
  }
  return deleted;
}
