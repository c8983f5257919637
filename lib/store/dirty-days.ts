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
 *   So it marks facts dirty from the day of the event just before t (if less than autoCloseAfter
 *   before) or of t, to the day of the chain's last event; a batch marks every such span.
 *   · the route of its episode, counted on the day the episode opened: when the chain holds a
 *     customer message naming a route, the span starts where the chain does.
 * - A status event at t can change online/unavailable time only within a heartbeat timeout of t
 *   (intervals are kept alive by events at most that far apart), so it marks the status of the
 *   days of [t − timeout, t + timeout].
 * - Agent events change who a signed message is credited to: they are not marked but change the
 *   basis (the directory fingerprint), which rebuilds every day.
 * Nothing is marked before a basis exists (rollups never built): the first build covers all days.
 */
import type { IDBPObjectStore, IDBPTransaction } from 'idb';
import { type InboxEvent, iso } from '../events';
import { byTimeThenId } from '../formats/merge';
import { DEFAULT_HEARTBEAT_TIMEOUT_S } from '../metrics/status-intervals';
import type { PulseSchema } from './db';
import { daysCovering } from './days';
import { chatRange, isChatEvent, readChatTail } from './event-chunks';
import { BASIS_KEY, DIRTY_GEN_KEY, type DirtyMark, type RollupBasis } from './rollup-types';

export type MarkingTx = IDBPTransaction<PulseSchema, ('chunks' | 'meta' | 'dirty_days')[], 'readwrite'>;
export type MarkingStore = IDBPObjectStore<PulseSchema, ('chunks' | 'meta' | 'dirty_days')[], 'chunks', 'readwrite'>;

/** Auto-close delay in ms; Infinity when auto-close is disabled. */
export const autoCloseMsOf = (s: { autoCloseAfterS: number }): number => (s.autoCloseAfterS > 0 ? s.autoCloseAfterS * 1000 : Infinity);
export const heartbeatMsOf = (s: { heartbeatTimeoutS?: number }): number => (s.heartbeatTimeoutS ?? DEFAULT_HEARTBEAT_TIMEOUT_S) * 1000;

/**
 * The spans of one chat whose facts the new events can change (see the rule above), as instants.
 * `chatEvents` are the chat's stored events from (earliest new − autoCloseAfter) on, new ones included.
 */
export function chatDirtySpans(chatEvents: readonly InboxEvent[], isNew: (e: InboxEvent) => boolean, autoCloseMs: number): Array<{ from: number; to: number }> {
  const list = chatEvents.map((e) => ({ t: Date.parse(e.at), e })).sort((a, b) => a.t - b.t);
  const spans: Array<{ from: number; to: number }> = [];
  let cur: { from: number; to: number } | null = null;
  let oldMessage = false;
  let newMessage = false;
  let chainStart = -Infinity;
  let routed = false;
  const end = (span: { from: number; to: number }) => spans.push(routed ? { from: Math.min(span.from, chainStart), to: span.to } : span);
  list.forEach(({ t, e }, i) => {
    const gap = i > 0 ? t - list[i - 1].t : Infinity;
    // After a silence an agent or bot message opens an episode only if it is the chat's first
    // message: a new earlier message can change that unless an older stored message already did.
    const firstMayChange = e.type === 'message' && e.by !== 'customer' && newMessage && !oldMessage;
    if (gap >= autoCloseMs && !firstMayChange) {
      if (cur) end(cur);
      cur = null;
      chainStart = t;
      routed = false;
    }
    if (!cur && isNew(e)) cur = { from: gap < autoCloseMs ? list[i - 1].t : t, to: t };
    if (cur) cur.to = Math.max(cur.to, t);
    if (isRouted(e)) routed = true;
    if (e.type === 'message') {
      if (isNew(e)) newMessage = true;
      else oldMessage = true;
    }
  });
  if (cur) end(cur);
  return spans;
}

/** A customer message naming a route: it can decide the route of an episode that opened days before. */
export const isRouted = (e: InboxEvent): boolean => e.type === 'message' && e.by === 'customer' && !!e.route;

interface TouchedChat { site: string; chat: string; tmin: number; first: string }

/** The chat's events before its earliest new one back to the first silence of at least autoCloseAfter, in time order. */
async function chainBefore(store: MarkingStore, c: TouchedChat, autoCloseMs: number): Promise<InboxEvent[]> {
  const events = (await store.getAll(chatRange(c.chat, '', c.first))).flatMap((chunk) => chunk.events)
    .filter((e) => isChatEvent(e) && e.site === c.site && e.chat === c.chat && e.at < c.first)
    .sort(byTimeThenId);
  let start = events.length;
  for (let later = c.tmin; start > 0 && later - Date.parse(events[start - 1].at) < autoCloseMs; start--) later = Date.parse(events[start - 1].at);
  return events.slice(start);
}

