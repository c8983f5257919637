/** Local-day helpers for the rollups: day keys of the team zone and their UTC bounds. */
import { type Range, dayKey, periodRange } from '../metrics/periods';

const bounds = new Map<string, Range>();

/** [from, to) in UTC ms of a 'YYYY-MM-DD' day in `zone`. */
export function dayRange(day: string, zone: string): Range {
  const key = `${zone}\u0000${day}`;
  let r = bounds.get(key);
  if (!r) {
    const p = periodRange(day, zone);
    if (!p) throw new Error(`not a day: ${day}`);
    r = p;
    if (bounds.size > 50_000) bounds.clear();
    bounds.set(key, r);
  }
  return r;
}

export const nextDay = (day: string, zone: string): string => dayKey(dayRange(day, zone).to, zone);

/** Day keys in [from, to) (keys compare as dates). */
export function daysIn(from: string, to: string, zone: string): string[] {
  const out: string[] = [];
  for (let d = from; d < to; d = nextDay(d, zone)) out.push(d);
  return out;
}

/**
 * Collects day keys into `into`: of instants (`at`) and of every day a span of instants touches
 * (`span`). The day last seen is remembered, so instants fed in time order look a day up once per
 * run inside it: the cost follows the instants, never the days between them (an event dated 9999
 * beside today's must not cost millions of days).
 */
export function dayCollector(zone: string, into: Set<string>) {
  let last: Range | undefined;
  const dayOf = (t: number): Range => {
    if (!last || t < last.from || t >= last.to) {
      const day = dayKey(t, zone);
      into.add(day);
      last = dayRange(day, zone);
    }
    return last;
  };
  return {
    at(t: number): void {
      if (Number.isFinite(t)) dayOf(t);
    },
    span(from: number, to: number): void {
      if (!Number.isFinite(from) || !Number.isFinite(to)) return;
      for (let t = from; t <= to;) t = dayOf(t).to;
    },
  };
}
