import { browser } from 'wxt/browser';

/** The browser picks the language (en or fr); a missing key shows itself rather than an empty label. */
export const t = (key: string, ...substitutions: string[]): string =>
  browser.i18n.getMessage(key as never, substitutions) || key;

export const formatTime = (at: string): string =>
  new Intl.DateTimeFormat(browser.i18n.getUILanguage(), { timeStyle: 'medium' }).format(new Date(at));
