import { unwrap } from 'idb';
import { iso, type InboxEvent, type LinkEvent, linkId, messageId, type MessageEvent } from '../events';
import { byTimeThenId, shouldReplace } from '../formats/merge';
import { ChunkCache } from './chunk-cache';
import { allInSlices } from './in-slices';
import type { PulseDb } from './db';
import { dirtyDaysOf, markDirtyDays, type MarkingTx, readBasis, readMarkingContext } from './dirty-days';
import {
  CHUNK_KINDS, type ChatEvent, type ChunkKind, type EventChunk, LOG_STORES, type Log, chatRange, chunkFrom, chunkOf, chunksOf, deleteChunk, eventsIn, eventsOf, getChunk, kindRange, logOf, putChunk, recordOf, spanOf,
} from './event-chunks';

export { type ChatEvent, isChatEvent, readChatTail } from './event-chunks';

/** This context's chunks, for the next batches' marking (the next batch of a chat usually follows this one's chunk). */
const cache = new ChunkCache();

export interface WriteResult {
  added: number;
  updated: number;
  /** Copies that changed nothing: an id stored already, or a message a link supersedes. */
  duplicates: number;
  /** Stored messages deleted because a link of the batch supersedes them. */
  removed: number;
}

/**
 * Writes a batch in ONE transaction: all of it lands or none of it does, and replaying it changes nothing.
 * An event already stored is replaced only by the copy the merge rule prefers (formats/merge.ts: the
 * strongest attribution, then a live observation), the same rule the report command applies to files.
 * A link (events.ts LinkEvent) is stored, and the message it supersedes is not, wherever it is: in
 * the batch (dropped), in the store (deleted), or arriving after the link (not stored).
 * The same transaction marks the rollup days the written or deleted events can change
 * (dirty-days.ts), so the rollups can never silently miss a committed change; duplicates mark nothing.
 * What the marking reads of the stored log is read along with the adds and before any stored chunk
 * is moved (dirty-days.ts readMarkingContext).
 *
 * Most events are new, so the batch is grouped into new chunks (one per stream and hour,
 * event-chunks.ts) and a few counts over the `ids` index tell which chunks may hold an id already
 * stored (mayHoldStored); the others are added as they are, and only the ids of those few are
 * looked up and merged. The transaction is read-write over the log, so no other write can store
 * an id between the counts and the adds: an id is stored once, never twice. Its durability is
 * strict: once it resolves, the batch survives a crash (the worker then acknowledges it, and the
 * tab forgets it).
 */
