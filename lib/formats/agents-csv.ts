/** agents.csv (FORMATS.md): one row per agent for the chosen period, from computeKpis. */
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

// Summaries are already rounded seconds; cells need no further rounding.
const s = (v: number | null): string => (v === null ? '' : String(v));

export function agentRow(a: AgentKpis, team: string, targets: Settings['targets']): Cell[] {
  const frt = summarize(a.aggs.frt);
  const rt = summarize(a.aggs.rt);
  const close = summarize(a.aggs.close);
  const handling = summarize(a.aggs.handling);
  const botReturn = summarize(a.aggs.bot_return);
  const frtSla = slaCompliance(a.aggs, targets).frt;
  return [
    a.agent, team, a.chatsClosed,
    frt.count, s(frt.mean), s(frt.p50), s(frt.p95), s(frt.p99),
    rt.count, s(rt.mean), s(rt.p50), s(rt.p95), s(rt.p99),
    close.count, s(close.mean), s(close.p50), s(close.p95), s(close.p99),
    s(handling.mean), s(handling.p95), s(handling.p99),
    s(botReturn.mean), secondsCell(a.onlineMs), secondsCell(a.unavailableMs),
    // Percent with at most 3 decimals.
    frtSla === null ? '' : String(Math.round(frtSla * 100_000) / 1000),
  ];
}

export function agentsCsv(kpis: Kpis, teamOf: (agent: string) => string, targets: Settings['targets']): string {
  return toCsv(AGENTS_CSV_HEADER, kpis.agents.map((a) => agentRow(a, teamOf(a.agent), targets)));
}
