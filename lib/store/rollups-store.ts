/**
 * Per-agent, per-day KPI rollups kept in IndexedDB (docs/performance.md#queries-and-the-side-panel), so the side
 * panel merges days × agents instead of replaying the event log. Derived data: a day's record is
 * rebuilt from the events whenever the day is marked dirty, and rebuilding is idempotent.
 *
 * - One record per local day of the team zone (`rollups`, key 'YYYY-MM-DD'), in two sections:
 *   `facts` (every duration KPI credited in the day, per credited agent as lib/metrics Aggs:
 *   count, sum, min, max, the raw values while ≤ EXACT_LIMIT, a sketch beyond; plus the
 *   whole team's count, sum, min, max and sketch, its FRT / RT day summaries, and the episodes
 *   opened per route) and `status` (online / unavailable ms and the status intervals per agent).
 * - putEvents marks the days a batch can change in its own transaction (dirty-days.ts);
 *   `recomputeDirtyDays` rebuilds them and clears each mark only if it was not re-marked meanwhile.
 * - The basis (zone, auto-close, heartbeat timeout, business hours, agent directory) is stored
 *   with the rollups: when it differs from the current one, every day holding events is marked and rebuilt.
 *
 * How a run of dirty days [D1, Dk] is rebuilt so it equals the engine run over the whole log:
 * - Facts: the chat events of [D1 − autoCloseAfter, min(Dk end + autoCloseAfter, now)). A chat
 *   whose first event there may be inside an episode that began earlier (its first event precedes
 *   D1 with no silence ≥ autoCloseAfter before D1) is extended back through its own index until
 *   such a silence (an auto-close ends any episode there); when its first message after that is an
 *   agent or bot message, one older message (if any) is prepended so the engine knows the chat had
 *   been opened before. Episodes are built with now = the window end and only facts credited in the
 *   run's days are kept. With auto-close disabled the whole earlier history of each chat is read.
 * - Episodes still open at `now` whose auto-close would be credited inside the run are stored as
 *   `pending` with their due time; a query adds them once its `now` reaches it.
 * - Status: the status events of [D1 − timeout, min(Dk end + timeout, now)); a day is `final` once
 *   now is past its end + timeout, otherwise queries recompute its status at their own `now`.
 */
import { unwrap } from 'idb';
import { type InboxEvent, iso } from '../events';
import type { Settings } from '../settings';
import { EXACT_LIMIT, aggOf, summarize } from '../metrics/aggregate';
import { type AgentDirectory, agentDirectory } from '../metrics/agent-directory';
import { isScheduleActive } from '../metrics/business-hours';
import { AUTO, buildEpisodes, chatKey, type EpisodeSettings } from '../metrics/episodes';
import { factsOf } from '../metrics/facts';
import type { MetricKey } from '../metrics/metric-aggs';
import { dayKey, periodsIn } from '../metrics/periods';
import { DEFAULT_HEARTBEAT_TIMEOUT_S, clip, statusIntervals } from '../metrics/status-intervals';
import type { PulseDb } from './db';
import { dayCollector, dayRange, nextDay } from './days';
import {
  type ChatEvent, isChatEvent, readAgentEvents, readChatEvents, readChatEventsBetween, readChatTail, readStatusEventsBetween,
} from './events-store';
import { autoCloseMsOf, heartbeatMsOf } from './dirty-days';
import { type ChunkSpanKey, LOG_STORES, type SpanStore, chatStream, logOf } from './event-chunks';
import { SPAN_STORES, buildSpans, dropSpansOf } from './rollup-spans';
import { packInto, packValues, storedAggOf } from './stored-parts';
import {
  BASIS_KEY, DIRTY_GEN_KEY, SEGMENT_CODES, SERIES_KEYS, type DayRollup, type DaySeries, type DirtyMark, type FactsSection, type PendingAutoClose,
  type RollupBasis, type StatusSection, type StoredAggs,
} from './rollup-types';

export type { DayRollup, DirtyMark, RollupBasis, StoredAgg } from './rollup-types';

