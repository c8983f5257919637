/**
 * The popup's numbers: one agent's KPIs for today and for this ISO week, in the team's zone, from
 * the day rollups (kpi-query.ts): the side panel's numbers for that agent, without reading events.
 */
import { emptyAgg, summarize, type Summary } from '../metrics/aggregate';
import { dayKey, periodContaining } from '../metrics/periods';
import type { SlaCompliance } from '../metrics/sla';
import type { Settings } from '../settings';
import type { PulseDb } from './db';
import { nextDay } from './days';
import { queryKpis, type KpiTotals } from './kpi-query';
import { readDirectory } from './rollups-store';

export interface AgentNumbers {
  frt: Summary;
  rt: Summary;
  close: Summary;
  chatsClosed: number;
  onlineS: number;
  sla: SlaCompliance;
}

export interface AgentPeriods { today: AgentNumbers; week: AgentNumbers }

function numbers(totals: KpiTotals | undefined): AgentNumbers {
  const empty = summarize(emptyAgg());
  if (!totals) return { frt: empty, rt: empty, close: empty, chatsClosed: 0, onlineS: 0, sla: { frt: null, rt: null, close: null } };
  const s = totals.summaries;
  return { frt: s.frt, rt: s.rt, close: s.close, chatsClosed: totals.chatsClosed, onlineS: totals.onlineS, sla: totals.sla };
}

/** `agent` as the settings name it (an id or a name), resolved through the stored agent events. */
export async function readAgentNumbers(db: PulseDb, settings: Settings, agent: string, now: number): Promise<AgentPeriods> {
  const zone = settings.timeZone;
  const id = (await readDirectory(db)).directory.resolve(agent);
  const today = dayKey(now, zone);
  const to = nextDay(today, zone);
  const query = (from: string) => queryKpis(db, { from, to, zone, settings, now, agents: [id] });
  const [day, week] = [await query(today), await query(dayKey(periodContaining('week', now, zone).from, zone))];
  return { today: numbers(day.agents[0]), week: numbers(week.agents[0]) };
}
