/**
 * How events are laid out in IndexedDB (schema v7): grouped in chunks, because Chromium spends about
 * as much per record (and per index entry) as the port, the worker and the merge together spend per
 * event, so one record per event caps the write rate near 2 000 events/s.
 *
 * A chunk holds the events of one stream (one chat; or all status events; or all links; or all agent events)
 * within one UTC hour, as written by one batch: chunks are only added, never grown, so a write
 * never re-serialises what is already stored. Its key `k` is a random integer: every event's entry
 * in the `ids` index carries the chunk's key (twice, in Chromium), so a short key is what keeps
 * writing cheap (a v3–v5 key of stream and ISO times made writes about a quarter slower).
 * Where a chunk is lives beside it in `chunk_spans`, one record per chunk keyed
 * [stream, from, to, k] (its events' earliest and latest `at`), so the readers can tell from the
 * span keys alone which chunks can hold an instant; a chunk and its span are added and deleted
 * together (putChunk, deleteChunk).
 *
 * Lookups by event id go through the multiEntry index `ids`, never through `at`: copies of one id
 * may carry different times (a backfilled minute, a live observation). The writer keeps every id
 * in one chunk (events-store.ts putEvents); since v8 the index no longer checks it, which cost a
 * seek per id and capped the write rate.
 */
import type { IDBPObjectStore, IDBPTransaction, StoreNames } from 'idb';
import type { InboxEvent } from '../events';
import { byTimeThenId } from '../formats/merge';
import type { PulseSchema } from './db';

export type ChunkKind = 'chat' | 'status' | 'link' | 'agent';
/** A chunk's span key: where it is, what it spans, and its key `k` last. */
export type ChunkSpanKey = [stream: string, from: string, to: string, k: number];

export interface EventChunk {
  k: number;
  stream: string;
  from: string;
  to: string;
  kind: ChunkKind;
  ids: string[];
  events: InboxEvent[];
}

/**
 * A chunk as stored: since v7 its events are one JSON text; chunks written by v6 keep their array
 * of objects. Read them through chunkFrom, which takes both. Measured in the service worker with
 * raw IndexedDB, 20 000 events: chunks of 5 or 30 events cost the same either way, chunks of 200
 * (a burst, a replay, an import) are written about 1.5× and read about 5× faster as text.
 */
export type StoredChunk = Omit<EventChunk, 'events'> & ({ eventsJson: string } | { events: InboxEvent[] });

export const recordOf = ({ events, ...head }: EventChunk): StoredChunk => ({ ...head, eventsJson: JSON.stringify(events) });

export function chunkFrom(record: StoredChunk): EventChunk;
export function chunkFrom(record: StoredChunk | undefined): EventChunk | undefined;
export function chunkFrom(record: StoredChunk | undefined): EventChunk | undefined {
  if (record === undefined || 'events' in record) return record;
  const { eventsJson, ...head } = record;
  return { ...head, events: JSON.parse(eventsJson) as InboxEvent[] };
}

/** A chunk's record in `chunk_spans` (`kind` for its `kind_from` index). */
export interface ChunkSpan { stream: string; from: string; to: string; k: number; kind: ChunkKind }

export const CHUNK_KINDS: readonly ChunkKind[] = ['agent', 'chat', 'link', 'status'];
/** A chunk never spans more: it holds one UTC hour. */
export const CHUNK_SPAN_MS = 3_600_000;

/** The events of a chat: messages, closes, returns to the bot (the ones with a `chat`). */
export type ChatEvent = Extract<InboxEvent, { type: 'message' | 'close' | 'return_to_bot' }>;
const CHAT_TYPES: readonly string[] = ['message', 'close', 'return_to_bot'];
export const isChatEvent = (e: InboxEvent): e is ChatEvent => CHAT_TYPES.includes(e.type);

/** Links live apart from the chats: a chat's readers (the live board, the rollups) see only its messages, closes and returns. */
export const kindOf = (e: InboxEvent): ChunkKind => (isChatEvent(e) ? 'chat' : e.type === 'status' ? 'status' : e.type === 'link' ? 'link' : 'agent');
/** Like the v2 `chat_at` index, a chat's stream is named by the chat id alone; readers filter by site. */
export const chatStream = (chat: string): string => `chat\u0000${chat}`;
const streamOf = (e: InboxEvent): string => (kindOf(e) === 'chat' ? chatStream(e.chat as string) : kindOf(e));

export const chunkSpanKey = (c: EventChunk): ChunkSpanKey => [c.stream, c.from, c.to, c.k];
export const spanOf = (c: EventChunk): ChunkSpan => ({ stream: c.stream, from: c.from, to: c.to, k: c.k, kind: c.kind });

/** A fresh key: a random integer below 2^53 (two chunks never meet one; a clash would fail the batch's write, and its retry draws anew). */
function chunkNumber(): number {
  const [high, low] = crypto.getRandomValues(new Uint32Array(2));
  return (high >>> 11) * 2 ** 32 + low;
}

/** One chunk of events of one stream (`events` non-empty), with a fresh key. */
export function chunkOf(stream: string, kind: ChunkKind, events: InboxEvent[]): EventChunk {
  let from = events[0].at;
  let to = from;
  for (const e of events) {
    if (e.at < from) from = e.at;
    if (e.at > to) to = e.at;
  }
  return { k: chunkNumber(), stream, from, to, kind, ids: events.map((e) => e.id), events };
}

