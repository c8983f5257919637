import { describe, expect, it } from 'vitest';
import { dayKey, monthKey, parseInstant, periodContaining, periodRange, periodsIn, weekKey } from '../../../lib/metrics/periods';
import { isValidTimeZone, wallTime, zoneOffsetMs, zonedToUtc } from '../../../lib/metrics/time-zone';

const Z = (s: string): number => Date.parse(s);
const H = 3_600_000;
const range = (from: string, to: string) => ({ from: Z(from), to: Z(to) });

describe('time zone (Intl offsets)', () => {
  it('computes offsets on both sides of the Europe/Paris changes', () => {
    expect(zoneOffsetMs('Europe/Paris', Z('2026-03-29T00:59:59.999Z'))).toBe(1 * H);
    expect(zoneOffsetMs('Europe/Paris', Z('2026-03-29T01:00:00.000Z'))).toBe(2 * H);
    expect(zoneOffsetMs('Europe/Paris', Z('2026-10-25T00:59:59.999Z'))).toBe(2 * H);
    expect(zoneOffsetMs('Europe/Paris', Z('2026-10-25T01:00:00.000Z'))).toBe(1 * H);
  });

  it('maps a wall time skipped by spring-forward past the gap, and a repeated one to its first occurrence', () => {
    expect(zonedToUtc('Europe/Paris', 2026, 3, 29, 2, 30)).toBe(Z('2026-03-29T01:30:00.000Z'));
    expect(zonedToUtc('Europe/Paris', 2026, 10, 25, 2, 30)).toBe(Z('2026-10-25T00:30:00.000Z'));
    expect(zonedToUtc('Europe/Paris', 2026, 10, 25, 3, 30)).toBe(Z('2026-10-25T02:30:00.000Z'));
  });

  it('reads wall time (weekday ISO, Monday = 1)', () => {
    expect(wallTime(Z('2026-11-24T23:30:00.000Z'), 'Europe/Paris')).toMatchObject({ year: 2026, month: 11, day: 25, hour: 0, minute: 30, weekday: 3 });
  });

  it('knows valid zones', () => {
    expect(isValidTimeZone('America/Sao_Paulo')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('periods: day', () => {
  it('a day is local midnight to local midnight', () => {
    expect(periodRange('2026-11-24', 'Europe/Paris')).toEqual(range('2026-11-23T23:00:00.000Z', '2026-11-24T23:00:00.000Z'));
    expect(dayKey(Z('2026-11-24T22:59:59.999Z'), 'Europe/Paris')).toBe('2026-11-24');
    expect(dayKey(Z('2026-11-24T23:00:00.000Z'), 'Europe/Paris')).toBe('2026-11-25');
  });

  it('Europe/Paris: the March change day lasts 23 h, the October one 25 h', () => {
    const march = periodRange('2026-03-29', 'Europe/Paris')!;
    expect(march).toEqual(range('2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z'));
    expect(march.to - march.from).toBe(23 * H);
    const october = periodRange('2026-10-25', 'Europe/Paris')!;
    expect(october).toEqual(range('2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z'));
    expect(october.to - october.from).toBe(25 * H);
  });

  it('America/Sao_Paulo 2018: midnight did not exist on the change day (the day starts at 01:00)', () => {
    const d = periodRange('2018-11-04', 'America/Sao_Paulo')!;
    expect(d).toEqual(range('2018-11-04T03:00:00.000Z', '2018-11-05T02:00:00.000Z'));
    expect(dayKey(Z('2018-11-04T02:59:59.999Z'), 'America/Sao_Paulo')).toBe('2018-11-03');
    expect(dayKey(Z('2018-11-04T03:00:00.000Z'), 'America/Sao_Paulo')).toBe('2018-11-04');
  });

  it('America/Sao_Paulo 2019: the day DST ended lasted 25 h', () => {
    const d = periodRange('2019-02-16', 'America/Sao_Paulo')!;
    expect(d.to - d.from).toBe(25 * H);
  });

  it('splits a range into days, clipped', () => {
    const days = periodsIn('day', range('2026-03-28T12:00:00.000Z', '2026-03-30T12:00:00.000Z'), 'Europe/Paris');
    expect(days.map((d) => d.key)).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
    expect(days.map((d) => (d.to - d.from) / H)).toEqual([11, 23, 14]);
  });

  it('rejects impossible dates', () => {
    expect(periodRange('2026-02-30', 'UTC')).toBeNull();
  });
});

describe('periods: ISO week (Monday first)', () => {
  it('week keys follow ISO-8601 week-years', () => {
    expect(weekKey(Z('2026-01-01T12:00:00.000Z'), 'UTC')).toBe('2026-W01');
    expect(weekKey(Z('2026-12-31T12:00:00.000Z'), 'UTC')).toBe('2026-W53');
    expect(weekKey(Z('2027-01-03T12:00:00.000Z'), 'UTC')).toBe('2026-W53');
    expect(weekKey(Z('2024-12-30T12:00:00.000Z'), 'UTC')).toBe('2025-W01');
    // Sunday 23:30 UTC is already Monday in Paris.
    expect(weekKey(Z('2026-11-29T23:30:00.000Z'), 'Europe/Paris')).toBe('2026-W49');
    expect(weekKey(Z('2026-11-29T23:30:00.000Z'), 'UTC')).toBe('2026-W48');
  });

  it('a week runs from Monday 00:00 to the next Monday 00:00 local, across a DST change', () => {
    const w = periodContaining('week', Z('2026-03-29T12:00:00.000Z'), 'Europe/Paris');
    expect(w).toEqual(range('2026-03-22T23:00:00.000Z', '2026-03-29T22:00:00.000Z'));
    expect(periodRange('2026-W13', 'Europe/Paris')).toEqual(w);
    expect(periodRange('2026-W53', 'UTC')).toEqual(range('2026-12-28T00:00:00.000Z', '2027-01-04T00:00:00.000Z'));
  });
});

describe('periods: month', () => {
  it('a month is local, across DST', () => {
    expect(monthKey(Z('2026-09-30T22:30:00.000Z'), 'Europe/Paris')).toBe('2026-10');
    expect(periodRange('2026-10', 'Europe/Paris')).toEqual(range('2026-09-30T22:00:00.000Z', '2026-10-31T23:00:00.000Z'));
    expect(periodContaining('month', Z('2026-12-15T00:00:00.000Z'), 'America/Sao_Paulo')).toEqual(range('2026-12-01T03:00:00.000Z', '2027-01-01T03:00:00.000Z'));
  });
});

describe('periods: custom range', () => {
  it('parses ISO instants and local dates', () => {
    expect(parseInstant('2026-11-24T10:41:07.250Z', 'UTC')).toBe(Z('2026-11-24T10:41:07.250Z'));
    expect(parseInstant('2026-11-24T10:41:07+01:00', 'UTC')).toBe(Z('2026-11-24T09:41:07.000Z'));
    expect(parseInstant('2026-11-24', 'Europe/Paris')).toBe(Z('2026-11-23T23:00:00.000Z'));
    expect(parseInstant('yesterday', 'UTC')).toBeNull();
    expect(parseInstant('2026-13-01', 'UTC')).toBeNull();
  });
});
