/**
 * The report: merged event files → the docs/formats.md JSON. A report describes the world as
 * known at its end instant `to`, which is also its `now`: events at or after `to` are
 * ignored, so re-running a past period gives the same numbers and the live sections show
 * what the live view showed at that instant.
 */
import type { InboxEvent } from '../events';
import type { Settings } from '../settings';
import { type Summary, summarize, toSeconds } from '../metrics/aggregate';
import type { AgentDirectory } from '../metrics/agent-directory';
import { analyzeEvents } from '../metrics/analyze';
import type { Episode } from '../metrics/episodes';
import { type Kpis, computeKpis } from '../metrics/kpis';
import { type LiveView, liveView } from '../metrics/live';
import type { MetricAggs } from '../metrics/metric-aggs';
import type { Range } from '../metrics/periods';
import type { StatusInterval } from '../metrics/status-intervals';

export interface ReportOptions {
  settings: Settings;
  /** Start of the period (UTC ms); default the earliest event. */
  from?: number;
  /** End of the period, exclusive, and the live sections' `now`. */
  to: number;
}

export interface Analysis {
  range: Range;
  events: InboxEvent[];
  directory: AgentDirectory;
  episodes: Episode[];
  intervals: StatusInterval[];
  kpis: Kpis;
  live: LiveView;
}

export function analyze(input: Iterable<InboxEvent>, options: ReportOptions): Analysis {
  const known = [...input].filter((e) => Date.parse(e.at) < options.to);
  const { events, directory, episodes, intervals } = analyzeEvents(known, options.settings, options.to);
  const earliest = events.reduce((min, e) => Math.min(min, Date.parse(e.at)), options.to);
  const range = { from: options.from ?? earliest, to: options.to };
  return {
    range,
    events,
    directory,
    episodes,
    intervals,
    kpis: computeKpis(episodes, intervals, range),
    live: liveView(episodes, options.to),
  };
}

type K = Summary;
interface DurationBlock {
  frt: K;
  rt: K;
  close: K;
  handling: K;
  bot_return: K;
}

export interface ReportJson {
  v: 1;
  from: string;
  to: string;
  tz: string;
  team: DurationBlock & { chats_closed: number; auto_closed: number; online_s: number };
  agents: Array<{ agent: string } & DurationBlock & { chats_closed: number; online_s: number; unavailable: Array<{ from: string; to: string }> }>;
  routes: Array<{ route: string; episodes: number }>;
  open: Array<{ owner: string; episodes: number }>;
  unanswered: Array<{ chat: string; waiting_since: string }>;
}

const iso = (ms: number): string => new Date(ms).toISOString();

const durations = (aggs: MetricAggs): DurationBlock => ({
  frt: summarize(aggs.frt),
  rt: summarize(aggs.rt),
  close: summarize(aggs.close),
  handling: summarize(aggs.handling),
  bot_return: summarize(aggs.bot_return),
});

export function reportJson(a: Analysis, tz: string): ReportJson {
  const { kpis, live } = a;
  return {
    v: 1,
    from: iso(a.range.from),
    to: iso(a.range.to),
    tz,
    team: {
      ...durations(kpis.team.aggs),
      chats_closed: kpis.team.chatsClosed,
      auto_closed: kpis.team.autoClosed,
      online_s: toSeconds(kpis.team.onlineMs),
    },
    agents: kpis.agents.map((ag) => ({
      agent: ag.agent,
      ...durations(ag.aggs),
      chats_closed: ag.chatsClosed,
      online_s: toSeconds(ag.onlineMs),
      unavailable: ag.unavailable.map((i) => ({ from: iso(i.from), to: iso(i.to) })),
    })),
    routes: kpis.routes,
    open: live.open,
    unanswered: live.unanswered.map((u) => ({ chat: u.chat, waiting_since: iso(u.waitingSince) })),
  };
}

export function buildReport(input: Iterable<InboxEvent>, options: ReportOptions & { tz: string }): ReportJson {
  return reportJson(analyze(input, options), options.tz);
}
