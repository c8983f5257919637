import { describe, expect, it, vi } from 'vitest';

// Property tests run many cases; leave room on a loaded machine.
vi.setConfig({ testTimeout: 60_000 });
import fc from 'fast-check';
import { csvField, csvRecord, parseCsv, secondsCell, spreadsheetSafe, toCsv } from '../../../lib/formats/csv';
import { EPISODES_CSV_HEADER, episodesCsv } from '../../../lib/formats/episodes-csv';
import { AGENTS_CSV_HEADER, agentsCsv } from '../../../lib/formats/agents-csv';
import { buildEpisodes } from '../../../lib/metrics/episodes';
import { computeKpis } from '../../../lib/metrics/kpis';
import { statusIntervals } from '../../../lib/metrics/status-intervals';
import { defaultSettings } from '../../../lib/settings';
import { agentMsg, bot, close, customer, returnToBot, status, t } from '../metrics/events-builder';

describe('CSV quoting (RFC 4180)', () => {
  it('quotes fields containing a comma, a quote, CR or LF, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(null)).toBe('');
    expect(csvField(12.5)).toBe('12.5');
    expect(csvRecord(['a', 'b,c', ''])).toBe('a,"b,c",\r\n');
  });

  it('any fields survive a round trip', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: 'binary' }), { minLength: 2, maxLength: 5 }), { maxLength: 5 }), (rows) => {
        expect(parseCsv(toCsv(['h1', 'h2'], rows))).toEqual([['h1', 'h2'], ...rows.map((r) => r.map(spreadsheetSafe))]);
      }),
    );
  });

  it('durations: seconds, up to 3 decimals, no trailing zeros', () => {
    expect([secondsCell(120000), secondsCell(12500), secondsCell(43), secondsCell(1234.4), secondsCell(null)].map(csvField)).toEqual(['120', '12.5', '0.043', '1.234', '']);
  });
});

describe('spreadsheet safety (FORMATS.md)', () => {
  const formulas = ['=HYPERLINK("x","click")', "+1+cmd|' /C calc'!A0", '@SUM(1+1)', '-2+3', '\tindent', '\rreturn', '=1,2'];

  it('a text cell that a spreadsheet would run gets a leading quote; other text and numbers do not', () => {
    expect(formulas.map(csvField)).toEqual(['"\'=HYPERLINK(""x"",""click"")"', "'+1+cmd|' /C calc'!A0", "'@SUM(1+1)", "'-2+3", "'\tindent", '"\'\rreturn"', '"\'=1,2"']);
    expect(['plain', 'a=b', "'quoted", ''].map(csvField)).toEqual(['plain', 'a=b', "'quoted", '']);
    expect([-2, 0, 12.5].map(csvField)).toEqual(['-2', '0', '12.5']);
  });

  it('in episodes.csv (chat titles, chats, routes, owners) and agents.csv (agents, teams)', () => {
    const hostile = formulas.flatMap((f, i) => [customer(f, i, { title: f, route: f }), agentMsg(f, i + 0.5, f, { title: f })]);
    const eps = buildEpisodes(hostile, settings, { now: t(60) });
    const cells = parseCsv(episodesCsv(eps)).slice(1).flatMap((r) => [r[2], r[3], r[4], r[8]]);
    expect(new Set(cells)).toEqual(new Set(formulas.map((f) => `'${f}`)));
    const kpis = computeKpis(eps, [], { from: t(0), to: t(60) });
    const rows = parseCsv(agentsCsv(kpis, (a) => a, settings.targets)).slice(1);
    expect(rows.map((r) => [r[0], r[1]])).toEqual([...formulas].sort().map((f) => [`'${f}`, `'${f}`]));
    expect(rows.map((r) => r[3])).toEqual(formulas.map(() => '1'));
  });
});

