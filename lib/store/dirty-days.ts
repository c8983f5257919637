/**
 * Marking rollup days dirty, inside the transaction that writes the events (events-store.ts
 * putEvents), so a committed event can never be missing from the rollups: either its days are
 * marked in the same commit, or nothing was written.
 *
 * Which days an event can change (the rule, conservative: marking too much only costs a recompute):
 * - A chat event (message, close, return to bot) at t can change
 *   · the auto-close of the episode that was open before it, credited at that episode's last
 *     message: only if that message is less than autoCloseAfter before t (else it had auto-closed);
 *   · every fact of the rest of its "chain": the chat's events after t up to the first silence
 *     of at least autoCloseAfter, since an auto-close ends any episode there and the next one starts
 *     from the same state either way. Exception: a silence followed by an agent or bot message is
 *     crossed when a new message precedes it and no older stored one does (seen from t −
 *     autoCloseAfter on): the new message may have become the chat's first, which decides whether
 *     that agent or bot message opens an episode.
 *   With auto-close disabled, the chain runs to the chat's last event.
 *   So it marks facts dirty on the days holding the chat's events from the one just before t (if
 *   less than autoCloseAfter before) or t, to the chain's last event; a batch marks every such span.
 *   Only days holding events: facts are credited at events, and an event dated 9999 must not mark
 *   the millions of days between.
 *   · the route of its episode, counted on the day the episode opened: when the chain holds a
 *     customer message naming a route, the span starts where the chain does.
 * - A status event at t can change online/unavailable time only within a heartbeat timeout of t
 *   (intervals are kept alive by events at most that far apart), so it marks the status of the
 *   days of [t − timeout, t + timeout].
 * - Agent events change who a signed message is credited to: they are not marked but change the
 *   basis (the directory fingerprint), which rebuilds every day.
 * Nothing is marked before a basis exists (rollups never built): the first build covers all days.
 */
import { type IDBPTransaction, unwrap } from 'idb';
import { type InboxEvent, iso } from '../events';
import { chatKey } from '../metrics/episodes';
import { DEFAULT_HEARTBEAT_TIMEOUT_S } from '../metrics/status-intervals';
import type { PulseSchema } from './db';
import { dayCollector } from './days';
import { allInSlices } from './in-slices';
import type { ChunkCache } from './chunk-cache';
import { CHUNK_SPAN_MS, type ChunkSpanKey, type EventChunk, type LOG_STORES, type Log, chatRange, chatStream, eventsOf, getChunk, isChatEvent, isoMinus, kindRange, logOf, readChatTail } from './event-chunks';
import { BASIS_KEY, DIRTY_GEN_KEY, type DirtyMark, type RollupBasis } from './rollup-types';

export type MarkingTx = IDBPTransaction<PulseSchema, [...typeof LOG_STORES, 'meta', 'dirty_days'], 'readwrite'>;

/** Auto-close delay in ms; Infinity when auto-close is disabled. */
export const autoCloseMsOf = (s: { autoCloseAfterS: number }): number => (s.autoCloseAfterS > 0 ? s.autoCloseAfterS * 1000 : Infinity);
export const heartbeatMsOf = (s: { heartbeatTimeoutS?: number }): number => (s.heartbeatTimeoutS ?? DEFAULT_HEARTBEAT_TIMEOUT_S) * 1000;

/**
 * The instants of one chat whose facts the new events can change (see the rule above): the times of
 * the chat's events inside each dirty span, in time order. Facts are credited only at a chat's
 * events (a reply, a close, a return, an auto-close at the last message, a route where the episode
 * opened), so the days holding these are the days to rebuild, however far apart the events lie.
 * `chatEvents` are the chat's stored events from (earliest new − autoCloseAfter) on, new ones included.
 */