/** Bump when the stored shape or the rules change: every day is then rebuilt. */
export const ROLLUPS_VERSION = 4;
/** Dirty days rebuilt together (one read of their events, one write). */
export const RUN_DAYS = 7;

export type RollupSettings = Pick<Settings, 'timeZone' | 'autoCloseAfterS' | 'businessHours' | 'heartbeatTimeoutS'>;


const byAtThenId = (a: InboxEvent, b: InboxEvent): number => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export interface Directory {
  directory: AgentDirectory;
  fingerprint: string;
}

/** The agent directory from the stored agent events (ids 'a:…'). */
export async function readDirectory(db: PulseDb): Promise<Directory> {
  const agents = (await readAgentEvents(db)).filter((e) => e.type === 'agent');
  return { directory: agentDirectory(agents), fingerprint: agents.map((e) => `${e.id}@${e.at}`).sort().join('\n') };
}

export function basisFor(settings: RollupSettings, zone: string, directoryFingerprint: string): RollupBasis {
  return {
    version: ROLLUPS_VERSION,
    zone,
    autoCloseAfterS: settings.autoCloseAfterS > 0 ? settings.autoCloseAfterS : 0,
    heartbeatTimeoutS: settings.heartbeatTimeoutS ?? DEFAULT_HEARTBEAT_TIMEOUT_S,
    businessHours: isScheduleActive(settings.businessHours) ? JSON.stringify(settings.businessHours) : '',
    directory: directoryFingerprint,
  };
}

const sameBasis = (a: RollupBasis | undefined, b: RollupBasis): boolean =>
  !!a && a.version === b.version && a.zone === b.zone && a.autoCloseAfterS === b.autoCloseAfterS
  && a.heartbeatTimeoutS === b.heartbeatTimeoutS && a.businessHours === b.businessHours && a.directory === b.directory;

export async function readBasis(db: PulseDb): Promise<RollupBasis | undefined> {
  return (await db.get('meta', BASIS_KEY)) as RollupBasis | undefined;
}

export interface BasisState extends Directory {
  basis: RollupBasis;
  /** Every day was just marked for rebuilding (first build, or the basis changed). */
  rebuilt: boolean;
}

/**
 * Makes the stored basis the current one. When it differs (or none exists), ONE transaction
 * drops every rollup and mark, marks every day holding events (eventDays) and stores the new basis.
 */
export async function ensureRollupBasis(db: PulseDb, settings: RollupSettings, zone = settings.timeZone): Promise<BasisState> {
  const [dir, stored] = await Promise.all([readDirectory(db), readBasis(db)]);
  const basis = basisFor(settings, zone, dir.fingerprint);
  if (sameBasis(stored, basis)) return { ...dir, basis, rebuilt: false };
  // The span store alone tells where events are, and every writer holds it too.
  const tx = db.transaction(['chunk_spans', 'meta', 'rollups', ...SPAN_STORES, 'dirty_days'] as const, 'readwrite', { durability: 'strict' });
  const meta = tx.objectStore('meta');
  const [days, gen0] = await Promise.all([
    eventDays(tx.objectStore('chunk_spans'), zone, heartbeatMsOf(basis)),
    meta.get(DIRTY_GEN_KEY) as Promise<number | undefined>,
    tx.objectStore('rollups').clear(),
    ...SPAN_STORES.map((name) => tx.objectStore(name).clear()),
    tx.objectStore('dirty_days').clear(),
  ]);
  const gen = (gen0 ?? 0) + 1;
  // Plain requests, waited for by the commit: a log's days have no bound that Promise.all takes.
  const marks = unwrap(tx.objectStore('dirty_days'));
  for (const day of new Set([...days.facts, ...days.status])) marks.put({ day, gen, facts: days.facts.has(day), status: days.status.has(day) } satisfies DirtyMark);
  unwrap(meta).put(gen, DIRTY_GEN_KEY);
  unwrap(meta).put(basis, BASIS_KEY);
  await tx.done;
  return { ...dir, basis, rebuilt: true };
}