/** Events (distinct ids) grouped into chunks: one per stream and UTC hour. */
export function chunksOf(events: readonly InboxEvent[]): EventChunk[] {
  const groups = new Map<string, InboxEvent[]>();
  for (const e of events) {
    // The unique index skips what is not a key: an event without an id would be stored unguarded.
    if (typeof e.id !== 'string' || typeof e.at !== 'string') throw new TypeError(`an event needs a string id and at: ${JSON.stringify(e.id)}`);
    const key = `${streamOf(e)}\u0000${e.at.slice(0, 13)}`;
    const list = groups.get(key);
    if (list) list.push(e);
    else groups.set(key, [e]);
  }
  return [...groups.values()].map((list) => chunkOf(streamOf(list[0]), kindOf(list[0]), list));
}

/** ISO instant `ms` earlier (lower bounds for chunks by `from`: a chunk starts at most a span before its events). */
export const isoMinus = (at: string, ms: number): string => new Date(Date.parse(at) - ms).toISOString();

type LogStore<Name extends 'chunks' | 'chunk_spans', Mode extends IDBTransactionMode> = IDBPObjectStore<PulseSchema, ArrayLike<StoreNames<PulseSchema>>, Name, Mode>;
/** The span store of any transaction that holds it. */
export type SpanStore = LogStore<'chunk_spans', IDBTransactionMode>;
/** The two stores of the event log, from one transaction (which holds both: LOG_STORES); reads work the same in the writer's and in a reader's. */
export interface Log<Mode extends IDBTransactionMode = IDBTransactionMode> { chunks: LogStore<'chunks', Mode>; spans: LogStore<'chunk_spans', Mode> }
export const LOG_STORES = ['chunks', 'chunk_spans'] as const;
export const logOf = <Mode extends IDBTransactionMode>(tx: IDBPTransaction<PulseSchema, ArrayLike<StoreNames<PulseSchema>>, Mode>): Log<Mode> =>
  ({ chunks: tx.objectStore('chunks'), spans: tx.objectStore('chunk_spans') });

/** The chunk under key `k`, read as any layout stored it (chunkFrom). */
export const getChunk = async (log: Log, k: number): Promise<EventChunk | undefined> => chunkFrom(await log.chunks.get(k));

/** Adds a chunk and its span (in a read-write transaction). */
export const putChunk = (log: Log<'readwrite'>, c: EventChunk): Promise<unknown> => Promise.all([log.chunks.add(recordOf(c)), log.spans.add(spanOf(c))]);
/** Deletes a chunk and its span. */
export const deleteChunk = (log: Log<'readwrite'>, c: EventChunk): Promise<unknown> => Promise.all([log.chunks.delete(c.k), log.spans.delete(chunkSpanKey(c))]);

export const inRange = (e: InboxEvent, from?: string, to?: string): boolean => (from === undefined || e.at >= from) && (to === undefined || e.at < to);

/** The events of `chunks` with from <= at (< to), in time order (an entry without a chunk is skipped). */
export const eventsIn = (chunks: readonly (EventChunk | undefined)[], from?: string, to?: string): InboxEvent[] =>
  chunks.flatMap((c) => c?.events.filter((e) => inRange(e, from, to)) ?? []).sort(byTimeThenId);
/** eventsIn over stored records. */
export const eventsOf = (records: readonly StoredChunk[], from?: string, to?: string): InboxEvent[] => eventsIn(records.map((r) => chunkFrom(r)), from, to);

/** Chunks of one kind that can hold an event with from <= at < to (a chunk starts at most a span before its events). */
export function kindRange(kind: ChunkKind, from?: string, to?: string): IDBKeyRange {
  return IDBKeyRange.bound([kind, from === undefined ? '' : isoMinus(from, CHUNK_SPAN_MS)], [kind, to ?? '\uffff'], false, to !== undefined);
}

/** Chunks of one chat that can hold an event with from <= at < to. */
export function chatRange(chat: string, from: string, to?: string): IDBKeyRange {
  const stream = chatStream(chat);
  return IDBKeyRange.bound([stream, from === '' ? '' : isoMinus(from, CHUNK_SPAN_MS)], [stream, to ?? '\uffff'], false, to !== undefined);
}

/**
 * One chat's events of `site` with lower <= at < before, from its latest message on (all of them when
 * none is a message), in time order. The span keys say where each chunk ends: chunks are read latest
 * end first, and only until none left can hold an event at or after that message. `known`: the span
 * keys of the chat's chunks from `lower` on, when the caller has read them already; `get`: how a chunk is
 * read (from a cache first, say).
 */
export async function readChatTail(log: Log, site: string, chat: string, lower: string, before: string, known?: readonly ChunkSpanKey[], get: (key: ChunkSpanKey) => Promise<EventChunk | undefined> = (key) => getChunk(log, key[3])): Promise<InboxEvent[]> {
  const keys = known ? known.filter((k) => k[1] < before) : await log.spans.getAllKeys(chatRange(chat, lower, before));
  keys.sort((a, b) => (a[2] < b[2] ? 1 : a[2] > b[2] ? -1 : 0));
  const found: InboxEvent[] = [];
  let message = '';
  for (const key of keys) {
    if (key[2] < lower || key[2] < message) break;
    const chunk = await get(key);
    for (const e of chunk?.events ?? []) {
      if (e.site !== site || !inRange(e, lower, before)) continue;
      found.push(e);
      if (e.type === 'message' && e.at > message) message = e.at;
    }
  }
  return found.filter((e) => e.at >= message).sort(byTimeThenId);
}