export function chatDirtyInstants(chatEvents: readonly InboxEvent[], isNew: (e: InboxEvent) => boolean, autoCloseMs: number): number[] {
  const list = chatEvents.map((e) => ({ t: Date.parse(e.at), e })).sort((a, b) => a.t - b.t);
  const out: number[] = [];
  /** Index of the current span's first event, or -1 outside a span. */
  let from = -1;
  let oldMessage = false;
  let newMessage = false;
  let chainStart = 0;
  let routed = false;
  const end = (last: number) => { for (let j = routed ? Math.min(from, chainStart) : from; j <= last; j++) out.push(list[j].t); };
  list.forEach(({ t, e }, i) => {
    const gap = i > 0 ? t - list[i - 1].t : Infinity;
    // After a silence an agent or bot message opens an episode only if it is the chat's first
    // message: a new earlier message can change that unless an older stored message already did.
    const firstMayChange = e.type === 'message' && e.by !== 'customer' && newMessage && !oldMessage;
    if (gap >= autoCloseMs && !firstMayChange) {
      if (from >= 0) end(i - 1);
      from = -1;
      chainStart = i;
      routed = false;
    }
    if (from < 0 && isNew(e)) from = gap < autoCloseMs ? i - 1 : i;
    if (isRouted(e)) routed = true;
    if (e.type === 'message') {
      if (isNew(e)) newMessage = true;
      else oldMessage = true;
    }
  });
  if (from >= 0) end(list.length - 1);
  return out;
}

/** A customer message naming a route: it can decide the route of an episode that opened days before. */
export const isRouted = (e: InboxEvent): boolean => e.type === 'message' && e.by === 'customer' && !!e.route;

interface TouchedChat { site: string; chat: string; tmin: number; first: string; routed: boolean }

/** The chat's events before `first` back to the first silence of at least autoCloseAfter, in time order. */
async function chainBefore(log: Log, c: TouchedChat, autoCloseMs: number): Promise<InboxEvent[]> {
  const events = eventsOf(await log.chunks.index('stream_from').getAll(chatRange(c.chat, '', c.first)), '', c.first)
    .filter((e) => isChatEvent(e) && e.site === c.site && e.chat === c.chat);
  let start = events.length;
  for (let later = c.tmin; start > 0 && later - Date.parse(events[start - 1].at) < autoCloseMs; start--) later = Date.parse(events[start - 1].at);
  return events.slice(start);
}

/**
 * The stored events of a touched chat that chatDirtySpans needs beside the new ones, read before
 * the new ones are put; `keys`: the chat's chunks from (earliest new − autoCloseAfter) on. Reading
 * that whole window would cost every batch the chat's last autoCloseAfter of history (a day by
 * default), so it reads everything from the earliest new event on, and before it only back to the
 * latest stored message: earlier events cannot start a span, and the spans depend on them only
 * through the gap before the first new event and whether an older message exists. The chunk keys
 * tell which chunks can hold an event from the earliest new one on (usually none: a live batch
 * appends).
 */
async function storedNeighbours(log: Log, c: TouchedChat, keys: readonly ChunkSpanKey[], autoCloseMs: number, get: (key: ChunkSpanKey) => Promise<EventChunk | undefined>): Promise<InboxEvent[]> {
  const ofChat = (e: InboxEvent): boolean => isChatEvent(e) && e.site === c.site && e.chat === c.chat;
  const [later, tail] = await Promise.all([
    Promise.all(keys.filter(([, , to]) => to >= c.first).map(get)),
    readChatTail(log, c.site, c.chat, lowerOf(c, autoCloseMs), c.first, keys, get),
  ]);
  const after = later.flatMap((chunk) => chunk?.events.filter((e) => ofChat(e) && e.at >= c.first) ?? []);
  // A routed message can move the route of its whole episode: then read back to where the chain began.
  const before = c.routed || after.some(isRouted) ? await chainBefore(log, c, autoCloseMs) : tail;
  return [...before, ...after];
}

const lowerOf = (c: TouchedChat, autoCloseMs: number): string => (Number.isFinite(autoCloseMs) ? iso(c.tmin - autoCloseMs) : '');