/** Span keys read per request while listing the log's days. */
const SPAN_KEY_PAGE = 10_000;

/**
 * The days a full rebuild must compute, from the chunks' span keys alone (each chunk spans at most
 * an hour): facts on the days holding chat events (facts are credited only at events), status on
 * the days within a heartbeat timeout of a status event. The cost follows the chunks, never the
 * days between the first event and the last (one dated 9999 would make those millions).
 */
async function eventDays(spans: SpanStore, zone: string, heartbeatMs: number): Promise<{ facts: Set<string>; status: Set<string> }> {
  const facts = new Set<string>();
  const status = new Set<string>();
  // Keys come by stream, then time: each collector sees its instants in time order, stream by stream.
  const [factDays, statusDays] = [dayCollector(zone, facts), dayCollector(zone, status)];
  for (let after: ChunkSpanKey | undefined; ;) {
    const keys = await spans.getAllKeys(after && IDBKeyRange.lowerBound(after, true), SPAN_KEY_PAGE);
    for (const [stream, from, to] of keys) {
      const [a, b] = [Date.parse(from), Date.parse(to)];
      if (stream === 'status') statusDays.span(a - heartbeatMs, b + heartbeatMs);
      else if (stream.startsWith(chatStream(''))) factDays.span(a, b);
    }
    if (keys.length < SPAN_KEY_PAGE) return { facts, status };
    after = keys[keys.length - 1];
  }
}

// ---------------------------------------------------------------------------------------------
// Building sections

function pushValue(map: Map<MetricKey, number[]>, key: MetricKey, ms: number): void {
  const list = map.get(key);
  if (list) list.push(ms);
  else map.set(key, [ms]);
}

const toStoredAggs = (map: Map<MetricKey, number[]>, keepLimit: number, withSketch: boolean): StoredAggs =>
  Object.fromEntries([...map].map(([k, v]) => [k, storedAggOf(v, keepLimit, withSketch)]));

/** Older events of one chat, for the backward extension: lower < at < before (any time before with no lower). */
async function olderChatEvents(db: PulseDb, site: string, chat: string, lower: string | null, before: string): Promise<ChatEvent[]> {
  const list = await readChatEvents(db, chat, { since: lower ?? '', to: before });
  return (list as ChatEvent[]).filter((e) => e.site === site && (lower === null || e.at > lower) && isChatEvent(e));
}

/** The newest message of a chat before `before`, for telling the engine the chat was opened already. */
async function lastMessageBefore(db: PulseDb, site: string, chat: string, before: string): Promise<ChatEvent | null> {
  // The tail starts at that message; events at the same instant may sort before it.
  const tail = await readChatTail(logOf(db.transaction(LOG_STORES)), site, chat, '', before);
  return (tail.filter((e) => e.type === 'message').at(-1) as ChatEvent | undefined) ?? null;
}

/**
 * The events a run's facts need, per chat (see the header), for the chats with an event in the run.
 * Reads only: nothing here writes.
 */
async function runChatEvents(db: PulseDb, d1: number, dk: number, windowEnd: number, acMs: number): Promise<ChatEvent[]> {
  const start = Number.isFinite(acMs) ? d1 - acMs : d1;
  const d1Iso = iso(d1);
  const dkIso = iso(dk);
  const chats = new Map<string, ChatEvent[]>();
  for (const e of await readChatEventsBetween(db, start, windowEnd)) {
    const key = chatKey(e);
    const list = chats.get(key);
    if (list) list.push(e);
    else chats.set(key, [e]);
  }
  const out: ChatEvent[] = [];
  await Promise.all([...chats.values()].map(async (events) => {
    let list = events.sort(byAtThenId);
    // A fact is credited at one of its chat's events (a reply, a close, a return, or the last
    // message for an auto-close): a chat with no event in the run credits nothing there.
    if (!list.some((e) => e.at >= d1Iso && e.at < dkIso)) return;
    const { site, chat } = list[0];
    if (!Number.isFinite(acMs)) {
      list = (await olderChatEvents(db, site, chat, null, list[0].at)).concat(list);
    } else {
      // Extend back while the chat may be inside an episode that began before the window.
      while (Date.parse(list[0].at) < d1 && !silenceBeforeRun(list, d1Iso, acMs)) {
        const older = await olderChatEvents(db, site, chat, iso(Date.parse(list[0].at) - acMs), list[0].at);
        if (older.length === 0) break;
        list = older.concat(list);
      }
    }
    const firstMessage = list.find((e) => e.type === 'message');
    if (firstMessage && firstMessage.type === 'message' && firstMessage.by !== 'customer') {
      const older = await lastMessageBefore(db, site, chat, list[0].at);
      if (older) list = [older, ...list];
    }
    for (const e of list) out.push(e);
  }));
  return out;
}

