/** agents.csv (docs/formats.md): one row per agent for the chosen period, from computeKpis. */
import type { Settings } from '../settings';
import { summarize } from '../metrics/aggregate';
import type { AgentKpis, Kpis } from '../metrics/kpis';
import { slaCompliance } from '../metrics/sla';
import { type Cell, secondsCell, toCsv } from './csv';

export const AGENTS_CSV_HEADER = [
  'agent', 'team', 'chats_closed',
  'frt_count', 'frt_mean_s', 'frt_p50_s', 'frt_p95_s', 'frt_p99_s',
  'rt_count', 'rt_mean_s', 'rt_p50_s', 'rt_p95_s', 'rt_p99_s',
  'close_count', 'close_mean_s', 'close_p50_s', 'close_p95_s', 'close_p99_s',
  'handling_mean_s', 'handling_p95_s', 'handling_p99_s',
  'bot_return_mean_s', 'online_s', 'unavailable_s', 'frt_sla_pct',
] as const;

export function agentRow(a: AgentKpis, team: string, targets: Settings['targets']): Cell[] {
  const frt = summarize(a.aggs.frt);
  const rt = summarize(a.aggs.rt);
  const close = summarize(a.aggs.close);
  const handling = summarize(a.aggs.handling);
  const botReturn = summarize(a.aggs.bot_return);
  const frtSla = slaCompliance(a.aggs, targets).frt;
  // Summaries are already rounded seconds; cells need no further rounding.
  return [
    a.agent, team, a.chatsClosed,
    frt.count, frt.mean, frt.p50, frt.p95, frt.p99,
    rt.count, rt.mean, rt.p50, rt.p95, rt.p99,
    close.count, close.mean, close.p50, close.p95, close.p99,
    handling.mean, handling.p95, handling.p99,
    botReturn.mean, secondsCell(a.onlineMs), secondsCell(a.unavailableMs),
    // Percent with at most 3 decimals.
    frtSla === null ? null : Math.round(frtSla * 100_000) / 1000,
  ];
}

export function agentsCsv(kpis: Kpis, teamOf: (agent: string) => string, targets: Settings['targets']): string {
  return toCsv(AGENTS_CSV_HEADER, kpis.agents.map((a) => agentRow(a, teamOf(a.agent), targets)));
}
