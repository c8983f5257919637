/**
 * Spans: runs of 4, 16 and 64 aligned days of rollups merged into one record each (derived from the
 * day records, like those are from the events), so a query over a quarter reads about fifteen
 * records instead of ninety. Chromium's IndexedDB pays per record read about as much as for its
 * bytes (a day is ~100 KB at 50 agents), and the agents' values of many days merged into one
 * sorted part cost a query no more than one day's.
 *
 * - A span holds each of its days' own figures (the per-day series, closes, routes, pending
 *   auto-closes, status) and, per agent and for the team, every day's parts merged (mergeParts), so
 *   a query over spans gives exactly the figures of the same query over days.
 * - It is built only from settled days: no dirty mark, status final (time alone cannot change it);
 *   a day without a record is an empty day. Blocks are aligned on the calendar (day number modulo
 *   the size), so every day belongs to one span of each size.
 * - Whatever rewrites a day record drops the spans holding that day in the same transaction
 *   (dropSpansOf); buildSpans makes the missing ones again, each in one transaction that reads the
 *   day records or the four smaller spans it merges, so a span never outlives its days.
 * - An agent filter reads days (the per-day series then need the agents' values of each day).
 */
import { dayKey } from '../metrics/periods';
import type { PulseDb } from './db';
import type { DayFigures, DayRollup, RollupSpan, StoredAggs } from './rollup-types';
import { type StoredSpan, type StoredSpanAgents, decodeAgents, encodeSpan } from './span-codec';
import { type PartsByMetric, addParts, mergeParts } from './stored-parts';

/** Each size is four of the one before: a span of 16 merges four of 4. */
export const SPAN_SIZES = [4, 16, 64] as const;
const DAY_MS = 86_400_000;

/** Calendar days since 1970-01-01 of a 'YYYY-MM-DD' key (zone-free: keys are already local days). */
export const dayNumber = (day: string): number => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / DAY_MS;
export const dayOfNumber = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** What a query merges: the spans and the days, the latter as spans of one. */
export type RollupUnit = Pick<RollupSpan, 'days' | 'agents' | 'team'>;

/** A day record's own figures (the series stored with its facts). */
export function dayFigures(record: DayRollup): DayFigures {
  const closes: Record<string, number> = {};
  for (const [agent, aggs] of Object.entries(record.facts?.agents ?? {})) closes[agent] = aggs.close?.count ?? 0;
  return {
    day: record.day,
    series: record.facts?.series ?? null,
    closes,
    routes: record.facts?.routes ?? {},
    pending: record.facts?.pending ?? [],
    status: record.status,
  };
}

export const dayUnit = (record: DayRollup): RollupUnit => ({ days: [dayFigures(record)], agents: record.facts?.agents ?? {}, team: record.facts?.team ?? {} });

function mergeAggs(list: readonly StoredAggs[]): StoredAggs {
  const byKey: PartsByMetric = new Map();
  for (const aggs of list) addParts(byKey, aggs);
  return Object.fromEntries([...byKey].map(([key, parts]) => [key, mergeParts(parts)]));
}

/** The span of `size` days from `start` holding the units (its days, or four smaller spans). */
export function spanOf(size: number, start: string, units: readonly RollupUnit[]): RollupSpan {
  const perAgent = new Map<string, StoredAggs[]>();
  for (const unit of units) {
    for (const [agent, aggs] of Object.entries(unit.agents)) {
      const list = perAgent.get(agent);
      if (list) list.push(aggs);
      else perAgent.set(agent, [aggs]);
    }
  }
  const agents = Object.fromEntries([...perAgent].map(([agent, list]) => [agent, mergeAggs(list)]));
  return { size, start, days: units.flatMap((u) => u.days), agents, team: mergeAggs(units.map((u) => u.team)) };
}

/** First day of the span of `size` holding day number `n`. */
const alignedStart = (n: number, size: number): number => n - (((n % size) + size) % size);

type SpanKey = [size: number, start: string];

