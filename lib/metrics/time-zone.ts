/**
 * Wall-clock arithmetic in an IANA zone with nothing but Intl, so it runs in Node, the
 * service worker and pages alike and follows the platform's tz database (DST included).
 */

export interface WallTime {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True when the runtime knows the zone (the report rejects `--tz` otherwise). */
export function isValidTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

// Zone transitions fall on quarter-hour UTC instants everywhere, so the offset is constant
// within a quarter hour and can be cached; formatToParts is the expensive call here.
const SLOT_MS = 15 * 60 * 1000;
const offsetCache = new Map<string, Map<number, number>>();

function computeOffset(zone: string, utcMs: number): number {
  const parts = formatter(zone).formatToParts(new Date(utcMs));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** Local time minus UTC, in ms, at the instant `utcMs`. */
export function zoneOffsetMs(zone: string, utcMs: number): number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0;
  let cache = offsetCache.get(zone);
  if (!cache) {
    cache = new Map();
    offsetCache.set(zone, cache);
  }
  const slot = Math.floor(utcMs / SLOT_MS);
  let off = cache.get(slot);
  if (off === undefined) {
    off = computeOffset(zone, slot * SLOT_MS);
    if (cache.size > 100_000) cache.clear();
    cache.set(slot, off);
  }
  return off;
}

/** The wall-clock reading in `zone` at `utcMs`. */
export function wallTime(utcMs: number, zone: string): WallTime {
  const d = new Date(utcMs + zoneOffsetMs(zone, utcMs));
  const dow = d.getUTCDay();
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: dow === 0 ? 7 : dow,
  };
}

const DAY_MS = 86_400_000;

/**
 * The instant at which `zone` shows the given wall time. A time skipped by a spring-forward
 * gap maps to the same distance past the gap (02:30 → 03:30 in Paris); a time repeated by a
 * fall-back overlap maps to its first occurrence. Month/day overflow is normalised (day 32 → next month).
 */
export function zonedToUtc(zone: string, year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  // Transitions are months apart, so the offsets a day either side bracket any change.
  const before = zoneOffsetMs(zone, wall - DAY_MS);
  const after = zoneOffsetMs(zone, wall + DAY_MS);
  const first = wall - before;
  if (zoneOffsetMs(zone, first) === before) return first;
  const second_ = wall - after;
  if (zoneOffsetMs(zone, second_) === after) return second_;
  return first;
}