/** Most keys one listing of every chat's recent chunks may return before each chat's are listed on their own. */
const KEY_LISTING_CAP = 5000;
/** Above this many chats (an import), each chat's chunks are listed on their own from the start. */
const SHARED_LISTING_CHATS = 200;

/**
 * The keys of each touched chat's chunks from its lower bound on, by stream, but for the chunks
 * named in `fresh` (the batch's own). One listing of every chat's chunks from the earliest bound on
 * (the `kind_from` index) costs about what one chat's does, where a listing per chat costs a request
 * each. A batch of hundreds of chats (an import) would find that range too large, so its chats are
 * listed one by one; so are they when the shared listing comes back full (auto-close disabled, a
 * busy day). The first requests are issued before this returns; a fallback's run after the
 * caller's puts.
 */
async function chatChunkKeys(log: Log, chats: readonly TouchedChat[], autoCloseMs: number, fresh: ReadonlySet<number>): Promise<Map<string, ChunkSpanKey[]>> {
  const byStream = new Map<string, ChunkSpanKey[]>(chats.map((c) => [chatStream(c.chat), []]));
  const stored = (keys: ChunkSpanKey[]): ChunkSpanKey[] => keys.filter((k) => !fresh.has(k[3]));
  if (chats.length > 1 && chats.length <= SHARED_LISTING_CHATS) {
    const lowest = chats.map((c) => lowerOf(c, autoCloseMs)).reduce((low, lower) => (lower < low ? lower : low));
    const keys = await log.spans.index('kind_from').getAllKeys(kindRange('chat', lowest === '' ? undefined : lowest), KEY_LISTING_CAP);
    if (keys.length < KEY_LISTING_CAP) {
      for (const key of stored(keys)) byStream.get(key[0])?.push(key);
      return byStream;
    }
  }
  await allInSlices(chats, async (c) => { byStream.set(chatStream(c.chat), stored(await log.spans.getAllKeys(chatRange(c.chat, lowerOf(c, autoCloseMs))))); });
  return byStream;
}

/** What marking a batch needs of the stored log, read in the writing transaction around its puts. */
export interface MarkingContext {
  basis: RollupBasis;
  /** The marks as they stand, and their generation: read up front, so marking only writes. */
  marks: Map<string, DirtyMark>;
  gen: number;
  /** Per touched chat (`site\0chat`), its stored neighbouring events (storedNeighbours). */
  stored: Map<string, InboxEvent[]>;
}

/** The rollup basis, or undefined when there is none yet (nothing is marked before the first build). */
export const readBasis = async (tx: MarkingTx): Promise<RollupBasis | undefined> => (await tx.objectStore('meta').get(BASIS_KEY)) as RollupBasis | undefined;

/**
 * Reads what markDirtyDays needs of `events` (the batch about to be put in `tx`, in the chunks named
 * in `fresh`): the touched chats' stored neighbours. Its first read (the chunk keys) is issued before
 * this returns, so puts issued right after it, without waiting, run after that read: reads that
 * wait behind a large batch of puts also search through them. Later reads only fetch stored chunks
 * by key (`cache` first: chunk-cache.ts) or skip the fresh ones; the caller must let this settle
 * before it moves or deletes any stored chunk. Events of the batch that turn out to be stored
 * already only widen what is read.
 */
