/**
 * Everything the supervisor panel shows, as plain data: the period's figures from the stored
 * day rollups (lib/store/kpi-query.ts, the engine's numbers merged day by day, so a 90-day view
 * never replays the log), and the live lists from the recent events. Pure: no DOM, no i18n, so
 * it is unit-tested and its numbers are the report command's numbers.
 */
import type { Settings } from '../../lib/settings';
import { type Agg, aggAdd, emptyAgg, summarize, type Summary } from '../../lib/metrics/aggregate';
import { type DurationMetric, factsOf } from '../../lib/metrics/facts';
import { type Histogram, histogramEdges, trimHistogram } from '../../lib/metrics/histogram';
import type { MetricKey } from '../../lib/metrics/metric-aggs';
import { periodKey, periodsIn, type PeriodKind, type Range } from '../../lib/metrics/periods';
import type { RouteCount } from '../../lib/metrics/routing';
import type { KpiQueryResult, KpiTotals } from '../../lib/store/kpi-query';
import type { RecentEpisodes } from '../../lib/store/recent';
import type { StatusSegment } from '../../lib/store/rollup-types';

export type Clock = 'calendar' | 'business';
export type TrendBucket = 'day' | 'hour';

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
}

/** The period's answers: for everyone, and for the filtered agents when a filter is on. */
export interface PeriodData {
  all: KpiQueryResult;
  view: KpiQueryResult | null;
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
  /** Simplified for drawing (see `drawable`); the totals are exact. */
  segments: StatusSegment[];
  onlineS: number;
  unavailableS: number;
}

/** The timeline is drawn this many steps wide at most: a shorter gap or segment cannot show. */
const TIMELINE_STEPS = 1000;

/**
 * Segments as they can be drawn over `span` ms: a gap shorter than a step between two segments
 * of one status is bridged, and a segment shorter than a step left out, so a 90-day view draws
 * a few hundred bars per agent instead of thousands.
 */
export function drawable(segments: readonly StatusSegment[], span: number): StatusSegment[] {
  const step = span / TIMELINE_STEPS;
  const out: StatusSegment[] = [];
  for (const s of segments) {
    if (s.to - s.from < step) continue;
    const last = out[out.length - 1];
    if (last && last.status === s.status && s.from - last.to < step) last.to = s.to;
    else out.push({ ...s });
  }
  return out;
}

export interface LiveOwner { owner: string; name: string | null; episodes: number }
export interface LiveWait { episodeId: string; chat: string; chatTitle: string; owner: string; ownerName: string | null; waitingSince: number; approximate: boolean }

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
  histogram: Histogram;
  timeline: TimelineRow[];
  routes: RouteCount[];
  /** Null until the recent events are read. */
  live: { open: LiveOwner[]; unanswered: LiveWait[] } | null;
  /** The data was computed with business-hours values (the schedule is on). */
  businessHours: boolean;
}

const HOUR = 3_600_000;
const DAY_SPAN = 86_400_000 * 1.05;

/** The bin edges the queries count FRT in (ms), matching the histogram the panel draws. */
export const histogramEdgesMs = (settings: Settings): number[] => histogramEdges(settings.targets.frtS).map((s) => s * 1000);

export const clockOf = (settings: Settings, clock: Clock): Clock => (clock === 'business' && settings.businessHours.enabled ? 'business' : 'calendar');

/** The agents a filter selects (null: no filter): one agent, or the period's agents of a team. */
export function filteredAgents(all: KpiQueryResult, agent: string | null, team: string | null | undefined): string[] | null {
  if (agent) return [agent];
  if (!team) return null;
  return all.agents.map((a) => a.agent).filter((id) => all.directory.info(id)?.team === team);
}

function kpiBlock(t: KpiTotals, clock: Clock, autoClosed: number): KpiBlock {
  const s = (m: DurationMetric) => t.summaries[(clock === 'business' ? `${m}_bh` : m) as MetricKey];
  return {
    frt: s('frt'), rt: s('rt'), close: s('close'), handling: s('handling'), bot_return: s('bot_return'),
    sla: clock === 'business' ? t.slaBusiness : t.sla,
    chatsClosed: t.chatsClosed,
    autoClosed,
    onlineS: t.onlineS,
  };
}

/** Day counts summed into the periods (days, ISO weeks, months) of the range. */
function closedBuckets(source: KpiQueryResult, kind: PeriodKind, range: Range, zone: string, nameOf: (id: string) => string | null): Dashboard['closed'] {
  const periods = periodsIn(kind, range, zone);
  const index = new Map(periods.map((p, i) => [p.key, i]));
  const at = source.series.starts.map((start) => index.get(periodKey(kind, start, zone)));
  const series = source.series.closed.map(({ agent, values }) => {
    const sums = new Array<number>(periods.length).fill(0);
    values.forEach((n, d) => { const i = at[d]; if (i !== undefined) sums[i] += n; });
    return { agent, name: nameOf(agent), values: sums };
  }).filter((s) => s.values.some((n) => n > 0));
  return {
    kind, keys: periods.map((p) => p.key), starts: periods.map((p) => p.from),
    series: series.sort((a, b) => sum(b.values) - sum(a.values) || (a.agent < b.agent ? -1 : 1)),
  };
}

