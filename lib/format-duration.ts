/**
 * Pure, locale-aware formatters for the dashboards. The locale is a parameter (pages pass
 * `browser.i18n.getUILanguage()`), so these run in Node tests and the report alike.
 *
 * Durations read like `4m 12s` in English and `4min 12s` in French: Intl's narrow units,
 * because Intl.DurationFormat is missing from Node 20 and older Chromium.
 */

const unitFormats = new Map<string, Intl.NumberFormat>();

function unit(locale: string, name: 'second' | 'minute' | 'hour' | 'day', value: number, decimals = 0): string {
  const key = `${locale}|${name}|${decimals}`;
  let f = unitFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, {
      style: 'unit',
      unit: name,
      unitDisplay: 'narrow',
      maximumFractionDigits: decimals,
      minimumFractionDigits: 0,
    });
    unitFormats.set(key, f);
  }
  return f.format(value);
}

export const EMPTY = '—';

/**
 * Seconds → the two largest non-zero units: `42s`, `4m 12s`, `2h 5m`, `3d 4h`. Values under 10 s
 * keep one decimal (`2.5s`), so sub-minute KPIs stay distinguishable. null/undefined/NaN → `—`.
 */
export function formatDuration(seconds: number | null | undefined, locale = 'en'): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return EMPTY;
  const sign = seconds < 0 ? '-' : '';
  const s = Math.abs(seconds);
  if (s < 10) return sign + unit(locale, 'second', Math.round(s * 10) / 10, 1);
  let total = Math.round(s);
  if (total < 60) return sign + unit(locale, 'second', total);
  if (total < 3600) {
    const m = Math.floor(total / 60);
    const rest = total % 60;
    return sign + (rest ? `${unit(locale, 'minute', m)} ${unit(locale, 'second', rest)}` : unit(locale, 'minute', m));
  }
  total = Math.round(s / 60); // minutes
  if (total < 24 * 60) {
    const h = Math.floor(total / 60);
    const rest = total % 60;
    return sign + (rest ? `${unit(locale, 'hour', h)} ${unit(locale, 'minute', rest)}` : unit(locale, 'hour', h));
  }
  total = Math.round(s / 3600); // hours
  const d = Math.floor(total / 24);
  const rest = total % 24;
  return sign + (rest ? `${unit(locale, 'day', d)} ${unit(locale, 'hour', rest)}` : unit(locale, 'day', d));
}

/** A running wait shown as a clock, `4:07` or `1:02:07`, so it ticks without jumping width. */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(sec)}` : `${m}:${pad(sec)}`;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    numberFormats.set(key, f);
  }
  return f;
}

export function formatNumber(value: number | null | undefined, locale = 'en'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return EMPTY;
  return numberFormat(locale, { maximumFractionDigits: 1 }).format(value);
}

/** A share in 0..1 → `87 %` / `87 %` (French spacing comes from Intl). */
export function formatPercent(share: number | null | undefined, locale = 'en'): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return EMPTY;
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: share > 0.99 && share < 1 ? 1 : 0 }).format(share);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    dateFormats.set(key, f);
  }
  return f;
}

export const formatDate = (at: string | number, locale: string, timeZone: string): string =>
  dateFormat(locale, timeZone, { dateStyle: 'medium' }).format(new Date(at));

export const formatShortDate = (at: string | number, locale: string, timeZone: string): string =>
  dateFormat(locale, timeZone, { day: 'numeric', month: 'short' }).format(new Date(at));

export const formatDateTime = (at: string | number, locale: string, timeZone: string): string =>
  dateFormat(locale, timeZone, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(at));

export const formatTimeOfDay = (at: string | number, locale: string, timeZone: string): string =>
  dateFormat(locale, timeZone, { timeStyle: 'short' }).format(new Date(at));
