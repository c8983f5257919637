import { describe, expect, it } from 'vitest';
import { isPeriodChoice, resolvePeriod } from '../../../components/ui/periods';

const iso = (r: { from: number; to: number } | null) => r && { from: new Date(r.from).toISOString(), to: new Date(r.to).toISOString() };
// Wednesday 25 Nov 2026, 10:00 in Paris (UTC+1).
const now = Date.parse('2026-11-25T09:00:00.000Z');
const zone = 'Europe/Paris';

describe('resolvePeriod', () => {
  it('today, 7 and 30 days end at the end of today in the team zone', () => {
    expect(iso(resolvePeriod({ preset: 'today' }, now, zone))).toEqual({ from: '2026-11-24T23:00:00.000Z', to: '2026-11-25T23:00:00.000Z' });
    expect(iso(resolvePeriod({ preset: '7d' }, now, zone))!.from).toBe('2026-11-18T23:00:00.000Z');
    expect(iso(resolvePeriod({ preset: '30d' }, now, zone))!.from).toBe('2026-10-26T23:00:00.000Z');
  });

  it('weeks start on Monday (ISO)', () => {
    expect(iso(resolvePeriod({ preset: 'thisWeek' }, now, zone))).toEqual({ from: '2026-11-22T23:00:00.000Z', to: '2026-11-25T23:00:00.000Z' });
    expect(iso(resolvePeriod({ preset: 'lastWeek' }, now, zone))).toEqual({ from: '2026-11-15T23:00:00.000Z', to: '2026-11-22T23:00:00.000Z' });
  });

  it('months follow the calendar, across a DST change', () => {
    expect(iso(resolvePeriod({ preset: 'thisMonth' }, now, zone))!.from).toBe('2026-10-31T23:00:00.000Z');
    // October 2026 in Paris starts in summer time (UTC+2) and ends in winter time.
    expect(iso(resolvePeriod({ preset: 'lastMonth' }, now, zone))).toEqual({ from: '2026-09-30T22:00:00.000Z', to: '2026-10-31T23:00:00.000Z' });
  });

  it('a custom range includes both days and rejects reversed or incomplete ranges', () => {
    expect(iso(resolvePeriod({ preset: 'custom', from: '2026-11-02', to: '2026-11-03' }, now, 'UTC'))).toEqual({ from: '2026-11-02T00:00:00.000Z', to: '2026-11-04T00:00:00.000Z' });
    expect(resolvePeriod({ preset: 'custom', from: '2026-11-03', to: '2026-11-03' }, now, 'UTC')).not.toBeNull();
    expect(resolvePeriod({ preset: 'custom', from: '2026-11-04', to: '2026-11-03' }, now, 'UTC')).toBeNull();
    expect(resolvePeriod({ preset: 'custom', from: '2026-11-04' }, now, 'UTC')).toBeNull();
  });
});

describe('isPeriodChoice', () => {
  it('accepts what the picker saves and rejects anything else', () => {
    expect(isPeriodChoice({ preset: '7d' })).toBe(true);
    expect(isPeriodChoice({ preset: 'custom', from: '2026-08-23', to: '2026-11-20' })).toBe(true);
    expect(isPeriodChoice({ preset: 'yesterday' })).toBe(false);
    expect(isPeriodChoice({ preset: 'custom', from: 20260823 })).toBe(false);
    expect(isPeriodChoice(null)).toBe(false);
    expect(isPeriodChoice('today')).toBe(false);
  });
});