/**
 * A one-day period inside the recent events is drawn per hour (elapsed hours from its start: a
 * DST day has 23 or 25) from their episodes; any longer one per day from the rollups.
 */
function trendOf(source: KpiQueryResult, recent: RecentEpisodes | null, q: DashboardQuery, clock: Clock, inView: (id: string) => boolean, filtered: boolean): Dashboard['trend'] {
  const { range } = q;
  if (!recent || range.to - range.from > DAY_SPAN || range.from < recent.from) {
    const s = source.series;
    return { kind: 'day', keys: s.days, starts: s.starts, frtMean: s.frtMean, frtP95: s.frtP95, rtMean: s.rtMean, rtP95: s.rtP95, botMean: s.botMean, botP95: s.botP95 };
  }
  const n = Math.max(1, Math.ceil((Math.min(range.to, recent.now) - range.from) / HOUR));
  const per = () => Array.from({ length: n }, emptyAgg);
  const frt = per(), rt = per(), bot = per();
  for (const f of factsOf(recent.episodes)) {
    if (f.at < range.from || f.at >= range.to || f.at >= recent.now || (filtered && !inView(f.agent))) continue;
    const ms = clock === 'business' ? f.bhMs : f.ms;
    if (ms === null) continue;
    const i = Math.floor((f.at - range.from) / HOUR);
    if (f.metric === 'frt') aggAdd(frt[i], ms);
    else if (f.metric === 'rt') aggAdd(rt[i], ms);
    else if (f.metric === 'bot_return') aggAdd(bot[i], ms);
  }
  const stat = (aggs: Agg[], p: 'mean' | 'p95') => aggs.map((a) => summarize(a)[p]);
  return {
    kind: 'hour',
    keys: Array.from({ length: n }, (_, i) => `h${i}`),
    starts: Array.from({ length: n }, (_, i) => range.from + i * HOUR),
    frtMean: stat(frt, 'mean'), frtP95: stat(frt, 'p95'),
    rtMean: stat(rt, 'mean'), rtP95: stat(rt, 'p95'),
    botMean: stat(bot, 'mean'), botP95: stat(bot, 'p95'),
  };
}

export function dashboard({ all, view }: PeriodData, recent: RecentEpisodes | null, settings: Settings, q: DashboardQuery): Dashboard {
  const clock = clockOf(settings, q.clock);
  const info = (id: string) => all.directory.info(id) ?? recent?.directory.info(id);
  const nameOf = (id: string) => info(id)?.name || null;
  const teamOf = (id: string) => info(id)?.team || null;

  const agents = all.agents.map((a) => ({ id: a.agent, name: nameOf(a.agent), team: teamOf(a.agent) }));
  const team = q.agent ? null : q.team ?? null;
  const inView = (id: string): boolean => (q.agent ? id === q.agent : team ? teamOf(id) === team : true);
  const filtered = q.agent !== null || team !== null;
  const source = filtered && view ? view : all;

  const rows: AgentRow[] = all.agents.filter((a) => inView(a.agent)).map((a) => {
    const k = kpiBlock(a, clock, 0);
    return {
      agent: a.agent, name: nameOf(a.agent), team: teamOf(a.agent), chatsClosed: a.chatsClosed,
      frt: k.frt, rt: k.rt, close: k.close, handling: k.handling, botReturn: k.bot_return,
      onlineS: a.onlineS, unavailableS: a.unavailableS, frtSla: k.sla.frt,
    };
  });

  const live = recent && {
    open: recent.live.open.filter((o) => !filtered || inView(o.owner)).map((o) => ({ owner: o.owner, name: nameOf(o.owner), episodes: o.episodes })),
    unanswered: recent.live.unanswered.filter((u) => !filtered || inView(u.owner)).map((u) => ({
      episodeId: u.episodeId, chat: u.chat, chatTitle: u.chatTitle, owner: u.owner, ownerName: nameOf(u.owner), waitingSince: u.waitingSince, approximate: u.approximate,
    })),
  };

  return {
    // What has happened of the period so far.
    range: { from: q.range.from, to: Math.max(q.range.from, Math.min(q.range.to, all.now)) },
    agents,
    teams: [...new Set(agents.map((a) => a.team).filter((x): x is string => !!x))].sort(),
    kpis: kpiBlock(source.team, clock, filtered ? 0 : all.team.autoClosed),
    rows,
    trend: trendOf(source, recent, q, clock, inView, filtered),
    closed: closedBuckets(source, q.closedBucket, q.range, q.zone, nameOf),
    histogram: trimHistogram(histogramEdges(settings.targets.frtS), source.histogram, settings.targets.frtS),
    timeline: source.timeline.map((r) => {
      const totals = source.agents.find((a) => a.agent === r.agent);
      return {
        agent: r.agent, name: nameOf(r.agent), segments: drawable(r.segments, q.range.to - q.range.from),
        onlineS: totals?.onlineS ?? 0, unavailableS: totals?.unavailableS ?? 0,
      };
    }),
    routes: all.routes,
    live,
    businessHours: clock === 'business',
  };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