export async function readMarkingContext(tx: MarkingTx, basis: RollupBasis | undefined, events: readonly InboxEvent[], fresh: ReadonlySet<number>, cache?: ChunkCache): Promise<MarkingContext | null> {
  if (!basis || events.length === 0) return null;
  const chats = new Map<string, TouchedChat>();
  for (const e of events) {
    if (!isChatEvent(e)) continue;
    const t = Date.parse(e.at);
    if (!Number.isFinite(t)) continue;
    const key = chatKey(e);
    const c = chats.get(key);
    if (!c) chats.set(key, { site: e.site, chat: e.chat, tmin: t, first: e.at, routed: isRouted(e) });
    else {
      if (t < c.tmin) Object.assign(c, { tmin: t, first: e.at });
      if (isRouted(e)) c.routed = true;
    }
  }
  const log = logOf(tx);
  const acMs = autoCloseMsOf(basis);
  // Few marks stand at a time: the worker rebuilds their days within seconds.
  const marking = Promise.all([tx.objectStore('meta').get(DIRTY_GEN_KEY) as Promise<number | undefined>, tx.objectStore('dirty_days').getAll()]);
  marking.catch(() => undefined); // awaited below; should the transaction abort first, its failure is not unhandled
  const keys = await chatChunkKeys(log, [...chats.values()], acMs, fresh);
  const get = ([, , , k]: ChunkSpanKey): Promise<EventChunk | undefined> => (cache ? cache.read(log, k) : getChunk(log, k));
  const stored = new Map<string, InboxEvent[]>();
  await allInSlices([...chats], async ([key, c]) => {
    // A chat's chunks from its own lower bound on (the shared listing starts at the lowest one).
    const lower = lowerOf(c, acMs);
    const bound = lower === '' ? '' : isoMinus(lower, CHUNK_SPAN_MS);
    const own = (keys.get(chatStream(c.chat)) ?? []).filter((k) => k[1] >= bound);
    stored.set(key, await storedNeighbours(log, c, own, acMs, get));
  });
  const [gen, marks] = await marking;
  return { basis, stored, gen: gen ?? 0, marks: new Map(marks.map((m) => [m.day, m])) };
}

/** The days a batch can change: through chat facts (messages, closes…) and through status intervals. */
export interface DirtyDays { facts: Set<string>; status: Set<string> }

/**
 * The days `written` (events put in the transaction) can change, from the context read before the
 * puts. A stored copy an event replaced is still in the context, at its old time: it counts as new,
 * so the days it leaves are marked too. Pure: the writer works it out while its adds run.
 */
export function dirtyDaysOf(context: MarkingContext, written: readonly InboxEvent[]): DirtyDays {
  const { zone } = context.basis;
  const acMs = autoCloseMsOf(context.basis);
  const hbMs = heartbeatMsOf(context.basis);
  const facts = new Set<string>();
  const status = new Set<string>();
  const statusDays = dayCollector(zone, status);
  const byChat = new Map<string, InboxEvent[]>();
  for (const e of written) {
    const t = Date.parse(e.at);
    if (!Number.isFinite(t)) continue;
    if (e.type === 'status') {
      statusDays.span(t - hbMs, t + hbMs);
    } else if (isChatEvent(e)) {
      const key = chatKey(e);
      const list = byChat.get(key);
      if (list) list.push(e);
      else byChat.set(key, [e]);
    }
  }
  const byId = new Set(written.map((e) => e.id));
  for (const [key, events] of byChat) {
    const factDays = dayCollector(zone, facts);
    for (const t of chatDirtyInstants([...(context.stored.get(key) ?? []), ...events], (e) => byId.has(e.id), acMs)) factDays.at(t);
  }
  return { facts, status };
}

/**
 * Marks `dirty` days in `tx` (the marks read in the context, one generation on); returns how many.
 * The puts are plain requests, waited for by the transaction's commit: a failed one aborts it all.
 */
export function markDirtyDays(tx: MarkingTx, context: MarkingContext, { facts, status }: DirtyDays): number {
  const days = new Set([...facts, ...status]);
  if (days.size === 0) return 0;
  const gen = context.gen + 1;
  unwrap(tx.objectStore('meta')).put(gen, DIRTY_GEN_KEY);
  const marks = unwrap(tx.objectStore('dirty_days'));
  for (const day of days) {
    const old = context.marks.get(day);
    marks.put({ day, gen, facts: facts.has(day) || !!old?.facts, status: status.has(day) || !!old?.status } satisfies DirtyMark);
  }
  return days.size;
}