/**
 * The part of a touched chat's events from (earliest new − autoCloseAfter) on that chatDirtySpans
 * needs; the new events (`written`, by id, in the chunks named in `fresh`) must already be put.
 * Reading the whole window would cost every batch the chat's last autoCloseAfter of history (a day
 * by default), so it reads everything from the earliest new event on, and before it only back to
 * the latest stored message: earlier events cannot start a span, and the spans depend on them only
 * through the gap before the first new event and whether an older message exists. From the earliest
 * new event on the events are usually the batch's own: the chunk keys tell which other chunks can
 * hold a later event, and only those are read.
 */
async function neighbours(store: MarkingStore, written: ReadonlyMap<string, InboxEvent>, fresh: ReadonlySet<string>, c: TouchedChat, autoCloseMs: number): Promise<InboxEvent[]> {
  const ofChat = (e: InboxEvent): boolean => isChatEvent(e) && e.site === c.site && e.chat === c.chat;
  const lower = Number.isFinite(autoCloseMs) ? iso(c.tmin - autoCloseMs) : '';
  // One read of the keys serves both sides: the chunks after the earliest new event and the tail before it.
  const keys = await store.getAllKeys(chatRange(c.chat, lower));
  const [others, tail] = await Promise.all([
    Promise.all(keys.filter(([, , to, n]) => to >= c.first && !fresh.has(n)).map((key) => store.get(key))),
    readChatTail(store, c.site, c.chat, lower, c.first, keys),
  ]);
  const after = [...written.values()].filter(ofChat);
  for (const chunk of others) if (chunk) after.push(...chunk.events.filter((e) => ofChat(e) && e.at >= c.first && !written.has(e.id)));
  // A routed message can move the route of its whole episode: then read back to where the chain began.
  const before = after.some(isRouted) ? await chainBefore(store, c, autoCloseMs) : tail;
  return [...before, ...after];
}

/**
 * Marks the days `written` (events just put in `tx`, which must come after the puts; `fresh`: the `n`
 * of the chunks that hold only such events) can change.
 * Reads the basis and the touched chats' neighbouring events in the same transaction.
 */
export async function markDirtyDays(tx: MarkingTx, written: readonly InboxEvent[], fresh: ReadonlySet<string> = new Set()): Promise<number> {
  if (written.length === 0) return 0;
  const meta = tx.objectStore('meta');
  const basis = (await meta.get(BASIS_KEY)) as RollupBasis | undefined;
  if (!basis) return 0;
  const { zone } = basis;
  const acMs = autoCloseMsOf(basis);
  const hbMs = heartbeatMsOf(basis);
  const facts = new Set<string>();
  const status = new Set<string>();
  const chats = new Map<string, TouchedChat>();
  for (const e of written) {
    const t = Date.parse(e.at);
    if (!Number.isFinite(t)) continue;
    if (e.type === 'status') {
      for (const d of daysCovering(t - hbMs, t + hbMs, zone)) status.add(d);
    } else if (isChatEvent(e)) {
      const key = `${e.site}\u0000${e.chat}`;
      const c = chats.get(key);
      if (!c) chats.set(key, { site: e.site, chat: e.chat, tmin: t, first: e.at });
      else if (t < c.tmin) Object.assign(c, { tmin: t, first: e.at });
    }
  }
  const byId = new Map(written.map((e) => [e.id, e]));
  const store = tx.objectStore('chunks');
  await Promise.all([...chats.values()].map(async (c) => {
    const list = await neighbours(store, byId, fresh, c, acMs);
    for (const span of chatDirtySpans(list, (e) => byId.has(e.id), acMs)) {
      for (const d of daysCovering(span.from, span.to, zone)) facts.add(d);
    }
  }));
  const days = [...new Set([...facts, ...status])];
  if (days.length === 0) return 0;
  const marks = tx.objectStore('dirty_days');
  const [gen0, existing] = await Promise.all([meta.get(DIRTY_GEN_KEY) as Promise<number | undefined>, Promise.all(days.map((d) => marks.get(d)))]);
  const gen = (gen0 ?? 0) + 1;
  await Promise.all([
    meta.put(gen, DIRTY_GEN_KEY),
    ...days.map((day, i) => {
      const old = existing[i];
      const mark: DirtyMark = { day, gen, facts: facts.has(day) || !!old?.facts, status: status.has(day) || !!old?.status };
      return marks.put(mark);
    }),
  ]);
  return days.length;
}