/** A span is two records under one key: its own (days' figures, team) and its agents' parts. */
export const SPAN_STORES = ['rollup_spans', 'span_agents'] as const;

/** Deletes the spans holding any of `days` from both SPAN_STORES (part of the transaction that rewrites those days). */
export function dropSpansOf(stores: ReadonlyArray<{ delete(key: SpanKey): Promise<unknown> }>, days: Iterable<string>): Promise<unknown> {
  const keys = new Map<string, SpanKey>();
  for (const day of days) {
    for (const size of SPAN_SIZES) {
      const start = dayOfNumber(alignedStart(dayNumber(day), size));
      keys.set(`${size}:${start}`, [size, start]);
    }
  }
  return Promise.all(stores.flatMap((store) => [...keys.values()].map((key) => store.delete(key))));
}

const settled = (record: DayRollup): boolean => !record.status || record.status.final;

export interface SpanBuild {
  zone: string;
  now: number;
  heartbeatMs: number;
  /** Only spans inside [from, to) ('YYYY-MM-DD'); every settled one when omitted. */
  from?: string;
  to?: string;
}

export interface SpansBuilt {
  built: number;
  /**
   * Days whose status is final by now but was stored before (computed while the day could still
   * change): their blocks wait until the caller recomputes those statuses.
   */
  unsettled: string[];
}

/**
 * Builds the missing spans of settled days, smallest first (a span of 16 needs its four spans of
 * 4, or none where a quarter holds no day record). Only blocks holding a day record are visited:
 * the cost follows the days with records, never the calendar between the first and the last.
 * Safe to run concurrently with writes: each span is read and written in one transaction that
 * also checks the marks, and a later write of a day drops it.
 */
export async function buildSpans(db: PulseDb, options: SpanBuild): Promise<SpansBuilt> {
  const read = db.transaction(['rollups', 'rollup_spans', 'dirty_days']);
  const inRange = options.from === undefined && options.to === undefined ? undefined
    : IDBKeyRange.bound(options.from ?? '', options.to ?? '\uffff', false, true);
  const [days, spanKeys, marks] = await Promise.all([
    read.objectStore('rollups').getAllKeys(inRange),
    read.objectStore('rollup_spans').getAllKeys(),
    read.objectStore('dirty_days').getAllKeys(),
  ]);
  const out: SpansBuilt = { built: 0, unsettled: [] };
  const have = new Set(spanKeys.map(([size, start]) => `${size}:${start}`));
  // Days before the one holding now − timeout have their status final by time.
  const horizon = Math.min(dayNumber(dayKey(options.now - options.heartbeatMs, options.zone)), options.to === undefined ? Infinity : dayNumber(options.to));
  const lowest = options.from === undefined ? -Infinity : dayNumber(options.from);
  const blocksOf = (list: readonly string[], size: number) => new Set(list.map((d) => alignedStart(dayNumber(d), size)));
  const holding = new Map<number, Set<number>>(SPAN_SIZES.map((size) => [size, blocksOf(days, size)]));
  for (const size of SPAN_SIZES) {
    const dirty = blocksOf(marks, size);
    for (const start of holding.get(size) ?? []) {
      const key = `${size}:${dayOfNumber(start)}`;
      if (start < lowest || start + size > horizon || have.has(key) || dirty.has(start)) continue;
      const child = size / 4;
      const children = [0, 1, 2, 3].map((i) => start + i * child);
      if (size > SPAN_SIZES[0] && children.some((c) => !have.has(`${child}:${dayOfNumber(c)}`) && holding.get(child)?.has(c))) continue;
      const result = await buildSpan(db, size, start);
      if (result === true) {
        have.add(key);
        out.built++;
      } else {
        out.unsettled.push(...result);
      }
    }
  }
  return out;
}

