/**
 * Time inside the team schedule. Intervals are wall-clock "HH:MM" in the schedule's zone and
 * are converted per calendar day, so a DST day's 09:00–17:00 is still 8 hours and a shift
 * across a skipped hour is one hour shorter. "24:00" may end an interval (up to midnight).
 */
import type { BusinessHours } from '../settings';
import { wallTime, zonedToUtc } from './time-zone';

function hhmm(text: string): [number, number] | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) return null;
  return [h, min];
}

/** A schedule is usable when enabled and it has at least one well-formed interval. */
export function isScheduleActive(schedule: BusinessHours | undefined | null): schedule is BusinessHours {
  return !!schedule && schedule.enabled && schedule.week.some((day) => day.some((i) => hhmm(i.from) && hhmm(i.to)));
}

/** Each holiday list as a set, built once: every day of every wait is looked up in it. */
const holidaySets = new WeakMap<readonly string[], ReadonlySet<string>>();
function holidaySet(holidays: readonly string[]): ReadonlySet<string> {
  let set = holidaySets.get(holidays);
  if (!set) holidaySets.set(holidays, (set = new Set(holidays)));
  return set;
}

/** The schedule's open ranges on one local date, merged and sorted, in UTC ms. */
function openRanges(schedule: BusinessHours, year: number, month: number, day: number, weekday: number): Array<[number, number]> {
  const key = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (holidaySet(schedule.holidays).has(key)) return [];
  const ranges: Array<[number, number]> = [];
  for (const interval of schedule.week[weekday - 1] ?? []) {
    const a = hhmm(interval.from);
    const b = hhmm(interval.to);
    if (!a || !b) continue;
    const from = zonedToUtc(schedule.timeZone, year, month, day, a[0], a[1]);
    const to = zonedToUtc(schedule.timeZone, year, month, day, b[0], b[1]);
    if (to > from) ranges.push([from, to]);
  }
  ranges.sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** Milliseconds of [fromMs, toMs) that fall inside the schedule; 0 for an empty or reversed range. */
export function businessMs(fromMs: number, toMs: number, schedule: BusinessHours): number {
  if (!(toMs > fromMs)) return 0;
  let total = 0;
  const start = wallTime(fromMs, schedule.timeZone);
  // Walk local calendar dates; Date.UTC normalises day overflow across months and years.
  for (let i = 0; ; i++) {
    const date = new Date(Date.UTC(start.year, start.month - 1, start.day + i));
    const y = date.getUTCFullYear();
    const m = date.getUTCMonth() + 1;
    const d = date.getUTCDate();
    const dayStart = zonedToUtc(schedule.timeZone, y, m, d);
    if (dayStart >= toMs) break;
    const weekday = date.getUTCDay() || 7;
    for (const [a, b] of openRanges(schedule, y, m, d, weekday)) {
      const lo = Math.max(a, fromMs);
      const hi = Math.min(b, toMs);
      if (hi > lo) total += hi - lo;
    }
  }
  return total;
}

/** Seconds of [fromMs, toMs) inside the schedule (docs/metrics.md: a wait wholly outside it is 0). */
export function businessSeconds(fromMs: number, toMs: number, schedule: BusinessHours): number {
  return businessMs(fromMs, toMs, schedule) / 1000;
}
