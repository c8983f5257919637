import { describe, expect, it } from 'vitest';
import { businessMs, businessSeconds, isScheduleActive } from '../../../lib/metrics/business-hours';
import type { BusinessHours } from '../../../lib/settings';

const Z = (s: string): number => Date.parse(s);
const H = 3600;
const weekdays = [{ from: '09:00', to: '12:00' }, { from: '14:00', to: '18:00' }];
const paris: BusinessHours = {
  enabled: true,
  timeZone: 'Europe/Paris',
  week: [weekdays, weekdays, weekdays, weekdays, weekdays, [], []],
  holidays: ['2026-12-25'],
};
// Local Paris times in winter are UTC+1.
const bs = (from: string, to: string, s: BusinessHours = paris) => businessSeconds(Z(from), Z(to), s);

describe('business hours', () => {
  it('counts only time inside the schedule (split shift)', () => {
    // Mon 23 Nov 11:00 → 15:00 local: 11–12 and 14–15.
    expect(bs('2026-11-23T10:00:00.000Z', '2026-11-23T14:00:00.000Z')).toBe(2 * H);
  });

  it('a wait wholly outside the schedule is 0 (night, weekend)', () => {
    expect(bs('2026-11-23T19:00:00.000Z', '2026-11-24T07:00:00.000Z')).toBe(0);
    expect(bs('2026-11-28T09:00:00.000Z', '2026-11-29T17:00:00.000Z')).toBe(0);
    expect(bs('2026-11-23T11:05:00.000Z', '2026-11-23T12:55:00.000Z')).toBe(0);
  });

  it('across midnight', () => {
    // Mon 17:00 → Tue 10:00 local = 1 h + 1 h.
    expect(bs('2026-11-23T16:00:00.000Z', '2026-11-24T09:00:00.000Z')).toBe(2 * H);
    const night: BusinessHours = { ...paris, week: Array.from({ length: 7 }, () => [{ from: '22:00', to: '24:00' }, { from: '00:00', to: '02:00' }]), holidays: [] };
    expect(bs('2026-11-23T22:00:00.000Z', '2026-11-24T00:00:00.000Z', night)).toBe(2 * H);
  });

  it('skips holidays', () => {
    expect(bs('2026-12-24T23:00:00.000Z', '2026-12-25T23:00:00.000Z')).toBe(0);
    // Thu 24 17:00 → Mon 28 10:00 local: Thu 1 h, Fri holiday, weekend, Mon 1 h.
    expect(bs('2026-12-24T16:00:00.000Z', '2026-12-28T09:00:00.000Z')).toBe(2 * H);
  });

  it('a full week', () => {
    expect(bs('2026-11-22T23:00:00.000Z', '2026-11-29T23:00:00.000Z')).toBe(35 * H);
  });

  it('DST: a day-long interval lasts 23 h in March and 25 h in October (Europe/Paris)', () => {
    const allDay: BusinessHours = { ...paris, week: Array.from({ length: 7 }, () => [{ from: '00:00', to: '24:00' }]), holidays: [] };
    expect(bs('2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z', allDay)).toBe(23 * H);
    expect(bs('2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z', allDay)).toBe(25 * H);
    const early: BusinessHours = { ...allDay, week: Array.from({ length: 7 }, () => [{ from: '01:00', to: '04:00' }]) };
    // 01:00–04:00 local on the spring day skips 02:00–03:00.
    expect(bs('2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z', early)).toBe(2 * H);
    // Working hours keep their wall-clock length after the change: Mon 30 March 09:00–12:00 CEST = 07:00–10:00Z.
    expect(bs('2026-03-30T07:00:00.000Z', '2026-03-30T10:00:00.000Z')).toBe(3 * H);
  });

  it('America/Sao_Paulo: the 2018 change day', () => {
    const sp: BusinessHours = { enabled: true, timeZone: 'America/Sao_Paulo', week: Array.from({ length: 7 }, () => [{ from: '00:00', to: '24:00' }]), holidays: [] };
    expect(bs('2018-11-04T03:00:00.000Z', '2018-11-05T02:00:00.000Z', sp)).toBe(23 * H);
  });

  it('empty or reversed ranges are 0; ms and seconds agree', () => {
    expect(bs('2026-11-23T10:00:00.000Z', '2026-11-23T09:00:00.000Z')).toBe(0);
    expect(businessMs(Z('2026-11-23T08:00:00.000Z'), Z('2026-11-23T08:00:01.500Z'), paris)).toBe(1500);
  });

  it('is active only when enabled with a usable interval', () => {
    expect(isScheduleActive(paris)).toBe(true);
    expect(isScheduleActive({ ...paris, enabled: false })).toBe(false);
    expect(isScheduleActive({ ...paris, week: [[], [], [], [], [], [], []] })).toBe(false);
  });
});
