import { defaultSettings, type BusinessInterval, type Settings } from './settings';

/**
 * The options page edits a form of strings (what the user typed) and turns it into Settings
 * only when every field is valid. Pure, so every rule is unit-tested; messages are i18n keys
 * (the page translates them), never text, because lib/ has no access to browser.i18n.
 */

export interface FieldError {
  /** Which control: `targets.frt`, `botRules`, `routes.1.label`, `businessHours.week.0.1`, … */
  field: string;
  /** A key of public/_locales/<lang>/messages.json. */
  key: string;
  subs?: string[];
}

export interface RouteForm { label: string; keywords: string }
export interface IntervalForm { from: string; to: string }

export interface SettingsForm {
  agentId: string;
  agentName: string;
  team: string;
  signaturePattern: string;
  /** One regular expression per line. */
  botRules: string;
  handoffRules: string;
  /** Keywords separated by commas. */
  routes: RouteForm[];
  /** Minutes. */
  frtTarget: string;
  rtTarget: string;
  closeTarget: string;
  /** Minutes. */
  idleAfter: string;
  /** Hours. */
  autoCloseAfter: string;
  businessHoursEnabled: boolean;
  businessTimeZone: string;
  /** Monday … Sunday. */
  week: IntervalForm[][];
  /** One YYYY-MM-DD per line. */
  holidays: string;
  timeZone: string;
  retentionDays: string;
}

export const LIMITS = {
  textMax: 80,
  targetMaxMin: 7 * 24 * 60,
  idleMaxMin: 24 * 60,
  autoCloseMaxH: 30 * 24,
  retentionMaxDays: 3650,
} as const;

/**
 * The flags the observer (lib/observe/rules.ts) compiles rules with: `u` first, because the
 * default signature uses \p{L}, then without `u` for patterns only valid in legacy mode (`\-`).
 */
export const RULE_FLAGS = 'iu';
const FALLBACK_FLAGS = 'i';

/** The flags a source compiles with, as the observer tries them; null when none. */
export function compilingFlags(source: string): string | null {
  for (const flags of [RULE_FLAGS, FALLBACK_FLAGS]) {
    try {
      new RegExp(source, flags);
      return flags;
    } catch {
      /* next */
    }
  }
  return null;
}

const trimNumber = (n: number): string => String(Math.round(n * 100) / 100);

export function toForm(s: Settings): SettingsForm {
  const week = Array.from({ length: 7 }, (_, i) => (s.businessHours.week[i] ?? []).map((x) => ({ ...x })));
  return {
    agentId: s.agentId,
    agentName: s.agentName,
    team: s.team,
    signaturePattern: s.signaturePattern,
    botRules: s.botRules.join('\n'),
    handoffRules: s.handoffRules.join('\n'),
    routes: s.routes.map((r) => ({ label: r.label, keywords: r.keywords.join(', ') })),
    frtTarget: trimNumber(s.targets.frtS / 60),
    rtTarget: trimNumber(s.targets.rtS / 60),
    closeTarget: trimNumber(s.targets.closeS / 60),
    idleAfter: trimNumber(s.idleAfterS / 60),
    autoCloseAfter: trimNumber(s.autoCloseAfterS / 3600),
    businessHoursEnabled: s.businessHours.enabled,
    businessTimeZone: s.businessHours.timeZone,
    week,
    holidays: s.businessHours.holidays.join('\n'),
    timeZone: s.timeZone,
    retentionDays: String(s.retentionDays),
  };
}

export function isValidTimeZone(zone: string): boolean {
  if (!zone.trim()) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** null when the source compiles (with or without `u`), else the engine's message (shown to the user). */
export function regexError(source: string): string | null {
  if (compilingFlags(source)) return null;
  try {
    new RegExp(source, RULE_FLAGS);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e);
  }
}