const settings = { ...defaultSettings(), businessHours: { enabled: true, timeZone: 'UTC', week: Array.from({ length: 7 }, () => [{ from: '09:05', to: '18:00' }]), holidays: [] } };
const events = [
  customer('c1', 0, { title: 'Acme, "Inc"', route: 'Sales' }), bot('c1', 0.5, { handoff: true }), agentMsg('c1', 7, 'ana'),
  customer('c1', 10), customer('c1', 11), agentMsg('c1', 12.5, 'bob'), returnToBot('c1', 15, 'bob'), close('c1', 20, 'bob'),
  customer('c2', 30),
];

describe('episodes.csv', () => {
  it('has the FORMATS.md header, in order', () => {
    expect(episodesCsv([]).split('\r\n')[0]).toBe(
      'episode_id,site,chat,chat_title,route,opened_at,closed_at,closed_by,owner,first_response_s,responses,response_mean_s,response_max_s,close_s,handling_s,bot_returns,bot_return_mean_s,first_response_bh_s,close_bh_s',
    );
    expect(EPISODES_CSV_HEADER).toHaveLength(19);
  });

  it('one row per episode opened in the period, empty cells where not applicable', () => {
    const eps = buildEpisodes(events, settings, { now: t(40) });
    const rows = parseCsv(episodesCsv(eps, { from: t(0), to: t(60) }));
    expect(rows.slice(1)).toEqual([
      ['whatsapp:c1:2026-11-24T09:00:00.000Z', 'whatsapp', 'c1', 'Title c1', 'Sales', '2026-11-24T09:00:00.000Z', '2026-11-24T09:20:00.000Z', 'bob', 'bob',
        '390', '2', '270', '390', '1200', '1170', '1', '480', '120', '900'],
      ['whatsapp:c2:2026-11-24T09:30:00.000Z', 'whatsapp', 'c2', 'Title c2', 'unrouted', '2026-11-24T09:30:00.000Z', '', '', 'unassigned',
        '', '0', '', '', '', '', '0', '', '', ''],
    ]);
    expect(parseCsv(episodesCsv(eps, { from: t(1), to: t(60) }))).toHaveLength(2);
  });

  it('quotes a chat title with a comma and quotes', () => {
    const eps = buildEpisodes([customer('c9', 0, { title: 'Acme, "Inc"' })], settings);
    expect(episodesCsv(eps)).toContain(',"Acme, ""Inc""",');
  });
});

describe('agents.csv', () => {
  it('has the FORMATS.md header, in order, and one row per agent', () => {
    const now = t(60);
    const ev = [...events, status('ana', 0, 'online'), status('ana', 2, 'online', 'heartbeat'), status('ana', 3, 'unavailable', 'idle')];
    const kpis = computeKpis(buildEpisodes(ev, settings, { now }), statusIntervals(ev, { now, heartbeatTimeoutS: 3600 }), { from: t(0), to: now });
    const rows = parseCsv(agentsCsv(kpis, () => 'support', { frtS: 400, rtS: 540, closeS: 3600 }));
    expect(rows[0]!.join(',')).toBe(
      'agent,team,chats_closed,frt_count,frt_mean_s,frt_p50_s,frt_p95_s,frt_p99_s,rt_count,rt_mean_s,rt_p50_s,rt_p95_s,rt_p99_s,close_count,close_mean_s,close_p50_s,close_p95_s,close_p99_s,handling_mean_s,handling_p95_s,handling_p99_s,bot_return_mean_s,online_s,unavailable_s,frt_sla_pct',
    );
    expect(AGENTS_CSV_HEADER).toHaveLength(25);
    expect(rows.slice(1)).toEqual([
      ['ana', 'support', '0', '1', '390', '390', '390', '390', '1', '390', '390', '390', '390', '0', '', '', '', '', '', '', '', '', '180', '3420', '100'],
      ['bob', 'support', '1', '0', '', '', '', '', '1', '150', '150', '150', '150', '1', '1200', '1200', '1200', '1200', '1170', '1170', '1170', '480', '0', '0', ''],
    ]);
  });
});
