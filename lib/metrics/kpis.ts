/**
 * KPIs for a period [from, to), per agent and for the team. Each measurement counts in the
 * period of its dated fact (see facts.ts); status time is clipped to the period.
 * The team includes auto-closes (credited to `auto`); `auto` is not listed as an agent.
 */
import type { Episode } from './episodes';
import { AUTO } from './episodes';
import { factsOf } from './facts';
import { addFact, emptyMetricAggs, type MetricAggs } from './metric-aggs';
import type { Range } from './periods';
import { routeDistribution, type RouteCount } from './routing';
import { clip, type StatusInterval } from './status-intervals';

export interface AgentKpis {
  agent: string;
  aggs: MetricAggs;
  chatsClosed: number;
  onlineMs: number;
  unavailableMs: number;
  /** Unavailable intervals overlapping the period, clipped to it. */
  unavailable: Range[];
  /** Offline intervals (declared or inferred) overlapping the period, clipped to it. */
  offline: Range[];
}

export interface TeamKpis {
  aggs: MetricAggs;
  chatsClosed: number;
  autoClosed: number;
  onlineMs: number;
  unavailableMs: number;
}

export interface Kpis {
  range: Range;
  team: TeamKpis;
  /** Sorted by agent id. */
  agents: AgentKpis[];
  routes: RouteCount[];
}

export function computeKpis(episodes: readonly Episode[], intervals: readonly StatusInterval[], range: Range): Kpis {
  const team: TeamKpis = { aggs: emptyMetricAggs(), chatsClosed: 0, autoClosed: 0, onlineMs: 0, unavailableMs: 0 };
  const agents = new Map<string, AgentKpis>();
  const agentOf = (agent: string): AgentKpis => {
    let a = agents.get(agent);
    if (!a) {
      a = { agent, aggs: emptyMetricAggs(), chatsClosed: 0, onlineMs: 0, unavailableMs: 0, unavailable: [], offline: [] };
      agents.set(agent, a);
    }
    return a;
  };
  for (const fact of factsOf(episodes)) {
    if (fact.at < range.from || fact.at >= range.to) continue;
    addFact(team.aggs, fact);
    if (fact.metric === 'close') {
      if (fact.agent === AUTO) team.autoClosed++;
      else team.chatsClosed++;
    }
    if (fact.agent === AUTO) continue;
    const a = agentOf(fact.agent);
    addFact(a.aggs, fact);
    if (fact.metric === 'close') a.chatsClosed++;
  }
  // Offline time alone does not make an agent part of the period (they left long ago).
  const offline: StatusInterval[] = [];
  for (const interval of intervals) {
    const part = clip(interval, range);
    if (!part) continue;
    const ms = part.to - part.from;
    if (interval.status === 'offline') {
      offline.push(part);
      continue;
    }
    const a = agentOf(interval.agent);
    if (interval.status === 'online') {
      a.onlineMs += ms;
      team.onlineMs += ms;
    } else {
      a.unavailableMs += ms;
      team.unavailableMs += ms;
      a.unavailable.push({ from: part.from, to: part.to });
    }
  }
  for (const part of offline) agents.get(part.agent)?.offline.push({ from: part.from, to: part.to });
  return {
    range,
    team,
    agents: [...agents.values()].sort((a, b) => (a.agent < b.agent ? -1 : a.agent > b.agent ? 1 : 0)),
    routes: routeDistribution(episodes, range),
  };
}
