/**
 * Everything the supervisor panel shows, computed from the event log by the metrics engine
 * (lib/report/build `analyze`, lib/metrics/*). Pure: no DOM, no i18n, so it is unit-tested
 * and the numbers are the report command's numbers.
 */
import type { AgentStatus, InboxEvent } from '../../lib/events';
import type { Settings } from '../../lib/settings';
import { type Agg, aggAdd, emptyAgg, shareAtMost, summarize, type Summary } from '../../lib/metrics/aggregate';
import { AUTO } from '../../lib/metrics/episodes';
import { type DurationMetric, factsOf } from '../../lib/metrics/facts';
import { emptyMetricAggs, mergeMetricAggs, type MetricAggs, type MetricKey } from '../../lib/metrics/metric-aggs';
import { periodKey, periodsIn, type PeriodKind, type Range } from '../../lib/metrics/periods';
import type { RouteCount } from '../../lib/metrics/routing';
import { clip } from '../../lib/metrics/status-intervals';
import { analyze, type Analysis } from '../../lib/report/build';

export type Clock = 'calendar' | 'business';
/** Hours only make sense for a single day; the others are the engine's calendar periods. */
export type TrendBucket = PeriodKind | 'hour';

export interface DashboardQuery {
  range: Range;
  now: number;
  zone: string;
  /** An agent id, or null for everyone. */
  agent: string | null;
  /** Only the agents of this team (from their `agent` events); ignored when `agent` is set. */
  team?: string | null;
  clock: Clock;
  /** Granularity of the "chats closed per agent" chart. */
  closedBucket: PeriodKind;
  /** Granularity of the trend charts (FRT/RT/bot return per hour, day…). */
  trendBucket: TrendBucket;
}

export interface KpiBlock {
  frt: Summary;
  rt: Summary;
  close: Summary;
  handling: Summary;
  bot_return: Summary;
  sla: { frt: number | null; rt: number | null; close: number | null };
  chatsClosed: number;
  autoClosed: number;
  onlineS: number;
}

export interface AgentRow {
  agent: string;
  name: string | null;
  team: string | null;
  chatsClosed: number;
  frt: Summary;
  rt: Summary;
  close: Summary;
  handling: Summary;
  botReturn: Summary;
  onlineS: number;
  unavailableS: number;
  frtSla: number | null;
}

export interface Buckets<K = PeriodKind> {
  kind: K;
  keys: string[];
  /** Start of each bucket (UTC ms). */
  starts: number[];
}

export interface TimelineRow {
  agent: string;
  name: string | null;
  segments: Array<{ status: AgentStatus; from: number; to: number }>;
}

export interface LiveOwner { owner: string; name: string | null; episodes: number }
export interface LiveWait { episodeId: string; chat: string; chatTitle: string; owner: string; ownerName: string | null; waitingSince: number }

export interface Dashboard {
  range: Range;
  /** Every agent of the period (for the filter), whatever is in view. */
  agents: Array<{ id: string; name: string | null; team: string | null }>;
  /** Teams named by the agents' `agent` events, sorted. */
  teams: string[];
  kpis: KpiBlock;
  rows: AgentRow[];
  trend: Buckets<TrendBucket> & {
    frtMean: (number | null)[]; frtP95: (number | null)[];
    rtMean: (number | null)[]; rtP95: (number | null)[];
    botMean: (number | null)[]; botP95: (number | null)[];
  };
  closed: Buckets & { series: Array<{ agent: string; name: string | null; values: number[] }> };
  histogram: { edges: number[]; counts: number[]; target: number };
  timeline: TimelineRow[];
  routes: RouteCount[];
  live: { open: LiveOwner[]; unanswered: LiveWait[] };
  /** The data was computed with business-hours values (the schedule is on). */
  businessHours: boolean;
}

/** Histogram bin edges in seconds; the FRT target is added as an edge so bins never straddle it. */
export const HISTOGRAM_EDGES = [0, 30, 60, 120, 180, 300, 600, 900, 1800, 3600, 7200, 14_400, 28_800, 86_400];

const key = (metric: DurationMetric, clock: Clock): MetricKey => (clock === 'business' ? `${metric}_bh` : metric);

const HOUR = 3_600_000;