/** True once built; else the days that kept it from being built because their status is not final. */
async function buildSpan(db: PulseDb, size: number, start: number): Promise<true | string[]> {
  const tx = db.transaction(['rollups', ...SPAN_STORES, 'dirty_days'] as const, 'readwrite', { durability: 'relaxed' });
  const from = dayOfNumber(start);
  const days = IDBKeyRange.bound(from, dayOfNumber(start + size), false, true);
  const spans = tx.objectStore('rollup_spans');
  const spanAgents = tx.objectStore('span_agents');
  const childKeys: SpanKey[] = size === SPAN_SIZES[0] ? [] : [0, 1, 2, 3].map((i) => [size / 4, dayOfNumber(start + (i * size) / 4)]);
  const [marks, records, children, childAgents] = await Promise.all([
    tx.objectStore('dirty_days').count(days),
    size === SPAN_SIZES[0] ? tx.objectStore('rollups').getAll(days) : [],
    Promise.all(childKeys.map((key) => spans.get(key))),
    Promise.all(childKeys.map((key) => spanAgents.get(key))),
  ]);
  const unsettled = records.filter((r) => !settled(r)).map((r) => r.day);
  // A quarter without a span is empty if it holds no day record (no span is built for it).
  const missing = await Promise.all(childKeys.map(([childSize, childStart], i) => (children[i] && childAgents[i]
    ? 0 : tx.objectStore('rollups').count(IDBKeyRange.bound(childStart, dayOfNumber(dayNumber(childStart) + childSize), false, true)))));
  if (marks > 0 || unsettled.length > 0 || missing.some((n) => n > 0)) {
    await tx.done;
    return unsettled;
  }
  const units = size === SPAN_SIZES[0] ? records.map(dayUnit) : children.flatMap((child, i) => (child ? [{ ...child, agents: decodeAgents(childAgents[i] as StoredSpanAgents) }] : []));
  const stored = encodeSpan(spanOf(size, from, units));
  await Promise.all([spans.put(stored.span), spanAgents.put(stored.agents), tx.done]);
  return true;
}

/**
 * The records a query over [from, to) reads: the largest built span at each step, else the day.
 * Days come back as records (a query may need to refresh their status); spans as their own
 * records, without the agents' parts (readSpanAgents).
 */
export async function readCover(db: PulseDb, from: string, to: string): Promise<{ spans: StoredSpan[]; days: DayRollup[] }> {
  const tx = db.transaction(['rollups', 'rollup_spans']);
  const spans = tx.objectStore('rollup_spans');
  const have = new Set((await spans.getAllKeys()).map(([size, start]) => `${size}:${start}`));
  const wanted: SpanKey[] = [];
  const dayRuns: Array<[string, string]> = [];
  const end = dayNumber(to);
  for (let n = dayNumber(from); n < end;) {
    const size = [...SPAN_SIZES].reverse().find((s) => n % s === 0 && n + s <= end && have.has(`${s}:${dayOfNumber(n)}`));
    if (size) {
      wanted.push([size, dayOfNumber(n)]);
      n += size;
      continue;
    }
    const last = dayRuns[dayRuns.length - 1];
    if (last && last[1] === dayOfNumber(n)) last[1] = dayOfNumber(n + 1);
    else dayRuns.push([dayOfNumber(n), dayOfNumber(n + 1)]);
    n++;
  }
  const [spanRecords, dayLists] = await Promise.all([
    Promise.all(wanted.map((key) => spans.get(key))),
    Promise.all(dayRuns.map(([a, b]) => tx.objectStore('rollups').getAll(IDBKeyRange.bound(a, b, false, true)))),
  ]);
  return { spans: spanRecords.filter((s): s is StoredSpan => !!s), days: dayLists.flat() };
}

/**
 * The agents' parts of `spans` (as readCover gave them), in their order; null when any span was
 * rebuilt or dropped since (its agents' record is gone or of another build): the caller reads again.
 */
export async function readSpanAgents(db: PulseDb, spans: readonly StoredSpan[]): Promise<Array<Record<string, StoredAggs>> | null> {
  const store = db.transaction('span_agents').store;
  const records = await Promise.all(spans.map((s) => store.get([s.size, s.start])));
  if (records.some((r, i) => r?.build !== spans[i].build)) return null;
  return records.map((r) => decodeAgents(r as StoredSpanAgents));
}