export async function putEvents(db: PulseDb, batch: readonly InboxEvent[]): Promise<WriteResult> {
  const tx = db.transaction([...LOG_STORES, 'meta', 'dirty_days'], 'readwrite', { durability: 'strict' });
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

const isLink = (e: InboxEvent): e is LinkEvent => e.type === 'link';
const isMessage = (e: InboxEvent): e is MessageEvent => e.type === 'message';
/** The message event a link supersedes. */
const supersededId = (l: LinkEvent): string => messageId(l.site, l.chat, l.msg);

async function writeBatch(tx: MarkingTx, batch: readonly InboxEvent[]): Promise<WriteResult> {
  const log = logOf(tx);
  const result: WriteResult = { added: 0, updated: 0, duplicates: 0, removed: 0 };
  const superseded = new Set(batch.filter(isLink).map(supersededId));
  const [basis, linked, doomed] = await Promise.all([readBasis(tx), linkedMessages(log, batch), storedCopies(log, [...superseded])]);
  const copies = copiesById(batch.filter((e) => {
    const drop = superseded.has(e.id) || linked.has(e.id);
    if (drop) result.duplicates++;
    return !drop;
  }));
  const settled = new Map([...copies].map(([id, list]) => [id, settle(undefined, list)]));
  const candidates = [...settled.values()].map((s) => s.kept);
  const chunks = chunksOf(candidates);
  const deleted = [...doomed.values()].map((h) => h.event);
  // Issued in this order, without waiting in between: the marking's first read runs before the adds.
  const reading = readMarkingContext(tx, basis, [...candidates, ...deleted], new Set(chunks.map((c) => c.k)), cache);
  const adding = mayHoldStored(log, chunks).then((suspects) => {
    addChunks(log, chunks.filter((c) => !suspects.has(c)));
    return suspects;
  });
  // Most batches are all new: their days are worked out while the adds run (in the database's
  // process), and again below only if some chunk was a suspect or a stored message goes.
  const planning = reading.then((context) => context && { context, allNew: dirtyDaysOf(context, chunks.flatMap((c) => c.events)) });
  const [plan, suspects] = await Promise.all([planning, adding]);
  const written: InboxEvent[] = [];
  for (const c of chunks) {
    if (suspects.has(c)) continue;
    cache.add(c);
    for (const e of c.events) {
      result.added++;
      result.duplicates += settled.get(e.id)?.duplicates ?? 0;
      written.push(e);
    }
  }
  const ids = [...suspects].flatMap((c) => c.ids);
  const slow = ids.length > 0 || doomed.size > 0;
  // Not a spread: an import's changes can outnumber a call's arguments.
  if (slow) for (const e of await mergeStored(log, ids, copies, doomed, result)) written.push(e);
  if (plan && written.length > 0) markDirtyDays(tx, plan.context, slow ? dirtyDaysOf(plan.context, written) : plan.allNew);
  return result;
}

/** A stored event and the chunk holding it. */
interface Held { chunk: EventChunk; event: InboxEvent }

/** The stored copy of each of `ids` that is stored (looked up by id: wherever its time put it). */
async function storedCopies(log: Log, ids: readonly string[]): Promise<Map<string, Held>> {
  const out = new Map<string, Held>();
  if (ids.length === 0) return out;
  const index = log.chunks.index('ids');
  const holders = new Set(await allInSlices(ids, (id) => index.getKey(id)));
  holders.delete(undefined);
  const chunks = await allInSlices([...holders] as number[], (k) => getChunk(log, k));
  const wanted = new Set(ids);
  for (const chunk of chunks) for (const event of chunk?.events ?? []) if (wanted.has(event.id)) out.set(event.id, { chunk: chunk as EventChunk, event });
  return out;
}

/**
 * The slow path, for the ids of suspect chunks (mayHoldStored) and the stored messages the batch's
 * links supersede (`doomed`): each id is settled against its stored copy, and the kept copies are
 * moved into new chunks, taken out of their old ones; the doomed messages are only taken out.
 * Returns what changed: the kept copies and the deleted messages.
 */
async function mergeStored(log: Log<'readwrite'>, ids: string[], copies: Map<string, InboxEvent[]>, doomed: Map<string, Held>, result: WriteResult): Promise<InboxEvent[]> {
  const stored = await storedCopies(log, ids);
  const deleted: InboxEvent[] = [];
  const kept: InboxEvent[] = [];
  const leaving = new Map<number, { chunk: EventChunk; gone: Set<string> }>();
  const takeOut = ({ chunk, event }: Held): void => {
    const entry = leaving.get(chunk.k);
    if (entry) entry.gone.add(event.id);
    else leaving.set(chunk.k, { chunk, gone: new Set([event.id]) });
  };
  for (const id of ids) {
    const old = stored.get(id);
    const s = settle(old?.event, copies.get(id) ?? []);
    result.duplicates += s.duplicates;
    if (!s.kept) continue;
    kept.push(s.kept);
    if (!old) { result.added++; continue; }
    result.updated++;
    takeOut(old);
  }
  for (const held of doomed.values()) {
    result.removed++;
    deleted.push(held.event);
    takeOut(held);
  }
  const writes: Array<() => Promise<unknown>> = [];
  for (const { chunk, gone } of leaving.values()) {
    writes.push(() => deleteChunk(log, chunk));
    const left = chunk.events.filter((e) => !gone.has(e.id));
    if (left.length > 0) writes.push(() => putChunk(log, chunkOf(chunk.stream, chunk.kind, left)));
  }
  for (const c of chunksOf(kept)) writes.push(() => putChunk(log, c));
  await allInSlices(writes, (write) => write());
  return kept.concat(deleted);
}

/**
 * The batch's messages that a stored link supersedes (an older file imported after the link was
 * recorded): the batch's link ids are counted in runs (storedIds), so a batch with none stored costs
 * a count per chat.
 */
async function linkedMessages(log: Log, batch: readonly InboxEvent[]): Promise<Set<string>> {
  const byLink = new Map(batch.filter(isMessage).map((e) => [linkId(e.site, e.chat, e.msg), e.id]));
  const stored = await storedIds(log, [...byLink.keys()]);
  return new Set([...stored].map((id) => byLink.get(id) as string));
}

/** Which of `ids` are stored: one count per run of ids (idRuns), then a lookup of each id of the runs that counted some. */
async function storedIds(log: Log, ids: readonly string[]): Promise<Set<string>> {
  const index = log.chunks.index('ids');
  const found = new Set<string>();
  await allInSlices([...idGroups(ids).values()], async (group) => {
    const [least, greatest] = runOf(group);
    if (await index.count(IDBKeyRange.bound(least, greatest)) === 0) return;
    const keys = await allInSlices(group, (id) => index.getKey(id));
    group.forEach((id, i) => { if (keys[i] !== undefined) found.add(id); });
  });
  return found;
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
 * The chunks that may hold an id already stored: one count over the `ids` index per run of a
 * chunk's ids that share all but their last part (a chat's messages, say), from the run's least id
 * to its greatest. A count can take in stored ids of the chat outside the batch, so a chunk it
 * names is only a suspect (mergeStored looks its ids up one by one); a zero clears every id in the
 * run with one seek, where a unique index would seek once per id.
 */
async function mayHoldStored(log: Log<'readwrite'>, chunks: readonly EventChunk[]): Promise<Set<EventChunk>> {
  const index = log.chunks.index('ids');
  const suspects = new Set<EventChunk>();
  await allInSlices(chunks.flatMap((c) => idRuns(c.ids).map((run) => ({ c, run }))), async ({ c, run: [least, greatest] }) => {
    if (await index.count(IDBKeyRange.bound(least, greatest)) > 0) suspects.add(c);
  });
  return suspects;
}

/** `ids` grouped by everything before their last ':' (a chat's messages, say). */
function idGroups(ids: readonly string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const id of ids) {
    const prefix = id.slice(0, id.lastIndexOf(':') + 1);
    const group = groups.get(prefix);
    if (group) group.push(id);
    else groups.set(prefix, [id]);
  }
  return groups;
}