/** Number of capturing groups of a compiling source (the empty alternative always matches). */
export function captureGroups(source: string, flags = compilingFlags(source) ?? RULE_FLAGS): number {
  const m = new RegExp(`${source}|`, flags).exec('');
  return m ? m.length - 1 : 0;
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

/** "HH:MM" → minutes after midnight; `24:00` is allowed as an end. null when malformed. */
export function parseTime(value: string): number | null {
  const v = value.trim();
  if (!TIME.test(v)) return null;
  const [h, m] = v.split(':').map(Number);
  return h * 60 + m;
}

/** Years a holiday may fall in: a year such as 0000 is a typo, not a day off. */
export const HOLIDAY_YEARS = { min: 1970, max: 9999 };

/** A real calendar date `YYYY-MM-DD` (no month 13, no 2027-02-29) of a plausible year. */
export function isValidDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < HOLIDAY_YEARS.min || y > HOLIDAY_YEARS.max) return false;
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

/** Accepts `1.5` and the French `1,5`; null for anything else. */
export function parseNumber(value: string): number | null {
  const v = value.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(v)) return null;
  return Number(v);
}

export const lines = (text: string): string[] => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

export interface ParseResult { settings: Settings | null; errors: FieldError[] }

/**
 * Validates the whole form. With no error, returns Settings merged over `base`, so fields this
 * page does not know (added by a newer version) survive a save.
 */