function bucketsOf<K extends TrendBucket>(kind: K, range: Range, zone: string): Buckets<K> {
  if (kind === 'hour') {
    // Elapsed hours from the period start (a local midnight): a DST day simply has 23 or 25.
    const n = Math.max(1, Math.ceil((range.to - range.from) / HOUR));
    return { kind, keys: Array.from({ length: n }, (_, i) => `h${i}`), starts: Array.from({ length: n }, (_, i) => range.from + i * HOUR) };
  }
  const periods = periodsIn(kind as PeriodKind, range, zone);
  return { kind, keys: periods.map((p) => p.key), starts: periods.map((p) => p.from) };
}

/** The bucket key of an instant, matching bucketsOf. */
function bucketKey(kind: TrendBucket, at: number, range: Range, zone: string): string {
  return kind === 'hour' ? `h${Math.floor((at - range.from) / HOUR)}` : periodKey(kind, at, zone);
}

function kpiBlock(aggs: MetricAggs, clock: Clock, targets: Settings['targets'], extra: { chatsClosed: number; autoClosed: number; onlineMs: number }): KpiBlock {
  const s = (m: DurationMetric) => summarize(aggs[key(m, clock)]);
  const share = (m: DurationMetric, limitS: number) => shareAtMost(aggs[key(m, clock)], limitS * 1000);
  return {
    frt: s('frt'), rt: s('rt'), close: s('close'), handling: s('handling'), bot_return: s('bot_return'),
    sla: { frt: share('frt', targets.frtS), rt: share('rt', targets.rtS), close: share('close', targets.closeS) },
    chatsClosed: extra.chatsClosed,
    autoClosed: extra.autoClosed,
    onlineS: extra.onlineMs / 1000,
  };
}

export function histogramEdges(targetS: number): number[] {
  return [...new Set([...HISTOGRAM_EDGES, targetS])].sort((a, b) => a - b);
}

/** Counts per bin [edge_i, edge_i+1), the last bin open-ended; trailing empty bins past the target are dropped. */
export function histogram(valuesS: readonly number[], targetS: number): { edges: number[]; counts: number[]; target: number } {
  const edges = histogramEdges(targetS);
  const counts = new Array<number>(edges.length).fill(0);
  for (const v of valuesS) {
    let i = edges.length - 1;
    while (i > 0 && v < edges[i]) i--;
    counts[i]++;
  }
  let last = counts.length - 1;
  const targetIndex = edges.indexOf(targetS);
  while (last > targetIndex && counts[last] === 0) last--;
  return { edges: edges.slice(0, last + 1), counts: counts.slice(0, last + 1), target: targetS };
}

export interface Computed { analysis: Analysis; live: Analysis }

/**
 * Runs the engine once for the period and, when the period ends before now, once more up to
 * now for the live lists. Kept apart from `dashboard` so that changing the filter or a chart's
 * granularity does not replay the whole log.
 */
export function compute(events: readonly InboxEvent[], settings: Settings, range: Range, now: number): Computed {
  const to = Math.min(range.to, now);
  const analysis = analyze(events, { settings, from: range.from, to: Math.max(to, range.from) });
  const live = to >= now ? analysis : analyze(events, { settings, from: now - 1, to: now });
  return { analysis, live };
}

