import { describe, expect, it } from 'vitest';
import { formatClock, formatDate, formatDuration, formatNumber, formatPercent } from '../../../lib/format-duration';

describe('formatDuration', () => {
  it('shows the two largest units, English', () => {
    expect(formatDuration(252)).toBe('4m 12s');
    expect(formatDuration(240)).toBe('4m');
    expect(formatDuration(42)).toBe('42s');
    expect(formatDuration(2.46)).toBe('2.5s');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(7500)).toBe('2h 5m');
    expect(formatDuration(3600)).toBe('1h');
    expect(formatDuration(3 * 86400 + 4 * 3600)).toBe('3d 4h');
    expect(formatDuration(59.6)).toBe('1m');
  });

  it('is localised in French', () => {
    expect(formatDuration(252, 'fr')).toBe('4min 12s');
    expect(formatDuration(2.46, 'fr')).toBe('2,5s');
    expect(formatDuration(90000, 'fr')).toBe('1j 1h');
  });

  it('shows a dash for missing values, never 0', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(undefined)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
  });
});

describe('other formatters', () => {
  it('formats clocks, numbers, percents and dates', () => {
    expect(formatClock(247)).toBe('4:07');
    expect(formatClock(3727)).toBe('1:02:07');
    expect(formatClock(-5)).toBe('0:00');
    expect(formatNumber(1234.56)).toBe('1,234.6');
    expect(formatNumber(1234.56, 'fr')).toMatch(/^1\s234,6$/);
    expect(formatPercent(0.873)).toBe('87%');
    expect(formatPercent(0.996)).toBe('99.6%');
    expect(formatPercent(null)).toBe('—');
    expect(formatDate('2026-11-24T23:30:00.000Z', 'en', 'Europe/Paris')).toBe('Nov 25, 2026');
  });
});
