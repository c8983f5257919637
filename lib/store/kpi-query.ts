/**
 * The side panel's KPI query over the stored day rollups (rollups-store.ts): recomputes the dirty
 * days of the range first, then merges the spans and days that cover it (rollup-spans.ts) × agents.
 * It never scans the event log, except the
 * status events of days not yet final (today, and yesterday for a heartbeat timeout), whose online
 * time still grows with `now`.
 *
 * The numbers are the engine's (lib/metrics computeKpis over buildEpisodes and statusIntervals of
 * the whole log at `now`, for the days' range): the same facts, merged with the same rules, so a
 * summary is exact while the sample is at most EXACT_LIMIT (every agent-day part keeps its raw
 * values up to that), and otherwise comes from the merged sketch, marked `approximate`.
 */
import type { Settings } from '../settings';
import { EXACT_LIMIT, type Summary } from '../metrics/aggregate';
import { AUTO } from '../metrics/episodes';
import { METRIC_KEYS, type MetricKey, type MetricSummaries } from '../metrics/metric-aggs';
import type { AgentDirectory } from '../metrics/agent-directory';
import type { RouteCount } from '../metrics/routing';
import type { SlaCompliance } from '../metrics/sla';
import type { PulseDb } from './db';
import { dayRange, daysIn } from './days';
import { heartbeatMsOf } from './dirty-days';
import { type DayRollup, type DaySeries, type PendingAutoClose, SEGMENT_CODES, SERIES_KEYS, type StatusSection, type StatusSegment, type StoredAgg } from './rollup-types';
import { type RollupUnit, dayUnit, readCover, readSpanAgents } from './rollup-spans';
import { type Merged, type PartsByMetric, addParts, histogramOf, storedAggOf, summarizeParts, totalsOf } from './stored-parts';
import { type RecomputeResult, computeStatusRun, ensureRollupBasis, readDayRollups, readDirectory, recomputeDirtyDays, recomputeWrote, runsOf, writeSections } from './rollups-store';

export interface KpiQuery {
  /** First day 'YYYY-MM-DD' (team zone), inclusive. */
  from: string;
  /** Day after the last, exclusive. */
  to: string;
  /** Only these agents (the team figures then cover only them; include `auto` to count auto-closes). */
  agents?: readonly string[];
  /** The team zone the days are in; a zone other than the rollups' rebuilds every day first. */
  zone: string;
  settings: Pick<Settings, 'timeZone' | 'autoCloseAfterS' | 'businessHours' | 'heartbeatTimeoutS' | 'targets'>;
  /** The instant the answer is as of: pending auto-closes due by then count, running status intervals end then. */
  now: number;
  /** Per-day series and the histogram in business time (`_bh` values) instead of calendar time. */
  business?: boolean;
  /** Bin edges (ms) of the FRT histogram: bin i is [edge i, edge i+1), the last one open. */
  histogramEdgesMs?: readonly number[];
  /** While dirty days are rebuilt first (after an import, say): days done of the total. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Called first with the answer before the agents' own figures (`agents` empty, `partial` set),
   * when no filter is on, spans cover part of the range and every team sample is past the exact
   * path (long ranges): the team's figures then come from the spans' own small records, so a page
   * can paint them before the agents' values are read. The query goes on once its promise settles
   * (a page lets the answer reach the screen first).
   */
  onTeam?: (early: KpiQueryResult) => void | Promise<void>;
}

export interface KpiTotals {
  /** count, mean, p50, p95, p99, min, max in seconds for every duration KPI, calendar and `_bh`. */
  summaries: MetricSummaries;
  /** Share of FRT / RT / close values within the targets (calendar time). */
  sla: SlaCompliance;
  /** The same on business-hours values (all null while business hours are off). */
  slaBusiness: SlaCompliance;
  chatsClosed: number;
  onlineS: number;
  unavailableS: number;
}

export interface KpiSeries {
  days: string[];
  /** Each day's start (UTC ms). */
  starts: number[];
  /** Team (or selected agents) per day, seconds; null on a day without values. */
  frtMean: (number | null)[];
  frtP95: (number | null)[];
  rtMean: (number | null)[];
  rtP95: (number | null)[];
  botMean: (number | null)[];
  botP95: (number | null)[];
  /** Chats closed per agent per day (auto-closes excluded), agents sorted by id. */
  closed: Array<{ agent: string; values: number[] }>;
}

