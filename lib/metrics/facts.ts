/**
 * Episodes → dated, credited measurements: the "credited to" and "counted in the period of"
 * columns of docs/metrics.md's KPI table, in one place. KPIs and rollups both filter and group
 * these, so a period report and merged day rollups cannot disagree.
 */
import type { Episode } from './episodes';

export const DURATION_METRICS = ['frt', 'rt', 'close', 'handling', 'bot_return'] as const;
export type DurationMetric = (typeof DURATION_METRICS)[number];

export interface Fact {
  metric: DurationMetric;
  /** Credited agent (`auto` for auto-close). */
  agent: string;
  /** The instant whose period counts it. */
  at: number;
  ms: number;
  bhMs: number | null;
}

/** Durations that start before the log's recording start are left out (episodes.ts beforeRecording). */
export function factsOf(episodes: Iterable<Episode>): Fact[] {
  const facts: Fact[] = [];
  for (const ep of episodes) {
    ep.waits.forEach((w, i) => {
      if (w.beforeRecording) return;
      const fact = { agent: w.agent, at: w.at, ms: w.ms, bhMs: w.bhMs };
      if (i === 0) facts.push({ metric: 'frt', ...fact });
      facts.push({ metric: 'rt', ...fact });
    });
    for (const r of ep.botReturns) if (!r.beforeRecording) facts.push({ metric: 'bot_return', agent: r.agent, at: r.at, ms: r.ms, bhMs: r.bhMs });
    if (ep.closedAt !== null && ep.closedBy !== null && !ep.beforeRecording) {
      facts.push({ metric: 'close', agent: ep.closedBy, at: ep.closedAt, ms: ep.closeMs ?? 0, bhMs: ep.closeBhMs });
      facts.push({ metric: 'handling', agent: ep.closedBy, at: ep.closedAt, ms: ep.handlingMs ?? 0, bhMs: ep.handlingBhMs });
    }
  }
  return facts;
}
