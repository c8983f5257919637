/** Timestamps from data-pre-plain-text and row time labels (research §d.6). */
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

/**
 * "12/9/2025" → { y, m, d }. Y-M-D when the first part has 4 digits. Otherwise D/M or M/D by
 * language (fr → D/M, en-US → M/D), unless one part is > 12, which settles it.
 */
export function parseDate(label: string, lang: string): { y: number; m: number; d: number } | undefined {
  const m = DATE.exec(clean(label));
  if (!m) return undefined;
  const [a, b, c] = [m[1], m[2], m[3]];
  let y: number, mo: number, d: number;
  if (a.length === 4) {
    [y, mo, d] = [Number(a), Number(b), Number(c)];
  } else {
    y = Number(c);
    if (c.length <= 2) y += 2000;
    const x = Number(a), z = Number(b);
    let mf = monthFirst(lang);
    if (x > 12 && z <= 12) mf = false;
    else if (z > 12 && x <= 12) mf = true;
    [mo, d] = mf ? [x, z] : [z, x];
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  return { y, m: mo, d };
}

export interface PrePlainText {
  /** Epoch ms (local time zone), minute precision. */
  tsMinute?: number;
  author?: string;
}

/** "[10:41, 12/9/2025] Maria Silva: " → { tsMinute, author }. */
export function parsePrePlainText(value: string, lang: string): PrePlainText {
  const m = PRE_PLAIN_TEXT.exec(clean(value));
  if (!m) return {};
  const author = m[3].trim() || undefined;
  // Some locales put the date first: "[12/9/2025, 10:41]".
  let clock = parseClock(m[1]);
  let date = parseDate(m[2], lang);
  if (clock === undefined || !date) {
    clock = parseClock(m[2]);
    date = parseDate(m[1], lang);
  }
  if (clock === undefined || !date) return { author };
  const t = new Date(date.y, date.m - 1, date.d, Math.floor(clock / 60), clock % 60, 0, 0);
  // Reject dates that rolled over (31/2).
  if (t.getDate() !== date.d) return { author };
  return { tsMinute: t.getTime(), author };
}
