/** The popup's numbers: one agent's KPIs for today and for this ISO week, in the team's zone. */
import type { InboxEvent } from './events';
import { emptyAgg, summarize, toSeconds, type Summary } from './metrics/aggregate';
import { computeKpis, type AgentKpis } from './metrics/kpis';
import { periodContaining, type Range } from './metrics/periods';
import { slaCompliance, type SlaCompliance } from './metrics/sla';
import { analyze } from './report/build';
import type { Settings } from './settings';

export interface AgentNumbers {
  frt: Summary;
  rt: Summary;
  close: Summary;
  chatsClosed: number;
  onlineS: number;
  sla: SlaCompliance;
}

export interface AgentPeriods { today: AgentNumbers; week: AgentNumbers }

/** Events from this much before the week are enough to rebuild the episodes the week answers or closes. */
export const AGENT_NUMBERS_LOOKBACK_MS = 7 * 24 * 3600 * 1000;

export const weekOf = (now: number, zone: string): Range => periodContaining('week', now, zone);

function numbers(kpis: AgentKpis | undefined, settings: Settings): AgentNumbers {
  const empty = summarize(emptyAgg());
  if (!kpis) return { frt: empty, rt: empty, close: empty, chatsClosed: 0, onlineS: 0, sla: { frt: null, rt: null, close: null } };
  return {
    frt: summarize(kpis.aggs.frt),
    rt: summarize(kpis.aggs.rt),
    close: summarize(kpis.aggs.close),
    chatsClosed: kpis.chatsClosed,
    onlineS: toSeconds(kpis.onlineMs),
    sla: slaCompliance(kpis.aggs, settings.targets),
  };
}

export function agentNumbers(events: readonly InboxEvent[], settings: Settings, agent: string, now: number): AgentPeriods {
  const zone = settings.timeZone;
  const week = weekOf(now, zone);
  // `to` is exclusive: an event stamped exactly now still counts.
  const analysis = analyze(events, { settings, from: week.from, to: now + 1 });
  const mine = (range: Range) => computeKpis(analysis.episodes, analysis.intervals, range).agents.find((a) => a.agent === analysis.directory.resolve(agent));
  return {
    today: numbers(mine({ from: periodContaining('day', now, zone).from, to: now + 1 }), settings),
    week: numbers(mine({ from: week.from, to: now + 1 }), settings),
  };
}