export interface KpiQueryResult {
  from: string;
  to: string;
  zone: string;
  now: number;
  team: KpiTotals & { autoClosed: number };
  /** Agents with a fact or online/unavailable time in the range (`auto` never listed), sorted by id. */
  agents: Array<KpiTotals & { agent: string }>;
  /** Set on the early answer given to onTeam: `agents` is not read yet. */
  partial?: true;
  series: KpiSeries;
  /** Episodes opened in the range per route, most frequent first (every agent: routing is per conversation). */
  routes: RouteCount[];
  /** FRT responses per bin of `histogramEdgesMs` (empty without edges). */
  histogram: number[];
  /** Each agent's status intervals in the range, joined across midnights, agents sorted by id. */
  timeline: Array<{ agent: string; segments: StatusSegment[] }>;
  /** Names and teams, from the stored agent events. */
  directory: AgentDirectory;
  /** What the query had to rebuild first. */
  recomputed: RecomputeResult;
}

/** Pending auto-closes as extra parts. */
interface Extra {
  close: number[];
  handling: number[];
  close_bh: number[];
  handling_bh: number[];
}

function totals(parts: PartsByMetric, status: { onlineMs: number; unavailableMs: number }, targets: Settings['targets'], chatsClosed: number, sketchParts?: PartsByMetric): KpiTotals {
  const merged = Object.fromEntries(METRIC_KEYS.map((k) => [k, summarizeParts(parts.get(k) ?? [], sketchParts?.get(k))])) as Record<MetricKey, Merged>;
  const sla = (bh: boolean): SlaCompliance => ({
    frt: merged[bh ? 'frt_bh' : 'frt'].shareAtMost(targets.frtS * 1000),
    rt: merged[bh ? 'rt_bh' : 'rt'].shareAtMost(targets.rtS * 1000),
    close: merged[bh ? 'close_bh' : 'close'].shareAtMost(targets.closeS * 1000),
  });
  return {
    summaries: Object.fromEntries(METRIC_KEYS.map((k) => [k, merged[k].summary])) as MetricSummaries,
    sla: sla(false),
    slaBusiness: sla(true),
    chatsClosed,
    onlineS: status.onlineMs / 1000,
    unavailableS: status.unavailableMs / 1000,
  };
}

const pendingExtra = (pending: readonly PendingAutoClose[], now: number): Extra | null => {
  const due = pending.filter((p) => p.due <= now);
  if (due.length === 0) return null;
  const extra: Extra = { close: [], handling: [], close_bh: [], handling_bh: [] };
  for (const p of due) {
    extra.close.push(p.closeMs);
    extra.handling.push(p.handlingMs);
    if (p.closeBhMs !== null) extra.close_bh.push(p.closeBhMs);
    if (p.handlingBhMs !== null) extra.handling_bh.push(p.handlingBhMs);
  }
  return extra;
};

const extraParts = (extra: Extra): Partial<Record<MetricKey, StoredAgg>> =>
  Object.fromEntries((Object.keys(extra) as Array<keyof Extra>).filter((k) => extra[k].length).map((k) => [k, storedAggOf(extra[k], Infinity)]));

/**
 * Status sections of the days not final yet, recomputed as of `now` (their online time depends
 * on it); the ones that have become final are stored, so they are read next time.
 */
async function freshStatus(db: PulseDb, records: DayRollup[], query: KpiQuery): Promise<Map<string, StatusSection>> {
  const hbMs = heartbeatMsOf(query.settings);
  const stale = records.filter((r) => r.status && !r.status.final && r.status.computedAt !== query.now).map((r) => r.day);
  const out = new Map<string, StatusSection>();
  if (stale.length === 0) return out;
  const state = await ensureRollupBasis(db, query.settings, query.zone);
  for (const run of runsOf(stale, query.zone)) {
    for (const [day, section] of await computeStatusRun(db, run, { settings: query.settings, basis: state.basis, directory: state.directory, now: query.now })) {
      out.set(day, section);
    }
  }
  // Unmarked days: stored as recomputeDirtyDays stores a section (spans of the day dropped), unless the basis moved meanwhile.
  const final = [...out].filter(([day, s]) => s.final && query.now >= dayRange(day, query.zone).to + hbMs);
  if (final.length) await writeSections(db, state.basis, 'status', new Map(final), new Map());
  return out;
}

/** A sample past the exact path is drawn from its sketches too (one per day instead of every value). */
function histogramParts(parts: StoredAgg[], sketchParts: StoredAgg[] | undefined): StoredAgg[] {
  const t = totalsOf(parts);
  return sketchParts && (!t.allValues || t.count > EXACT_LIMIT) ? sketchParts : parts;
}

/** Each agent's day spans as segments, joined where one day's interval goes on the next. */
function joinTimeline(perAgent: Map<string, Float64Array[]>): KpiQueryResult['timeline'] {
  return [...perAgent.keys()].sort().map((agent) => {
    const segments: StatusSegment[] = [];
    for (const spans of perAgent.get(agent) ?? []) {
      for (let i = 0; i < spans.length; i += 3) {
        const [from, to, status] = [spans[i], spans[i + 1], SEGMENT_CODES[spans[i + 2]]];
        const last = segments[segments.length - 1];
        if (last && last.status === status && last.to === from) last.to = to;
        else segments.push({ status, from, to });
      }
    }
    return { agent, segments };
  });
}