/** A silence ≥ autoCloseAfter between two events, before the chat's first event of the run. */
function silenceBeforeRun(list: readonly ChatEvent[], d1Iso: string, acMs: number): boolean {
  for (let i = 1; i < list.length && list[i - 1].at < d1Iso; i++) {
    if (Date.parse(list[i].at) - Date.parse(list[i - 1].at) >= acMs) return true;
  }
  return false;
}

export interface RunContext {
  settings: RollupSettings;
  basis: RollupBasis;
  directory: AgentDirectory;
  /** The instant the rollups are computed as of. */
  now: number;
}

/** The facts sections of consecutive days `days` (one run). */
export async function computeFactsRun(db: PulseDb, days: readonly string[], ctx: RunContext): Promise<Map<string, FactsSection>> {
  const { basis, now } = ctx;
  const zone = basis.zone;
  const d1 = dayRange(days[0], zone).from;
  const dk = dayRange(days[days.length - 1], zone).to;
  const acMs = autoCloseMsOf(basis);
  const uncapped = Number.isFinite(acMs) ? dk + acMs : dk;
  const windowEnd = Math.min(uncapped, now);
  const out = new Map<string, FactsSection>();
  const agentVals = new Map<string, Map<string, Map<MetricKey, number[]>>>();
  const teamVals = new Map<string, Map<MetricKey, number[]>>();
  const pending = new Map<string, PendingAutoClose[]>();
  const routes = new Map<string, Record<string, number>>();
  for (const day of days) {
    agentVals.set(day, new Map());
    teamVals.set(day, new Map());
    pending.set(day, []);
    routes.set(day, {});
  }
  if (windowEnd > d1) {
    const events = await runChatEvents(db, d1, dk, windowEnd, acMs);
    const episodeSettings: EpisodeSettings = { autoCloseAfterS: ctx.settings.autoCloseAfterS, businessHours: ctx.settings.businessHours };
    const resolveAgent = ctx.directory.resolve;
    const recordingStart = ctx.directory.recordingStart;
    const episodes = buildEpisodes(events, episodeSettings, { now: windowEnd, resolveAgent, recordingStart });
    for (const ep of episodes) {
      const counts = ep.openedAt >= d1 && ep.openedAt < dk ? routes.get(dayKey(ep.openedAt, zone)) : undefined;
      if (counts) counts[ep.route] = (counts[ep.route] ?? 0) + 1;
    }
    for (const f of factsOf(episodes)) {
      if (f.at < d1 || f.at >= dk) continue;
      const day = dayKey(f.at, zone);
      const perAgent = agentVals.get(day);
      const team = teamVals.get(day);
      if (!perAgent || !team) continue;
      let mine = perAgent.get(f.agent);
      if (!mine) perAgent.set(f.agent, (mine = new Map()));
      pushValue(mine, f.metric, f.ms);
      pushValue(team, f.metric, f.ms);
      if (f.bhMs !== null) {
        pushValue(mine, `${f.metric}_bh`, f.bhMs);
        pushValue(team, `${f.metric}_bh`, f.bhMs);
      }
    }
    // Open at `now` with the last message in the run: its auto-close is pending, not yet a fact.
    if (windowEnd < uncapped && Number.isFinite(acMs)) {
      const open = episodes.filter((ep) => ep.closedAt === null && ep.lastMessageAt >= d1 && ep.lastMessageAt < dk);
      if (open.length) {
        const ids = new Set(open.map((ep) => ep.id));
        const chats = new Set(open.map(chatKey));
        const theirs = events.filter((e) => chats.has(chatKey(e)));
        const later = Math.max(...open.map((ep) => ep.lastMessageAt)) + acMs;
        for (const ep of buildEpisodes(theirs, episodeSettings, { now: later, resolveAgent, recordingStart })) {
          if (!ids.has(ep.id) || ep.closedBy !== AUTO || ep.closedAt === null || ep.beforeRecording) continue;
          pending.get(dayKey(ep.closedAt, zone))?.push({
            due: ep.lastMessageAt + acMs,
            at: ep.closedAt,
            closeMs: ep.closeMs ?? 0,
            closeBhMs: ep.closeBhMs,
            handlingMs: ep.handlingMs ?? 0,
            handlingBhMs: ep.handlingBhMs,
          });
        }
      }
    }
  }
  for (const day of days) {
    const perAgent = agentVals.get(day) ?? new Map<string, Map<MetricKey, number[]>>();
    const team = teamVals.get(day) ?? new Map<MetricKey, number[]>();
    // Every value is kept (a sketch only past EXACT_LIMIT in one agent-day): a merged sample is
    // exact up to EXACT_LIMIT values as docs/metrics.md requires, even with `auto`'s hundreds a day.
    const agents = Object.fromEntries([...perAgent].map(([agent, m]) => [agent, toStoredAggs(m, EXACT_LIMIT, false)]));
    packValues(agents);
    out.set(day, {
      computedAt: now,
      agents,
      team: toStoredAggs(team, 0, true),
      series: Object.fromEntries(SERIES_KEYS.map((k) => [k, summarize(aggOf(team.get(k) ?? []))])) as DaySeries,
      routes: routes.get(day) ?? {},
      pending: pending.get(day) ?? [],
    });
  }
  return out;
}

