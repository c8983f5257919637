/**
 * The side panel's period choices → half-open UTC ranges in the team's zone, on top of the
 * engine's calendar (lib/metrics/periods). Pure: `now` and the zone are parameters.
 */
import { periodContaining, periodRange, type Range } from '../../lib/metrics/periods';
import { wallTime, zonedToUtc } from '../../lib/metrics/time-zone';

export type PeriodPreset = 'today' | '7d' | '30d' | 'thisWeek' | 'lastWeek' | 'thisMonth' | 'lastMonth' | 'custom';
export const PERIOD_PRESETS: readonly PeriodPreset[] = ['today', '7d', '30d', 'thisWeek', 'lastWeek', 'thisMonth', 'lastMonth', 'custom'];

export interface PeriodChoice {
  preset: PeriodPreset;
  /** Custom range: first and last day, 'YYYY-MM-DD', both included. */
  from?: string;
  to?: string;
}

const DAY = 86_400_000;

export function isPeriodChoice(v: unknown): v is PeriodChoice {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  return PERIOD_PRESETS.includes(c.preset as PeriodPreset)
    && (c.from === undefined || typeof c.from === 'string') && (c.to === undefined || typeof c.to === 'string');
}

/** Local midnight `days` days after the local day containing `t`. */
function dayStart(t: number, zone: string, days = 0): number {
  const w = wallTime(t, zone);
  return zonedToUtc(zone, w.year, w.month, w.day + days);
}

/**
 * The range to report. Periods that contain today end at the end of today (not of the week or
 * month), so charts stop at today. null for an incomplete or reversed custom range.
 */
export function resolvePeriod(choice: PeriodChoice, now: number, zone: string): Range | null {
  const endOfToday = dayStart(now, zone, 1);
  switch (choice.preset) {
    case 'today': return { from: dayStart(now, zone), to: endOfToday };
    case '7d': return { from: dayStart(now, zone, -6), to: endOfToday };
    case '30d': return { from: dayStart(now, zone, -29), to: endOfToday };
    case 'thisWeek': return { from: periodContaining('week', now, zone).from, to: endOfToday };
    case 'lastWeek': {
      const thisWeek = periodContaining('week', now, zone);
      return periodContaining('week', thisWeek.from - DAY / 2, zone);
    }
    case 'thisMonth': return { from: periodContaining('month', now, zone).from, to: endOfToday };
    case 'lastMonth': {
      const thisMonth = periodContaining('month', now, zone);
      return periodContaining('month', thisMonth.from - DAY / 2, zone);
    }
    case 'custom': {
      const from = choice.from ? periodRange(choice.from, zone) : null;
      const to = choice.to ? periodRange(choice.to, zone) : null;
      if (!from || !to || choice.from!.length !== 10 || choice.to!.length !== 10 || to.to <= from.from) return null;
      return { from: from.from, to: to.to };
    }
  }
}