const summaryOf = (parts: PartsByMetric, key: MetricKey): Summary => summarizeParts(parts.get(key) ?? []).summary;

/** A day record as a unit of the filtered agents only, its series drawn from their parts. */
function filteredDayUnit(record: DayRollup, wanted: (agent: string) => boolean): RollupUnit {
  const facts = record.facts && { ...record.facts, agents: Object.fromEntries(Object.entries(record.facts.agents).filter(([agent]) => wanted(agent))) };
  const unit = dayUnit({ ...record, facts });
  if (facts) {
    const parts: PartsByMetric = new Map();
    for (const aggs of Object.values(facts.agents)) addParts(parts, aggs);
    unit.days[0].series = Object.fromEntries(SERIES_KEYS.map((k) => [k, summaryOf(parts, k)])) as DaySeries;
  }
  return unit;
}

export async function queryKpis(db: PulseDb, query: KpiQuery): Promise<KpiQueryResult> {
  const { zone, now, settings } = query;
  const only = query.agents ? new Set(query.agents) : null;
  const wanted = (agent: string): boolean => !only || only.has(agent);
  // Spans hold the team's per-day series only: a filter reads days.
  const read = () => Promise.all([
    only ? readDayRollups(db, query.from, query.to).then((days) => ({ spans: [], days })) : readCover(db, query.from, query.to),
    readDirectory(db),
  ]);
  // Mostly nothing is dirty: the records are read while that is checked, and again if it was not so.
  const beforeRecompute = read();
  beforeRecompute.catch(() => undefined); // a failure counts only if these records are used
  const recomputed = await recomputeDirtyDays(db, { settings, zone, now, from: query.from, to: query.to, onProgress: query.onProgress });
  const [cover, { directory }] = recomputeWrote(recomputed) ? await read() : await beforeRecompute;
  // Without an early answer to give, the agents' records are read meanwhile.
  const agentsRead = query.onTeam ? null : readSpanAgents(db, cover.spans);
  agentsRead?.catch(() => undefined); // awaited below; a failure must not count as unhandled meanwhile
  const status = await freshStatus(db, cover.days, query);
  // The spans' agents' parts are filled in once read; units stay in time order, since the timeline
  // joins each agent's day spans in the order they come.
  const spanUnits: RollupUnit[] = cover.spans.map((span) => ({ days: span.days, team: span.team, agents: {} }));
  const units: RollupUnit[] = [...spanUnits, ...cover.days.map((r) => (only ? filteredDayUnit(r, wanted) : dayUnit(r)))]
    .filter((u) => u.days.length > 0).sort((a, b) => (a.days[0].day < b.days[0].day ? -1 : 1));
  const bh = query.business ? '_bh' as const : '';

  const teamSketches: PartsByMetric = new Map();
  const extrasOf = new Map<RollupUnit, Array<Partial<Record<MetricKey, StoredAgg>>>>();
  const agentStatus = new Map<string, { onlineMs: number; unavailableMs: number }>();
  const spans = new Map<string, Float64Array[]>();
  const closedByAgent = new Map<string, number>();
  const routes = new Map<string, number>();
  const teamStatus = { onlineMs: 0, unavailableMs: 0 };
  let autoClosed = 0;
  const days = daysIn(query.from, query.to, zone);
  const dayIndex = new Map(days.map((d, i) => [d, i]));
  const none = (): (number | null)[] => new Array<number | null>(days.length).fill(null);
  const series: KpiSeries = {
    days, starts: days.map((d) => dayRange(d, zone).from), frtMean: none(), frtP95: none(), rtMean: none(), rtP95: none(), botMean: none(), botP95: none(), closed: [],
  };
  const closedPerDay = new Map<string, number[]>();

  // Everything but the agents' parts: each day's own figures, and the team's sketches.
  for (const unit of units) {
    if (!only) addParts(teamSketches, unit.team);
    const extras: Array<Partial<Record<MetricKey, StoredAgg>>> = [];
    extrasOf.set(unit, extras);
    for (const figures of unit.days) {
      const i = dayIndex.get(figures.day);
      if (i === undefined) continue;
      for (const [agent, closes] of Object.entries(figures.closes)) {
        if (!wanted(agent)) continue;
        if (agent === AUTO) {
          autoClosed += closes;
          continue;
        }
        closedByAgent.set(agent, (closedByAgent.get(agent) ?? 0) + closes);
        let perDay = closedPerDay.get(agent);
        if (!perDay) closedPerDay.set(agent, (perDay = new Array<number>(days.length).fill(0)));
        perDay[i] += closes;
      }
      for (const [route, n] of Object.entries(figures.routes)) routes.set(route, (routes.get(route) ?? 0) + n);
      const extra = wanted(AUTO) ? pendingExtra(figures.pending, now) : null;
      if (extra) {
        autoClosed += extra.close.length;
        const parts = extraParts(extra);
        extras.push(parts);
        addParts(teamSketches, parts);
      }
      if (figures.series) {
        series.frtMean[i] = figures.series[`frt${bh}`].mean;
        series.frtP95[i] = figures.series[`frt${bh}`].p95;
        series.rtMean[i] = figures.series[`rt${bh}`].mean;
        series.rtP95[i] = figures.series[`rt${bh}`].p95;
        series.botMean[i] = figures.series[`bot_return${bh}`].mean;
        series.botP95[i] = figures.series[`bot_return${bh}`].p95;
      }
      const section = status.get(figures.day) ?? figures.status;
      for (const [agent, s] of Object.entries(section?.agents ?? {})) {
        if (!wanted(agent)) continue;
        const list = spans.get(agent);
        if (list) list.push(s.spans);
        else spans.set(agent, [s.spans]);
        const a = agentStatus.get(agent) ?? { onlineMs: 0, unavailableMs: 0 };
        a.onlineMs += s.onlineMs;
        a.unavailableMs += s.unavailableMs;
        agentStatus.set(agent, a);
        teamStatus.onlineMs += s.onlineMs;
        teamStatus.unavailableMs += s.unavailableMs;
      }
    }
  }

  const teamClosed = [...closedByAgent.values()].reduce((a, b) => a + b, 0);
  /** Every wanted agent's parts and the extras, unit by unit (a span's own team part standing in for its agents' before they are read). */
  const teamPartsOf = (partOfSpan: (unit: RollupUnit) => boolean): PartsByMetric => {
    const parts: PartsByMetric = new Map();
    for (const unit of units) {
      if (partOfSpan(unit)) addParts(parts, unit.team);
      else for (const [agent, aggs] of Object.entries(unit.agents)) if (wanted(agent)) addParts(parts, aggs);
      for (const extra of extrasOf.get(unit) ?? []) addParts(parts, extra);
    }
    return parts;
  };
  const answer = (teamParts: PartsByMetric, agents: KpiQueryResult['agents']): KpiQueryResult => ({
    from: query.from,
    to: query.to,
    zone,
    now,
    team: { ...totals(teamParts, teamStatus, settings.targets, teamClosed, only ? undefined : teamSketches), autoClosed },
    agents,
    series: { ...series, closed: [...closedPerDay.keys()].sort().filter((a) => a !== AUTO).map((agent) => ({ agent, values: closedPerDay.get(agent) ?? [] })) },
    routes: [...routes].map(([route, episodes]) => ({ route, episodes })).sort((a, b) => b.episodes - a.episodes || (a.route < b.route ? -1 : 1)),
    histogram: histogramOf(histogramParts(teamParts.get(`frt${bh}`) ?? [], only ? undefined : teamSketches.get(`frt${bh}`)), query.histogramEdgesMs ?? []),
    timeline: joinTimeline(spans),
    directory,
    recomputed,
  });

  if (query.onTeam && spanUnits.length > 0) {
    // Past the exact path a team summary reads only the sketches and the totals, which a span's
    // team part gives as its agents' parts would: the same answer without them.
    const early = teamPartsOf((unit) => spanUnits.includes(unit));
    if (METRIC_KEYS.every((k) => { const n = totalsOf(early.get(k) ?? []).count; return n === 0 || n > EXACT_LIMIT; })) {
      await query.onTeam({ ...answer(early, []), partial: true });
    }
  }

  const spanAgents = await (agentsRead ?? readSpanAgents(db, cover.spans));
  // A span rebuilt since the cover was read: read it all again (no early answer this time).
  if (!spanAgents) return queryKpis(db, { ...query, onTeam: undefined });
  spanAgents.forEach((agents, i) => { spanUnits[i].agents = agents; });
  const agentParts = new Map<string, PartsByMetric>();
  for (const unit of units) {
    for (const [agent, aggs] of Object.entries(unit.agents)) {
      if (!wanted(agent) || agent === AUTO) continue;
      let p = agentParts.get(agent);
      if (!p) agentParts.set(agent, (p = new Map()));
      addParts(p, aggs);
    }
  }
  const agentIds = [...new Set([...agentParts.keys(), ...agentStatus.keys()])].filter((a) => a !== AUTO).sort();
  return answer(teamPartsOf(() => false), agentIds.map((agent) => ({
    agent,
    ...totals(agentParts.get(agent) ?? new Map(), agentStatus.get(agent) ?? { onlineMs: 0, unavailableMs: 0 }, settings.targets, closedByAgent.get(agent) ?? 0),
  })));
}