/** The status sections of consecutive days `days`, as of `ctx.now`. */
export async function computeStatusRun(db: PulseDb, days: readonly string[], ctx: RunContext): Promise<Map<string, StatusSection>> {
  const { basis, now } = ctx;
  const zone = basis.zone;
  const hbMs = heartbeatMsOf(basis);
  const d1 = dayRange(days[0], zone).from;
  const dk = dayRange(days[days.length - 1], zone).to;
  const windowEnd = Math.min(dk + hbMs, now);
  const agents = new Map<string, Record<string, { onlineMs: number; unavailableMs: number; spans: number[] }>>(days.map((d) => [d, {}]));
  if (windowEnd > d1 - hbMs) {
    const events = await readStatusEventsBetween(db, d1 - hbMs, windowEnd);
    const intervals = statusIntervals(events, { now: windowEnd, heartbeatTimeoutS: basis.heartbeatTimeoutS, resolveAgent: ctx.directory.resolve });
    for (const interval of intervals) {
      // Offline is the absence of the others: the timeline draws it as a gap.
      if (interval.status === 'offline') continue;
      const part = clip(interval, { from: d1, to: dk });
      if (!part) continue;
      for (const piece of periodsIn('day', part, zone)) {
        const perAgent = agents.get(piece.key);
        if (!perAgent) continue;
        const a = (perAgent[interval.agent] ??= { onlineMs: 0, unavailableMs: 0, spans: [] });
        a.spans.push(piece.from, piece.to, SEGMENT_CODES.indexOf(interval.status));
        if (interval.status === 'online') a.onlineMs += piece.to - piece.from;
        else a.unavailableMs += piece.to - piece.from;
      }
    }
  }
  // One buffer per day for every agent's spans (packInto).
  const packed = (day: string): StatusSection['agents'] => {
    const list = Object.entries(agents.get(day) ?? {});
    const spans = packInto(list.map(([, a]) => a.spans), (n) => new Float64Array(n));
    return Object.fromEntries(list.map(([agent, a], i) => [agent, { onlineMs: a.onlineMs, unavailableMs: a.unavailableMs, spans: spans[i] }]));
  };
  return new Map(days.map((day) => [day, { computedAt: now, final: now >= dayRange(day, zone).to + hbMs, agents: packed(day) }]));
}

