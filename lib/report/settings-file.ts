/**
 * A settings file for the report: any subset of Settings as JSON, laid over the defaults
 * (nested objects field by field). Only the fields the metrics read are checked.
 */
import { type Settings, defaultSettings } from '../settings';
import { isValidTimeZone } from '../metrics/time-zone';
import { HOLIDAY_YEARS, isValidDate } from '../settings-validation';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function overlay(base: unknown, over: unknown): unknown {
  if (!isObj(base) || !isObj(over)) return over === undefined ? base : over;
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = overlay(base[k], v);
  return out;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

function problemOf(s: Settings): string | null {
  const nonNegative = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  for (const k of ['frtS', 'rtS', 'closeS'] as const) if (!nonNegative(s.targets?.[k])) return `targets.${k} must be a number of seconds`;
  if (!nonNegative(s.autoCloseAfterS)) return 'autoCloseAfterS must be a number of seconds';
  if (s.heartbeatTimeoutS !== undefined && !nonNegative(s.heartbeatTimeoutS)) return 'heartbeatTimeoutS must be a number of seconds';
  if (!isValidTimeZone(s.timeZone)) return `unknown timeZone: ${s.timeZone}`;
  const bh = s.businessHours;
  if (!isObj(bh) || typeof bh.enabled !== 'boolean') return 'businessHours.enabled must be true or false';
  if (!isValidTimeZone(bh.timeZone)) return `unknown businessHours.timeZone: ${String(bh.timeZone)}`;
  if (!Array.isArray(bh.week) || bh.week.length !== 7) return 'businessHours.week must list 7 days, Monday first';
  for (const [d, day] of bh.week.entries()) {
    if (!Array.isArray(day)) return `businessHours.week[${d}] must be a list of intervals`;
    for (const i of day) if (!isObj(i) || !HHMM.test(String(i.from)) || !HHMM.test(String(i.to))) return `businessHours.week[${d}] intervals must be {"from": "HH:MM", "to": "HH:MM"}`;
  }
  if (!Array.isArray(bh.holidays)) return 'businessHours.holidays must be a list of YYYY-MM-DD dates';
  const bad = bh.holidays.findIndex((h) => typeof h !== 'string' || !isValidDate(h));
  if (bad !== -1) return `businessHours.holidays[${bad}] is not a real date (YYYY-MM-DD, ${HOLIDAY_YEARS.min}-${HOLIDAY_YEARS.max}): ${JSON.stringify(bh.holidays[bad])}`;
  return null;
}

/** Defaults overlaid with `json`; throws an Error with a one-line reason when unusable. */
export function settingsFrom(json: unknown, base: Settings = defaultSettings()): Settings {
  if (!isObj(json)) throw new Error('settings must be a JSON object');
  const merged = overlay(base, json) as Settings;
  const problem = problemOf(merged);
  if (problem) throw new Error(problem);
  return merged;
}
