/**
 * Per-(agent, local day, metric) aggregates: derived data a store can keep and recompute
 * whenever a day changes, so a dashboard merges days × agents instead of scanning events.
 * Each part keeps its raw values up to ROLLUP_VALUES_LIMIT, a sketch beyond; merged results
 * are exact while every part still has values and the total is ≤ EXACT_LIMIT.
 * Day keys use one fixed zone (the team's); another zone needs a rebuild from episodes.
 */
import { type Agg, ROLLUP_VALUES_LIMIT, aggAdd, aggMerge, emptyAgg } from './aggregate';
import type { Episode } from './episodes';
import { AUTO } from './episodes';
import { factsOf } from './facts';
import { type MetricAggs, type MetricKey, emptyMetricAggs } from './metric-aggs';
import { dayKey, periodsIn } from './periods';
import type { StatusInterval } from './status-intervals';

/** Duration metrics, plus status time: `online`/`unavailable` aggregate interval pieces (sum = ms). */
export type RollupMetric = MetricKey | 'online' | 'unavailable';

export interface Rollup {
  /** `${metric}|${agent}|${day}`: a natural primary key. */
  key: string;
  metric: RollupMetric;
  agent: string;
  /** 'YYYY-MM-DD' in the rollups' zone. */
  day: string;
  agg: Agg;
}

export function rollupsFor(episodes: readonly Episode[], intervals: readonly StatusInterval[], zone: string): Rollup[] {
  const map = new Map<string, Rollup>();
  const add = (metric: RollupMetric, agent: string, day: string, ms: number): void => {
    const key = `${metric}|${agent}|${day}`;
    let r = map.get(key);
    if (!r) {
      r = { key, metric, agent, day, agg: emptyAgg() };
      map.set(key, r);
    }
    aggAdd(r.agg, ms, ROLLUP_VALUES_LIMIT);
  };
  for (const f of factsOf(episodes)) {
    const day = dayKey(f.at, zone);
    add(f.metric, f.agent, day, f.ms);
    if (f.bhMs !== null) add(`${f.metric}_bh`, f.agent, day, f.bhMs);
  }
  for (const i of intervals) {
    if (i.status === 'offline') continue;
    for (const piece of periodsIn('day', i, zone)) add(i.status, i.agent, piece.key, piece.to - piece.from);
  }
  return [...map.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
}

export interface RollupQuery {
  /** First day, 'YYYY-MM-DD', inclusive. */
  from: string;
  /** Day after the last, 'YYYY-MM-DD', exclusive (as every range here). */
  to: string;
  /** Only these agents (the team total then covers only them); all when omitted. */
  agents?: readonly string[];
}

export interface RollupTotals {
  aggs: MetricAggs;
  chatsClosed: number;
  onlineMs: number;
  unavailableMs: number;
}

export interface RollupResult {
  team: RollupTotals & { autoClosed: number };
  /** Without `auto`; sorted by agent id. */
  agents: Array<RollupTotals & { agent: string }>;
}

const emptyTotals = (): RollupTotals => ({ aggs: emptyMetricAggs(), chatsClosed: 0, onlineMs: 0, unavailableMs: 0 });

function addRollup(t: RollupTotals, r: Rollup): void {
  if (r.metric === 'online') t.onlineMs += r.agg.sum;
  else if (r.metric === 'unavailable') t.unavailableMs += r.agg.sum;
  else t.aggs[r.metric] = aggMerge(t.aggs[r.metric], r.agg);
}

export function queryRollups(rollups: Iterable<Rollup>, query: RollupQuery): RollupResult {
  const only = query.agents ? new Set(query.agents) : null;
  const team = emptyTotals();
  let autoClosed = 0;
  const agents = new Map<string, RollupTotals>();
  for (const r of rollups) {
    if (r.day < query.from || r.day >= query.to || (only && !only.has(r.agent))) continue;
    addRollup(team, r);
    if (r.metric === 'close') {
      if (r.agent === AUTO) autoClosed += r.agg.count;
      else team.chatsClosed += r.agg.count;
    }
    if (r.agent === AUTO) continue;
    let a = agents.get(r.agent);
    if (!a) agents.set(r.agent, (a = emptyTotals()));
    addRollup(a, r);
    if (r.metric === 'close') a.chatsClosed += r.agg.count;
  }
  return {
    team: { ...team, autoClosed },
    agents: [...agents].map(([agent, t]) => ({ agent, ...t })).sort((a, b) => (a.agent < b.agent ? -1 : a.agent > b.agent ? 1 : 0)),
  };
}