// ---------------------------------------------------------------------------------------------
// Recomputing dirty days

/** Consecutive days, cut into runs of at most `size`. */
export function runsOf(days: readonly string[], zone: string, size = RUN_DAYS): string[][] {
  const runs: string[][] = [];
  let run: string[] = [];
  for (const day of [...days].sort()) {
    const prev = run[run.length - 1];
    if (run.length && (run.length >= size || nextDay(prev, zone) !== day)) {
      runs.push(run);
      run = [];
    }
    run.push(day);
  }
  if (run.length) runs.push(run);
  return runs;
}

/**
 * Stores the sections and clears the matching part of each day's mark, unless the day was
 * re-marked since `gens` was read (its gen moved) or the basis changed meanwhile (then nothing
 * is written: the rebuild that the new basis started covers it). A day not in `gens` had no mark
 * (a status the query found final): it is stored, and a mark found then is left as it is.
 */
export async function writeSections(db: PulseDb, basis: RollupBasis, kind: 'facts' | 'status', sections: Map<string, FactsSection | StatusSection>, gens: Map<string, number>): Promise<boolean> {
  const tx = db.transaction(['rollups', ...SPAN_STORES, 'dirty_days', 'meta'] as const, 'readwrite', { durability: 'relaxed' });
  const rollups = tx.objectStore('rollups');
  const marks = tx.objectStore('dirty_days');
  const current = (await tx.objectStore('meta').get(BASIS_KEY)) as RollupBasis | undefined;
  if (!sameBasis(current, basis)) {
    await tx.done;
    return false;
  }
  const read = await Promise.all([...sections].map(async ([day, section]) => {
    const [record, mark] = await Promise.all([rollups.get(day), marks.get(day)]);
    return { day, section, record, mark };
  }));
  // A section whose mark (as read) has been cleared since, at the same gen, or is gone, was rebuilt
  // meanwhile by another recompute (the worker's beside a page's), or its day was pruned: this
  // result is no newer, and writing it would drop the day's spans.
  const done = (day: string, mark: DirtyMark | undefined): boolean => gens.has(day) && (!mark || (mark.gen === gens.get(day) && !mark[kind]));
  const kept = read.filter(({ day, mark }) => !done(day, mark));
  await Promise.all([dropSpansOf(SPAN_STORES.map((name) => tx.objectStore(name)), kept.map(({ day }) => day)), ...kept.map(async ({ day, section, record, mark }) => {
    const next: DayRollup = record ?? { day, facts: null, status: null };
    if (kind === 'facts') next.facts = section as FactsSection;
    else next.status = section as StatusSection;
    const writes: Promise<unknown>[] = [rollups.put(next)];
    if (mark && mark.gen === gens.get(day)) {
      const cleared: DirtyMark = { ...mark, [kind]: false };
      writes.push(cleared.facts || cleared.status ? marks.put(cleared) : marks.delete(day));
    }
    await Promise.all(writes);
  })]);
  await tx.done;
  return true;
}

export interface RecomputeOptions {
  settings: RollupSettings;
  /** The rollups' zone; default settings.timeZone. A different zone than the stored one rebuilds every day. */
  zone?: string;
  now: number;
  /** Only dirty days in [from, to) ('YYYY-MM-DD'); all when omitted. */
  from?: string;
  to?: string;
  /** After each run of days: how many of the facts and status days to rebuild are done. */
  onProgress?: (done: number, total: number) => void;
}

export interface RecomputeResult {
  /** Every day had been marked because the basis changed (or rollups never existed). */
  rebuilt: boolean;
  factDays: number;
  statusDays: number;
  /** Days whose status was stored again because it has become final (so their spans can form). */
  finalized: number;
  /** Spans of days built after (rollup-spans.ts). */
  spans: number;
}