function runOf(group: readonly string[]): [string, string] {
  let [least, greatest] = [group[0], group[0]];
  for (const id of group) {
    if (id < least) least = id;
    else if (id > greatest) greatest = id;
  }
  return [least, greatest];
}

/** [least, greatest] of each run of `ids` sharing everything before their last ':'. */
export const idRuns = (ids: readonly string[]): Array<[string, string]> => [...idGroups(ids).values()].map(runOf);

/**
 * Adds the chunks and their spans with plain requests, waiting for none: a failed one aborts the
 * transaction, which putEvents awaits, so all of them land or none does.
 */
function addChunks(log: Log<'readwrite'>, chunks: readonly EventChunk[]): void {
  const [store, spans] = [unwrap(log.chunks), unwrap(log.spans)];
  for (const c of chunks) {
    store.add(recordOf(c));
    spans.add(spanOf(c));
  }
}

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

/**
 * One chat's events (any site) with since <= at (< to), in time order. With a `cache`, for a reader
 * that reads the same chats again and again (the live board), the chat's span keys are listed and
 * only the chunks the cache lacks are read (and kept there).
 */
export async function readChatEvents(db: PulseDb, chat: string, { since, to, cache }: { since: string; to?: string; cache?: ChunkCache }): Promise<InboxEvent[]> {
  if (!cache) return eventsOf(await db.getAllFromIndex('chunks', 'stream_from', chatRange(chat, since, to)), since, to);
  const log = logOf(db.transaction(LOG_STORES));
  const keys = await log.spans.getAllKeys(chatRange(chat, since, to));
  return eventsIn(await Promise.all(keys.map(([, , , k]) => cache.read(log, k))), since, to);
}

/**
 * Deletes the events with at < before (ISO), a page of chunks per transaction so a first run on a large
 * log never holds one huge transaction; a chunk across the cutoff keeps its later events. Returns
 * how many events were deleted.
 */
export async function pruneEventsBefore(db: PulseDb, before: string, page = 500): Promise<number> {
  let deleted = 0;
  // Every chunk read starts before the cutoff, so it leaves the range: each page is new.
  for (const kind of CHUNK_KINDS) deleted += await pruneChunks(db, IDBKeyRange.bound([kind, ''], [kind, before], false, true), (e) => e.at >= before, page);
  return deleted;
}

/**
 * Deletes the events with at >= from (ISO): dated ahead of the clock (another browser's, an older
 * version's), they would sit in every "today" and never age out. Chunks starting from `from` on go
 * whole, a page at a time; the few that start within a span before it lose their later events.
 */
export async function pruneEventsFrom(db: PulseDb, from: string, page = 500): Promise<number> {
  let deleted = 0;
  for (const kind of CHUNK_KINDS) {
    deleted += await pruneChunks(db, IDBKeyRange.bound([kind, from], [kind, '\uffff']), () => false, page);
    deleted += await pruneChunks(db, kindRange(kind, from, from), (e) => e.at < from);
  }
  return deleted;
}

/**
 * Rewrites the chunks of `range` (the `kind_from` index) without the events `keep` refuses, a page
 * per transaction, until a page comes back short: every chunk read must leave the range or hold
 * nothing to delete (then read once, without a page size).
 */
async function pruneChunks(db: PulseDb, range: IDBKeyRange, keep: (e: InboxEvent) => boolean, page?: number): Promise<number> {
  let deleted = 0;
  for (;;) {
    const tx = db.transaction(LOG_STORES, 'readwrite');
    const log = logOf(tx);
    const chunks = (await log.chunks.index('kind_from').getAll(range, page)).map((r) => chunkFrom(r));
    const writes: Array<() => Promise<unknown>> = [];
    for (const c of chunks) {
      const left = c.events.filter(keep);
      if (left.length === c.events.length) continue;
      deleted += c.events.length - left.length;
      writes.push(() => deleteChunk(log, c));
      if (left.length > 0) writes.push(() => putChunk(log, chunkOf(c.stream, c.kind, left)));
    }
    await Promise.all([allInSlices(writes, (write) => write()), tx.done]);
    if (page === undefined || chunks.length < page) return deleted;
  }
}
