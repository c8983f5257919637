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

/** Every day key from the day of `fromMs` to the day of `toMs`, both included. */
export function daysCovering(fromMs: number, toMs: number, zone: string): string[] {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || toMs < fromMs) return [];
  const last = dayKey(toMs, zone);
  const out: string[] = [];
  for (let d = dayKey(fromMs, zone); ; d = nextDay(d, zone)) {
    out.push(d);
    if (d >= last) break;
  }
  return out;
}

/** Day keys in [from, to) (keys compare as dates). */
export function daysIn(from: string, to: string, zone: string): string[] {
  const out: string[] = [];
  for (let d = from; d < to; d = nextDay(d, zone)) out.push(d);
  return out;
}

/**
 * Adds the day key of each instant of `times` (in time order) to `into`: a day's range is looked up
 * once for a run of instants inside it, so the cost follows the instants, never the days between them.
 */
export function addDaysOf(times: Iterable<number>, zone: string, into: Set<string>): void {
  let range: Range | undefined;
  for (const t of times) {
    if (!Number.isFinite(t) || (range && t >= range.from && t < range.to)) continue;
    const day = dayKey(t, zone);
    into.add(day);
    range = dayRange(day, zone);
  }
}
