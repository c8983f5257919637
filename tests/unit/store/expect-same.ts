/** The rollup query's answer compared with the engine run over the whole log (rollup-fixtures `direct`). */
import { expect } from 'vitest';
import type { InboxEvent } from '../../../lib/events';
import type { Settings } from '../../../lib/settings';
import { METRIC_KEYS } from '../../../lib/metrics/metric-aggs';
import { routeDistribution } from '../../../lib/metrics/routing';
import { slaCompliance } from '../../../lib/metrics/sla';
import { type StatusInterval, clip } from '../../../lib/metrics/status-intervals';
import { dayRange, daysIn } from '../../../lib/store/days';
import type { KpiQueryResult } from '../../../lib/store/kpi-query';
import { ZONE, direct } from './rollup-fixtures';

/** Rollups answer == engine answer, field by field (summaries, counts, status time, SLA, series). */
export function expectSame(got: KpiQueryResult, events: readonly InboxEvent[], settings: Settings, from: string, to: string, now: number, zone = ZONE): void {
  const want = direct(events, settings, from, to, now, zone);
  for (const key of METRIC_KEYS) expect(got.team.summaries[key], `team ${key}`).toEqual(want.team[key]);
  expect(got.team.chatsClosed).toBe(want.kpis.team.chatsClosed);
  expect(got.team.autoClosed).toBe(want.kpis.team.autoClosed);
  expect(got.team.onlineS).toBeCloseTo(want.kpis.team.onlineMs / 1000, 6);
  expect(got.team.unavailableS).toBeCloseTo(want.kpis.team.unavailableMs / 1000, 6);
  expect(got.team.sla).toEqual(slaCompliance(want.kpis.team.aggs, settings.targets));
  expect(got.agents.map((a) => a.agent)).toEqual(want.agents.map((a) => a.agent));
  got.agents.forEach((a, i) => {
    const w = want.agents[i];
    for (const key of METRIC_KEYS) expect(a.summaries[key], `${a.agent} ${key}`).toEqual(w.summaries[key]);
    expect(a.chatsClosed, a.agent).toBe(w.chatsClosed);
    expect(a.onlineS, `${a.agent} online`).toBeCloseTo(w.onlineS, 6);
    expect(a.unavailableS, `${a.agent} unavailable`).toBeCloseTo(w.unavailableS, 6);
    expect(a.sla).toEqual(w.sla);
  });
  const range = { from: dayRange(from, zone).from, to: dayRange(to, zone).from };
  expect(got.routes).toEqual(routeDistribution(want.episodes, range));
  expect(got.timeline).toEqual(engineTimeline(want.intervals, range));
  // Per-day series: the engine run day by day.
  const days = daysIn(from, to, zone);
  days.forEach((day, i) => {
    const next = days[i + 1] ?? to;
    const d = direct(events, settings, day, next, now, zone);
    expect(got.series.frtMean[i], `frt mean ${day}`).toBe(d.team.frt.mean);
    expect(got.series.frtP95[i], `frt p95 ${day}`).toBe(d.team.frt.p95);
    expect(got.series.rtMean[i]).toBe(d.team.rt.mean);
    expect(got.series.rtP95[i]).toBe(d.team.rt.p95);
    expect(got.series.botMean[i], `bot mean ${day}`).toBe(d.team.bot_return.mean);
    expect(got.series.botP95[i]).toBe(d.team.bot_return.p95);
    for (const row of got.series.closed) expect(row.values[i], `${row.agent} closed ${day}`).toBe(d.agents.find((a) => a.agent === row.agent)?.chatsClosed ?? 0);
  });
}

/** The engine's intervals clipped to the range, per agent sorted by id (what the timeline draws). */
function engineTimeline(intervals: readonly StatusInterval[], range: { from: number; to: number }) {
  const byAgent = new Map<string, Array<{ status: string; from: number; to: number }>>();
  for (const interval of intervals) {
    const part = interval.status === 'offline' ? null : clip(interval, range);
    if (!part) continue;
    const list = byAgent.get(interval.agent) ?? [];
    list.push({ status: interval.status, from: part.from, to: part.to });
    byAgent.set(interval.agent, list);
  }
  return [...byAgent.keys()].sort().map((agent) => ({ agent, segments: byAgent.get(agent) }));
}
