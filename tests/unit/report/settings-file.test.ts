import { describe, expect, it } from 'vitest';
import { settingsFrom } from '../../../lib/report/settings-file';

const withHolidays = (holidays: unknown) => () => settingsFrom({ businessHours: { holidays } });

describe('settings file: holidays', () => {
  it('accepts real dates', () => {
    expect(settingsFrom({ businessHours: { holidays: ['2028-02-29', '2026-12-25'] } }).businessHours.holidays).toEqual(['2028-02-29', '2026-12-25']);
  });

  it.each([
    [['2026-12-25', '2026-13-01'], 1, '"2026-13-01"'],
    [['0000-02-29'], 0, '"0000-02-29"'],
    [['2027-02-29'], 0, '"2027-02-29"'],
    [['2026-12-00'], 0, '"2026-12-00"'],
    [[20261225], 0, '20261225'],
  ])('refuses %j, naming the bad one', (holidays, index, shown) => {
    expect(withHolidays(holidays)).toThrow(`businessHours.holidays[${index}] is not a real date (YYYY-MM-DD, 1970-9999): ${shown}`);
  });

  it('refuses a holidays value that is not a list', () => {
    expect(withHolidays('2026-12-25')).toThrow('businessHours.holidays must be a list of YYYY-MM-DD dates');
  });
});
