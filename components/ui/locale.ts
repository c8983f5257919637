import { browser } from 'wxt/browser';
import { formatDuration, formatNumber, formatPercent } from '../../lib/format-duration';

/** The browser's UI language (the one browser.i18n picked the messages for), so numbers match the words. */
export const uiLocale = (): string => {
  try {
    return browser.i18n.getUILanguage() || navigator.language || 'en';
  } catch {
    return navigator.language || 'en';
  }
};

export const dur = (seconds: number | null | undefined): string => formatDuration(seconds, uiLocale());
export const num = (value: number | null | undefined): string => formatNumber(value, uiLocale());
export const pct = (share: number | null | undefined): string => formatPercent(share, uiLocale());

/** Monday … Sunday in the UI language (1 Jan 2024 was a Monday). */
export const weekdayNames = (style: 'long' | 'short' = 'long'): string[] => {
  const f = new Intl.DateTimeFormat(uiLocale(), { weekday: style, timeZone: 'UTC' });
  return Array.from({ length: 7 }, (_, i) => f.format(new Date(Date.UTC(2024, 0, 1 + i))));
};