export function fromForm(form: SettingsForm, base: Settings = defaultSettings()): ParseResult {
  const errors: FieldError[] = [];
  const err = (field: string, key: string, ...subs: string[]) => errors.push({ field, key, ...(subs.length ? { subs } : {}) });

  const text = (field: string, value: string): string => {
    const v = value.trim();
    if (v.length > LIMITS.textMax) err(field, 'errTooLong', String(LIMITS.textMax));
    else if (/[\u0000-\u001f]/.test(v)) err(field, 'errControlChars');
    return v;
  };
  const agentId = text('agentId', form.agentId);
  if (agentId && /\s/.test(agentId)) err('agentId', 'errNoSpaces');
  const agentName = text('agentName', form.agentName);
  const team = text('team', form.team);

  const signaturePattern = form.signaturePattern.trim();
  if (!signaturePattern) err('signaturePattern', 'errRequired');
  else {
    const e = regexError(signaturePattern);
    if (e) err('signaturePattern', 'errRegex', e);
    else if (captureGroups(signaturePattern) < 1) err('signaturePattern', 'errSignatureGroup');
  }

  const rules = (field: string, value: string): string[] => {
    const out: string[] = [];
    value.split(/\r?\n/).forEach((raw, i) => {
      const line = raw.trim();
      if (!line) return;
      const e = regexError(line);
      if (e) err(field, 'errRegexLine', String(i + 1), e);
      else if (new RegExp(line, compilingFlags(line)!).test('')) err(field, 'errRegexEmptyMatch', String(i + 1));
      else out.push(line);
    });
    return out;
  };
  const botRules = rules('botRules', form.botRules);
  const handoffRules = rules('handoffRules', form.handoffRules);

  const labels = new Set<string>();
  const routes = form.routes.map((r, i) => {
    const label = r.label.trim();
    if (!label) err(`routes.${i}.label`, 'errRequired');
    else if (label.length > LIMITS.textMax) err(`routes.${i}.label`, 'errTooLong', String(LIMITS.textMax));
    else if (labels.has(label.toLowerCase())) err(`routes.${i}.label`, 'errDuplicateLabel');
    else if (label.toLowerCase() === 'unrouted') err(`routes.${i}.label`, 'errReservedLabel', 'unrouted');
    labels.add(label.toLowerCase());
    const keywords = r.keywords.split(',').map((k) => k.trim()).filter(Boolean);
    if (!keywords.length) err(`routes.${i}.keywords`, 'errKeywordsRequired');
    return { label, keywords };
  });

  const positive = (field: string, value: string, max: number, scale: number, integer = false): number => {
    const n = parseNumber(value);
    if (n === null) { err(field, value.trim() ? 'errNumber' : 'errRequired'); return NaN; }
    if (n <= 0) { err(field, 'errPositive'); return NaN; }
    if (n > max) { err(field, 'errMax', String(max)); return NaN; }
    if (integer && !Number.isInteger(n)) { err(field, 'errInteger'); return NaN; }
    return Math.round(n * scale);
  };
  const frtS = positive('targets.frt', form.frtTarget, LIMITS.targetMaxMin, 60);
  const rtS = positive('targets.rt', form.rtTarget, LIMITS.targetMaxMin, 60);
  const closeS = positive('targets.close', form.closeTarget, LIMITS.targetMaxMin, 60);
  const idleAfterS = positive('idleAfter', form.idleAfter, LIMITS.idleMaxMin, 60);
  const autoCloseAfterS = positive('autoCloseAfter', form.autoCloseAfter, LIMITS.autoCloseMaxH, 3600);
  const retentionDays = positive('retentionDays', form.retentionDays, LIMITS.retentionMaxDays, 1, true);

  const zone = (field: string, value: string): string => {
    const v = value.trim();
    if (!v) err(field, 'errRequired');
    else if (!isValidTimeZone(v)) err(field, 'errTimeZone', v);
    return v;
  };
  const timeZone = zone('timeZone', form.timeZone);
  const businessTimeZone = zone('businessHours.timeZone', form.businessTimeZone);

  const week: BusinessInterval[][] = Array.from({ length: 7 }, (_, day) => {
    const parsed: { from: number; to: number; i: number; value: BusinessInterval }[] = [];
    (form.week[day] ?? []).forEach((iv, i) => {
      const field = `businessHours.week.${day}.${i}`;
      const from = parseTime(iv.from);
      const to = parseTime(iv.to);
      if (from === null || from === 24 * 60) { err(`${field}.from`, 'errTime'); return; }
      if (to === null) { err(`${field}.to`, 'errTime'); return; }
      if (from >= to) { err(`${field}.to`, 'errIntervalOrder'); return; }
      parsed.push({ from, to, i, value: { from: iv.from.trim(), to: iv.to.trim() } });
    });
    parsed.sort((a, b) => a.from - b.from);
    for (let k = 1; k < parsed.length; k++) {
      if (parsed[k].from < parsed[k - 1].to) {
        err(`businessHours.week.${day}.${parsed[k].i}.from`, 'errIntervalOverlap', parsed[k - 1].value.from, parsed[k - 1].value.to);
      }
    }
    return parsed.map((p) => p.value);
  });
  if (form.businessHoursEnabled && week.every((d) => d.length === 0) && !errors.some((e) => e.field.startsWith('businessHours.week'))) {
    err('businessHours.week', 'errNoIntervals');
  }

  const holidaySet = new Set<string>();
  form.holidays.split(/\r?\n/).forEach((raw, i) => {
    const v = raw.trim();
    if (!v) return;
    if (!isValidDate(v)) err('businessHours.holidays', 'errDateLine', String(i + 1));
    else holidaySet.add(v);
  });
  const holidays = [...holidaySet].sort();

  if (errors.length) return { settings: null, errors };
  return {
    errors,
    settings: {
      ...base,
      agentId,
      agentName,
      team,
      signaturePattern,
      botRules,
      handoffRules,
      routes,
      targets: { ...base.targets, frtS, rtS, closeS },
      idleAfterS,
      autoCloseAfterS,
      businessHours: { ...base.businessHours, enabled: form.businessHoursEnabled, timeZone: businessTimeZone, week, holidays },
      timeZone,
      retentionDays,
    },
  };
}

/** The first error of a field, for the message under its control. */
export const errorFor = (errors: readonly FieldError[], field: string): FieldError | undefined =>
  errors.find((e) => e.field === field);