/** Whether a recompute wrote anything: records read before it may be out of date. */
export const recomputeWrote = (r: RecomputeResult): boolean => r.rebuilt || r.factDays + r.statusDays + r.finalized + r.spans > 0;

/** Rebuilds the dirty days (of a range, or all), run by run; safe to call concurrently and again. */
export async function recomputeDirtyDays(db: PulseDb, options: RecomputeOptions): Promise<RecomputeResult> {
  const zone = options.zone ?? options.settings.timeZone;
  const state = await ensureRollupBasis(db, options.settings, zone);
  const range = options.from !== undefined && options.to !== undefined ? IDBKeyRange.bound(options.from, options.to, false, true)
    : options.from !== undefined ? IDBKeyRange.lowerBound(options.from)
      : options.to !== undefined ? IDBKeyRange.upperBound(options.to, true) : undefined;
  const marks = await db.getAll('dirty_days', range);
  if (options.to !== undefined) marks.push(...await dirtyRightAfter(db, marks, options.to, zone));
  const gens = new Map(marks.map((m) => [m.day, m.gen]));
  const ctx: RunContext = { settings: options.settings, basis: state.basis, directory: state.directory, now: options.now };
  const result: RecomputeResult = { rebuilt: state.rebuilt, factDays: 0, statusDays: 0, finalized: 0, spans: 0 };
  const factRuns = runsOf(marks.filter((m) => m.facts).map((m) => m.day), zone);
  const statusRuns = runsOf(marks.filter((m) => m.status).map((m) => m.day), zone);
  const total = marks.reduce((n, m) => n + Number(m.facts) + Number(m.status), 0);
  for (const run of factRuns) {
    if (!(await writeSections(db, state.basis, 'facts', await computeFactsRun(db, run, ctx), gens))) return result;
    result.factDays += run.length;
    options.onProgress?.(result.factDays, total);
  }
  for (const run of statusRuns) {
    if (!(await writeSections(db, state.basis, 'status', await computeStatusRun(db, run, ctx), gens))) return result;
    result.statusDays += run.length;
    options.onProgress?.(result.factDays + result.statusDays, total);
  }
  const spanBuild = { zone, now: options.now, heartbeatMs: heartbeatMsOf(state.basis), from: options.from, to: options.to };
  let spans = await buildSpans(db, spanBuild);
  if (spans.unsettled.length > 0) {
    // Statuses computed while their day could still change are final now: store them as such.
    for (const run of runsOf(spans.unsettled, zone)) {
      if (!(await writeSections(db, state.basis, 'status', await computeStatusRun(db, run, ctx), gens))) return result;
      result.finalized += run.length;
    }
    spans = await buildSpans(db, spanBuild);
  }
  result.spans = spans.built;
  return result;
}

/**
 * The dirty fact days that continue a range's last dirty day past its end, up to a run: rebuilt in
 * the same run, the episodes opened in the range see what decides them later (a routing answer
 * the next day), which the marks cover as one span of days.
 */
async function dirtyRightAfter(db: PulseDb, marks: readonly DirtyMark[], to: string, zone: string): Promise<DirtyMark[]> {
  const last = marks.at(-1);
  if (!last?.facts || nextDay(last.day, zone) !== to) return [];
  const after = await db.getAll('dirty_days', IDBKeyRange.lowerBound(to), RUN_DAYS);
  const out: DirtyMark[] = [];
  for (let day = to; out.length < after.length && after[out.length].day === day && after[out.length].facts; day = nextDay(day, zone)) out.push(after[out.length]);
  return out;
}

/** The stored day records of [from, to). */
export async function readDayRollups(db: PulseDb, from: string, to: string): Promise<DayRollup[]> {
  return db.getAll('rollups', IDBKeyRange.bound(from, to, false, true));
}

/** How many days are waiting to be rebuilt. */
export async function countDirtyDays(db: PulseDb): Promise<number> {
  return db.count('dirty_days');
}
