/**
 * Reporting periods (day, ISO week, month, custom range) in the team's zone. Every range is
 * half-open [from, to) in UTC ms, so consecutive periods tile time without double counting,
 * and days are computed from wall-clock midnights (a DST day lasts 23 or 25 hours).
 */
import { wallTime, zonedToUtc } from './time-zone';

export type PeriodKind = 'day' | 'week' | 'month';
export interface Range { from: number; to: number }

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** 'YYYY-MM-DD' of the local day containing `utcMs`. */
export function dayKey(utcMs: number, zone: string): string {
  const w = wallTime(utcMs, zone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** ISO-8601 week 'YYYY-Www' (Monday first; week 1 holds the year's first Thursday). */
export function weekKey(utcMs: number, zone: string): string {
  const w = wallTime(utcMs, zone);
  // Shift to this week's Thursday: its year is the ISO week-year.
  const thursday = new Date(Date.UTC(w.year, w.month - 1, w.day + 4 - w.weekday));
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.floor((thursday.getTime() - yearStart) / 86_400_000 / 7) + 1;
  return `${pad(thursday.getUTCFullYear(), 4)}-W${pad(week)}`;
}

/** 'YYYY-MM' of the local month containing `utcMs`. */
export function monthKey(utcMs: number, zone: string): string {
  const w = wallTime(utcMs, zone);
  return `${pad(w.year, 4)}-${pad(w.month)}`;
}

export function periodKey(kind: PeriodKind, utcMs: number, zone: string): string {
  return kind === 'day' ? dayKey(utcMs, zone) : kind === 'week' ? weekKey(utcMs, zone) : monthKey(utcMs, zone);
}

/** The local day, ISO week or month containing `utcMs`. */
export function periodContaining(kind: PeriodKind, utcMs: number, zone: string): Range {
  const w = wallTime(utcMs, zone);
  if (kind === 'day') {
    return { from: zonedToUtc(zone, w.year, w.month, w.day), to: zonedToUtc(zone, w.year, w.month, w.day + 1) };
  }
  if (kind === 'week') {
    const monday = w.day - (w.weekday - 1);
    return { from: zonedToUtc(zone, w.year, w.month, monday), to: zonedToUtc(zone, w.year, w.month, monday + 7) };
  }
  return { from: zonedToUtc(zone, w.year, w.month, 1), to: zonedToUtc(zone, w.year, w.month + 1, 1) };
}

const KEY_RE = /^(\d{4})-(?:(\d{2})-(\d{2})|W(\d{2})|(\d{2}))$/;

/** The range a key from dayKey/weekKey/monthKey names; null for a malformed key. */
export function periodRange(key: string, zone: string): Range | null {
  const m = KEY_RE.exec(key);
  if (!m) return null;
  const year = Number(m[1]);
  if (m[2] !== undefined) {
    const month = Number(m[2]);
    const day = Number(m[3]);
    const probe = new Date(Date.UTC(year, month - 1, day));
    if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
    return { from: zonedToUtc(zone, year, month, day), to: zonedToUtc(zone, year, month, day + 1) };
  }
  if (m[4] !== undefined) {
    const week = Number(m[4]);
    if (week < 1 || week > 53) return null;
    // January 4th is always in ISO week 1.
    const jan4 = new Date(Date.UTC(year, 0, 4));
    const jan4Dow = jan4.getUTCDay() || 7;
    const mondayDay = 4 - (jan4Dow - 1) + (week - 1) * 7;
    return { from: zonedToUtc(zone, year, 1, mondayDay), to: zonedToUtc(zone, year, 1, mondayDay + 7) };
  }
  const month = Number(m[5]);
  if (month < 1 || month > 12) return null;
  return { from: zonedToUtc(zone, year, month, 1), to: zonedToUtc(zone, year, month + 1, 1) };
}

/** Successive periods of `kind` covering [range.from, range.to), each clipped to the range. */
export function periodsIn(kind: PeriodKind, range: Range, zone: string): Array<Range & { key: string }> {
  const out: Array<Range & { key: string }> = [];
  let t = range.from;
  while (t < range.to) {
    const p = periodContaining(kind, t, zone);
    out.push({ key: periodKey(kind, t, zone), from: Math.max(p.from, range.from), to: Math.min(p.to, range.to) });
    t = p.to;
  }
  return out;
}

/** 'YYYY-MM-DD' (local midnight in `zone`) or a full ISO instant; null when unparseable. */
export function parseInstant(text: string, zone: string): number | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return periodRange(text, zone)?.from ?? null;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return null;
  const t = Date.parse(text);
  return Number.isFinite(t) ? t : null;
}
