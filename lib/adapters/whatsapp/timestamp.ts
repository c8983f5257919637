/** Timestamps from data-pre-plain-text and row time labels (docs/architecture.md#reading-whatsapp-web). */
import { CLOCK, DATE, MONTH_FIRST_LANGS, ODD_SPACES, PRE_PLAIN_TEXT } from './selectors';

const clean = (s: string): string => s.replace(ODD_SPACES, ' ');

/** "10:41" / "2:05 PM" / "2:05 p.m." → minutes since midnight, or undefined. */
export function parseClock(label: string): number | undefined {
  const m = CLOCK.exec(clean(label));
  if (!m) return undefined;
  let h = Number(m[1]);
  const min = Number(m[2]);
  const ampm = m[3]?.toLowerCase();
  if (min > 59) return undefined;
  if (ampm) {
    if (h < 1 || h > 12) return undefined;
    h = (h % 12) + (ampm === 'p' ? 12 : 0);
  } else if (h > 23) return undefined;
  return h * 60 + min;
}

export const monthFirst = (lang: string): boolean => MONTH_FIRST_LANGS.includes(lang.toLowerCase());

/** What the page tells about day/month order besides a date's own digits. */
export interface DateClues {
  /** The page's time (local dates are compared with its day). */
  now?: number;
  /** Month first, as learnt from dates on the same page whose digits settle it (date-order.ts). */
  monthFirst?: boolean;
}

/**
 * "12/9/2025" → { y, m, d }. Y-M-D when the first part has 4 digits. Otherwise a part > 12 settles
 * the order; else, in turn: a reading after tomorrow is impossible; the order the page's other dates
 * showed; a reading that is today (a live message) over one that is not; the language's order (fr →
 * D/M, en-US → M/D). WhatsApp formats dates with the browser's locale, not its interface language,
 * so the language comes last.
 */
export function parseDate(label: string, lang: string, clues: DateClues = {}): { y: number; m: number; d: number } | undefined {
  const m = DATE.exec(clean(label));
  if (!m) return undefined;
  const [a, b, c] = [m[1], m[2], m[3]];
  if (a.length === 4) return valid(Number(a), Number(b), Number(c));
  const y = Number(c) + (c.length <= 2 ? 2000 : 0);
  const x = Number(a), z = Number(b);
  if (x > 12 || z > 12) return x > 12 ? valid(y, z, x) : valid(y, x, z);
  const readings = [valid(y, x, z), valid(y, z, x)]; // month first, day first
  return readings[pickOrder(readings, lang, clues)];
}

type Ymd = { y: number; m: number; d: number };

const valid = (y: number, mo: number, d: number): Ymd | undefined => (mo >= 1 && mo <= 12 && d >= 1 && d <= 31 ? { y, m: mo, d } : undefined);

/** 0 for month first, 1 for day first (see parseDate). */
function pickOrder([mf, df]: (Ymd | undefined)[], lang: string, clues: DateClues): number {
  if (!mf || !df) return mf ? 0 : 1;
  if (clues.now !== undefined) {
    const day = (r: Ymd) => new Date(r.y, r.m - 1, r.d).getTime();
    const today = new Date(clues.now);
    const start = new Date(today.getFullYear(), today.getMonth(), today.getDate()).getTime();
    const late = [day(mf) > start + 86_400_000, day(df) > start + 86_400_000];
    if (late[0] !== late[1]) return late[0] ? 1 : 0;
    if (clues.monthFirst !== undefined) return clues.monthFirst ? 0 : 1;
    const isToday = [day(mf) === start, day(df) === start];
    if (isToday[0] !== isToday[1]) return isToday[0] ? 0 : 1;
  } else if (clues.monthFirst !== undefined) return clues.monthFirst ? 0 : 1;
  return monthFirst(lang) ? 0 : 1;
}

export interface PrePlainText {
  /** Epoch ms (local time zone), minute precision. */
  tsMinute?: number;
  author?: string;
}

/** "[10:41, 12/9/2025] Maria Silva: " → { tsMinute, author }. */
export function parsePrePlainText(value: string, lang: string, clues: DateClues = {}): PrePlainText {
  const m = PRE_PLAIN_TEXT.exec(clean(value));
  if (!m) return {};
  const author = m[3].trim() || undefined;
  // Some locales put the date first: "[12/9/2025, 10:41]".
  let clock = parseClock(m[1]);
  let date = parseDate(m[2], lang, clues);
  if (clock === undefined || !date) {
    clock = parseClock(m[2]);
    date = parseDate(m[1], lang, clues);
  }
  if (clock === undefined || !date) return { author };
  const t = new Date(date.y, date.m - 1, date.d, Math.floor(clock / 60), clock % 60, 0, 0);
  // Reject dates that rolled over (31/2).
  if (t.getDate() !== date.d) return { author };
  return { tsMinute: t.getTime(), author };
}