export function dashboard({ analysis, live }: Computed, settings: Settings, q: DashboardQuery): Dashboard {
  const { kpis, directory } = analysis;
  const range = kpis.range;
  const clock: Clock = q.clock === 'business' && settings.businessHours.enabled ? 'business' : 'calendar';
  const nameOf = (id: string) => directory.info(id)?.name || null;
  const teamOf = (id: string) => directory.info(id)?.team || null;

  const agents = kpis.agents.map((a) => ({ id: a.agent, name: nameOf(a.agent), team: teamOf(a.agent) }));
  // Who is in view: one agent, one team's agents, or everyone (null).
  const team = q.agent ? null : q.team ?? null;
  const inView = (id: string): boolean => (q.agent ? id === q.agent : team ? teamOf(id) === team : true);
  const filtered = q.agent !== null || team !== null;
  const members = kpis.agents.filter((a) => inView(a.agent));
  const kpiSource = filtered
    ? kpiBlock(members.reduce((acc, a) => mergeMetricAggs(acc, a.aggs), emptyMetricAggs()), clock, settings.targets, {
      chatsClosed: members.reduce((n, a) => n + a.chatsClosed, 0),
      autoClosed: 0,
      onlineMs: members.reduce((n, a) => n + a.onlineMs, 0),
    })
    : kpiBlock(kpis.team.aggs, clock, settings.targets, { chatsClosed: kpis.team.chatsClosed, autoClosed: kpis.team.autoClosed, onlineMs: kpis.team.onlineMs });

  const rows: AgentRow[] = members.map((a) => {
    const s = (m: DurationMetric) => summarize(a.aggs[key(m, clock)]);
    return {
      agent: a.agent,
      name: nameOf(a.agent),
      team: teamOf(a.agent),
      chatsClosed: a.chatsClosed,
      frt: s('frt'), rt: s('rt'), close: s('close'), handling: s('handling'), botReturn: s('bot_return'),
      onlineS: a.onlineMs / 1000,
      unavailableS: a.unavailableMs / 1000,
      frtSla: shareAtMost(a.aggs[key('frt', clock)], settings.targets.frtS * 1000),
    };
  });

  // Trend, closed-per-agent and histogram from the engine's dated facts.
  const trendB = bucketsOf(q.trendBucket, range, q.zone);
  const closedB = bucketsOf(q.closedBucket, range, q.zone);
  const trendIndex = new Map(trendB.keys.map((k, i) => [k, i]));
  const closedIndex = new Map(closedB.keys.map((k, i) => [k, i]));
  const per = (n: number) => Array.from({ length: n }, emptyAgg);
  const frt = per(trendB.keys.length), rt = per(trendB.keys.length), bot = per(trendB.keys.length);
  const closedByAgent = new Map<string, number[]>();
  const frtValues: number[] = [];
  for (const f of factsOf(analysis.episodes)) {
    if (f.at < range.from || f.at >= range.to) continue;
    if (f.metric === 'close' && f.agent !== AUTO) {
      const i = closedIndex.get(periodKey(q.closedBucket, f.at, q.zone));
      if (i !== undefined && inView(f.agent)) {
        let list = closedByAgent.get(f.agent);
        if (!list) closedByAgent.set(f.agent, (list = new Array<number>(closedB.keys.length).fill(0)));
        list[i]++;
      }
    }
    if (filtered && !inView(f.agent)) continue;
    const ms = clock === 'business' ? f.bhMs : f.ms;
    if (ms === null) continue;
    const i = trendIndex.get(bucketKey(q.trendBucket, f.at, range, q.zone));
    if (i === undefined) continue;
    if (f.metric === 'frt') { aggAdd(frt[i], ms); frtValues.push(ms / 1000); }
    else if (f.metric === 'rt') aggAdd(rt[i], ms);
    else if (f.metric === 'bot_return') aggAdd(bot[i], ms);
  }
  const stat = (aggs: Agg[], p: 'mean' | 'p95') => aggs.map((a) => summarize(a)[p]);

  const timeline: TimelineRow[] = [];
  const byAgent = new Map<string, TimelineRow>();
  for (const interval of analysis.intervals) {
    if (!inView(interval.agent)) continue;
    const part = clip(interval, range);
    if (!part) continue;
    let row = byAgent.get(interval.agent);
    if (!row) {
      row = { agent: interval.agent, name: nameOf(interval.agent), segments: [] };
      byAgent.set(interval.agent, row);
      timeline.push(row);
    }
    row.segments.push({ status: interval.status, from: part.from, to: part.to });
  }

  const liveNames = live.directory;
  const ownerName = (id: string) => liveNames.info(id)?.name || null;
  const open = live.live.open
    .filter((o) => !filtered || inView(o.owner))
    .map((o) => ({ owner: o.owner, name: ownerName(o.owner), episodes: o.episodes }));
  const unanswered = live.live.unanswered
    .filter((u) => !filtered || inView(u.owner))
    .map((u) => ({ episodeId: u.episodeId, chat: u.chat, chatTitle: u.chatTitle, owner: u.owner, ownerName: ownerName(u.owner), waitingSince: u.waitingSince }));

  return {
    range,
    agents,
    teams: [...new Set(agents.map((a) => a.team).filter((x): x is string => !!x))].sort(),
    kpis: kpiSource,
    rows,
    trend: {
      ...trendB,
      frtMean: stat(frt, 'mean'), frtP95: stat(frt, 'p95'),
      rtMean: stat(rt, 'mean'), rtP95: stat(rt, 'p95'),
      botMean: stat(bot, 'mean'), botP95: stat(bot, 'p95'),
    },
    closed: {
      ...closedB,
      series: [...closedByAgent]
        .map(([agent, values]) => ({ agent, name: nameOf(agent), values }))
        .sort((a, b) => sum(b.values) - sum(a.values) || (a.agent < b.agent ? -1 : 1)),
    },
    histogram: histogram(frtValues, settings.targets.frtS),
    timeline,
    routes: kpis.routes,
    live: { open, unanswered },
    businessHours: clock === 'business',
  };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
