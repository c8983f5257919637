import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../lib/settings';
import {
  captureGroups, fromForm, isValidDate, isValidTimeZone, parseNumber, parseTime, regexError, toForm, type SettingsForm,
} from '../../lib/settings-validation';

const form = (patch: Partial<SettingsForm> = {}): SettingsForm => ({ ...toForm({ ...defaultSettings(), timeZone: 'Europe/Paris' }), ...patch });
const fields = (f: SettingsForm) => fromForm(f).errors.map((e) => `${e.field}:${e.key}`);

describe('settings form', () => {
  it('round-trips the defaults unchanged', () => {
    const s = { ...defaultSettings(), timeZone: 'Europe/Paris' };
    expect(fromForm(toForm(s), s)).toEqual({ settings: s, errors: [] });
  });

  it('keeps fields it does not know about', () => {
    const base = { ...defaultSettings(), futureField: 42 } as ReturnType<typeof defaultSettings>;
    expect((fromForm(toForm(base), base).settings as unknown as { futureField: number }).futureField).toBe(42);
  });

  it('converts minutes and hours to seconds, accepting a decimal comma', () => {
    const r = fromForm(form({ frtTarget: '1,5', rtTarget: '2', closeTarget: '90', idleAfter: '3', autoCloseAfter: '12' }));
    expect(r.errors).toEqual([]);
    expect(r.settings!.targets).toEqual({ frtS: 90, rtS: 120, closeS: 5400 });
    expect(r.settings!.idleAfterS).toBe(180);
    expect(r.settings!.autoCloseAfterS).toBe(43_200);
  });

  it('rejects numbers that are not positive, too large, malformed or missing', () => {
    expect(fields(form({ frtTarget: '0' }))).toEqual(['targets.frt:errPositive']);
    expect(fields(form({ rtTarget: '-3' }))).toEqual(['targets.rt:errNumber']);
    expect(fields(form({ closeTarget: 'abc' }))).toEqual(['targets.close:errNumber']);
    expect(fields(form({ idleAfter: '' }))).toEqual(['idleAfter:errRequired']);
    expect(fields(form({ autoCloseAfter: '100000' }))).toEqual(['autoCloseAfter:errMax']);
    expect(fields(form({ retentionDays: '1.5' }))).toEqual(['retentionDays:errInteger']);
  });

  it('splits rules one per line, skipping blanks, and reports the bad line with the engine message', () => {
    const ok = fromForm(form({ botRules: 'Bienvenue\n\n  ^Menu  \n', handoffRules: 'un agent va vous répondre' }));
    expect(ok.settings!.botRules).toEqual(['Bienvenue', '^Menu']);
    expect(ok.settings!.handoffRules).toEqual(['un agent va vous répondre']);
    const bad = fromForm(form({ botRules: 'fine\n(unclosed' }));
    expect(bad.errors).toHaveLength(1);
    expect(bad.errors[0]).toMatchObject({ field: 'botRules', key: 'errRegexLine' });
    expect(bad.errors[0].subs![0]).toBe('2');
    expect(bad.errors[0].subs![1]).toMatch(/unterminated group/i);
  });

  it('accepts what the observer accepts: patterns valid only without the u flag too', () => {
    expect(regexError('a\\-b')).toBeNull();
    expect(fields(form({ botRules: 'Menu\\: \\d', signaturePattern: '^(\\w+)\\:' }))).toEqual([]);
  });

  it('rejects a rule that matches every message', () => {
    expect(fields(form({ handoffRules: '.*' }))).toEqual(['handoffRules:errRegexEmptyMatch']);
  });

  it('requires a compiling signature pattern with a capture group for the name', () => {
    expect(fields(form({ signaturePattern: '' }))).toEqual(['signaturePattern:errRequired']);
    expect(fields(form({ signaturePattern: '[a-' }))).toEqual(['signaturePattern:errRegex']);
    expect(fields(form({ signaturePattern: '^\\w+:' }))).toEqual(['signaturePattern:errSignatureGroup']);
    expect(fields(form({ signaturePattern: '^(\\w+):' }))).toEqual([]);
  });

  it('validates time zones through Intl', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(fields(form({ timeZone: 'Mars/Olympus' }))).toEqual(['timeZone:errTimeZone']);
    expect(fields(form({ businessTimeZone: 'nowhere' }))).toEqual(['businessHours.timeZone:errTimeZone']);
  });

  it('parses routes with comma-separated keywords and rejects empty, duplicate and reserved labels', () => {
    const r = fromForm(form({ routes: [{ label: 'Sales', keywords: '1, buy ,price' }, { label: 'Support', keywords: '2' }] }));
    expect(r.settings!.routes).toEqual([{ label: 'Sales', keywords: ['1', 'buy', 'price'] }, { label: 'Support', keywords: ['2'] }]);
    expect(fields(form({ routes: [{ label: '', keywords: 'x' }] }))).toEqual(['routes.0.label:errRequired']);
    expect(fields(form({ routes: [{ label: 'A', keywords: ' , ' }] }))).toEqual(['routes.0.keywords:errKeywordsRequired']);
    expect(fields(form({ routes: [{ label: 'A', keywords: '1' }, { label: 'a', keywords: '2' }] }))).toEqual(['routes.1.label:errDuplicateLabel']);
    expect(fields(form({ routes: [{ label: 'Unrouted', keywords: '1' }] }))).toEqual(['routes.0.label:errReservedLabel']);
  });

  it('accepts several business intervals per day, sorted, and rejects malformed, reversed and overlapping ones', () => {
    const week = [[{ from: '14:00', to: '18:00' }, { from: '09:00', to: '12:30' }], [{ from: '12:00', to: '24:00' }], [], [], [], [], []];
    const r = fromForm(form({ businessHoursEnabled: true, week }));
    expect(r.errors).toEqual([]);
    expect(r.settings!.businessHours.week[0]).toEqual([{ from: '09:00', to: '12:30' }, { from: '14:00', to: '18:00' }]);
    expect(r.settings!.businessHours.enabled).toBe(true);
    const one = (iv: { from: string; to: string }[]) => fields(form({ week: [iv, [], [], [], [], [], []] }));
    expect(one([{ from: '9:00', to: '12:00' }])).toEqual(['businessHours.week.0.0.from:errTime']);
    expect(one([{ from: '09:00', to: '25:00' }])).toEqual(['businessHours.week.0.0.to:errTime']);
    expect(one([{ from: '12:00', to: '09:00' }])).toEqual(['businessHours.week.0.0.to:errIntervalOrder']);
    expect(one([{ from: '12:00', to: '12:00' }])).toEqual(['businessHours.week.0.0.to:errIntervalOrder']);
    expect(one([{ from: '24:00', to: '24:00' }])).toEqual(['businessHours.week.0.0.from:errTime']);
    expect(one([{ from: '09:00', to: '12:00' }, { from: '11:00', to: '13:00' }])).toEqual(['businessHours.week.0.1.from:errIntervalOverlap']);
    expect(one([{ from: '09:00', to: '12:00' }, { from: '12:00', to: '13:00' }])).toEqual([]);
  });

  it('requires an interval when business hours are on', () => {
    expect(fields(form({ businessHoursEnabled: true }))).toEqual(['businessHours.week:errNoIntervals']);
    expect(fields(form({ businessHoursEnabled: false }))).toEqual([]);
  });

  it('accepts real holiday dates one per line, deduplicated and sorted, and names the bad line', () => {
    const r = fromForm(form({ holidays: '2026-12-25\n\n2026-01-01\n2026-12-25' }));
    expect(r.settings!.businessHours.holidays).toEqual(['2026-01-01', '2026-12-25']);
    const bad = fromForm(form({ holidays: '2026-12-25\n2026-02-30' }));
    expect(bad.errors).toEqual([{ field: 'businessHours.holidays', key: 'errDateLine', subs: ['2'] }]);
    expect(fromForm(form({ holidays: '2026-12-25\n0000-02-29\n2026-13-01' })).errors.map((e) => e.subs)).toEqual([['2'], ['3']]);
  });

  it('limits free text and rejects spaces in the agent id', () => {
    expect(fields(form({ agentName: 'x'.repeat(81) }))).toEqual(['agentName:errTooLong']);
    expect(fields(form({ agentId: 'a b' }))).toEqual(['agentId:errNoSpaces']);
    expect(fromForm(form({ agentName: '  Ana  ', team: ' Support ' })).settings).toMatchObject({ agentName: 'Ana', team: 'Support' });
  });

  it('returns no settings at all when anything is wrong', () => {
    expect(fromForm(form({ frtTarget: '0', timeZone: 'x' })).settings).toBeNull();
  });
});

describe('helpers', () => {
  it('parses times, dates and numbers strictly', () => {
    expect(parseTime('09:30')).toBe(570);
    expect(parseTime('24:00')).toBe(1440);
    expect(parseTime('24:01')).toBeNull();
    expect(parseTime('9:30')).toBeNull();
    expect(isValidDate('2028-02-29')).toBe(true);
    expect(isValidDate('2027-02-29')).toBe(false);
    expect(isValidDate('2027-2-1')).toBe(false);
    for (const bad of ['2026-13-01', '0000-02-29', '0400-02-29', '1969-12-31', '2026-00-10']) expect(isValidDate(bad)).toBe(false);
    expect(parseNumber('2.5')).toBe(2.5);
    expect(parseNumber('1e3')).toBeNull();
    expect(parseNumber('')).toBeNull();
  });

  it('reports regex errors and counts capture groups', () => {
    expect(regexError('a+')).toBeNull();
    expect(regexError('(')).toMatch(/unterminated/i);
    expect(captureGroups('(a)(?:b)(c)')).toBe(2);
  });
});
