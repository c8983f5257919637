// @vitest-environment node
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InboxEvent } from '../../../lib/events';
import { defaultSettings } from '../../../lib/settings';
import { histogram } from '../../../lib/metrics/histogram';
import { dayKey } from '../../../lib/metrics/periods';
import { analyze } from '../../../lib/report/build';
import { openPulseDb, type PulseDb } from '../../../lib/store/db';
import { putEvents } from '../../../lib/store/events-store';
import { queryKpis } from '../../../lib/store/kpi-query';
import { readRecent, type RecentEpisodes } from '../../../lib/store/recent';
import { dashboard, type DashboardQuery, drawable, filteredAgents, histogramEdgesMs, type PeriodData } from '../../../components/sidepanel/model';

const T0 = Date.parse('2026-11-24T09:00:00.000Z');
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();
let n = 0;
const msg = (chat: string, min: number, by: 'customer' | 'agent' | 'bot', agent?: string): InboxEvent => ({
  v: 1, id: `m:whatsapp:${chat}:${n++}`, at: at(min), type: 'message', site: 'whatsapp', chat, chatTitle: chat.toUpperCase(),
  msg: String(n), dir: by === 'customer' ? 'in' : 'out', by, ...(agent ? { agent } : {}), attribution: agent ? 'local' : 'none', live: true,
});
const close = (chat: string, min: number, agent: string): InboxEvent => ({ v: 1, id: `c:whatsapp:${chat}:${at(min)}`, at: at(min), type: 'close', site: 'whatsapp', chat, agent });
const status = (agent: string, min: number, s: 'online' | 'unavailable'): InboxEvent => ({ v: 1, id: `s:${agent}:${at(min)}:${s}`, at: at(min), type: 'status', agent, status: s, reason: 'manual' });

const events: InboxEvent[] = [
  { v: 1, id: 'a:ana', at: at(0), type: 'agent', agent: 'ana', name: 'Ana', team: 'Support' },
  status('ana', 0, 'online'), status('ana', 1, 'online'), status('ana', 2, 'online'),
  msg('c1', 0, 'customer'), msg('c1', 2, 'agent', 'ana'), msg('c1', 3, 'customer'), msg('c1', 13, 'agent', 'ana'), close('c1', 15, 'ana'),
  msg('c2', 5, 'customer'), msg('c2', 6, 'agent', 'bob'), close('c2', 20, 'bob'),
  msg('c3', 30, 'customer'),
];
const settings = { ...defaultSettings(), timeZone: 'UTC' };
const dayStart = Date.parse('2026-11-24T00:00:00.000Z');
const range = { from: dayStart, to: dayStart + 86_400_000 };
const now = T0 + 40 * 60_000;
const q = (patch: Partial<DashboardQuery> = {}): DashboardQuery => ({
  range, now, zone: 'UTC', agent: null, clock: 'calendar', closedBucket: 'day', ...patch,
});

let db: PulseDb;
let recent: RecentEpisodes;
beforeAll(async () => {
  globalThis.indexedDB = new IDBFactory();
  db = await openPulseDb();
  await putEvents(db, events);
  recent = await readRecent(db, settings, now);
});

/** What the panel's data layer reads for a period and a filter (components/sidepanel/data.ts). */
async function periodData(r: { from: number; to: number }, patch: Partial<DashboardQuery> = {}): Promise<PeriodData> {
  const base = { from: dayKey(r.from, 'UTC'), to: dayKey(r.to, 'UTC'), zone: 'UTC', settings, now, histogramEdgesMs: histogramEdgesMs(settings) };
  const all = await queryKpis(db, base);
  const agents = filteredAgents(all, patch.agent ?? null, patch.team ?? null);
  return { all, view: agents ? await queryKpis(db, { ...base, agents }) : null };
}

const panel = async (patch: Partial<DashboardQuery> = {}, r = range) => dashboard(await periodData(r, patch), recent, settings, q({ range: r, ...patch }));

describe('dashboard', () => {
  it('team KPIs and SLA are the report engine\'s', async () => {
    const d = await panel();
    const report = analyze(events, { settings, from: range.from, to: now });
    expect(d.kpis.frt).toMatchObject({ count: 2, mean: 90, min: 60, max: 120 });
    expect(d.kpis.rt.count).toBe(3);
    expect(d.kpis.sla.rt).toBeCloseTo(2 / 3);
    expect(d.kpis.sla.frt).toBe(1);
    expect(d.kpis.chatsClosed).toBe(report.kpis.team.chatsClosed);
    expect(d.kpis.chatsClosed).toBe(2);
    expect(d.rows.map((r) => [r.agent, r.name, r.chatsClosed])).toEqual([['ana', 'Ana', 1], ['bob', null, 1]]);
  });

  it('an agent filter narrows KPIs, series and live lists', async () => {
    const d = await panel({ agent: 'bob' });
    expect(d.kpis.frt).toMatchObject({ count: 1, mean: 60 });
    expect(d.rows.map((r) => r.agent)).toEqual(['bob']);
    expect(d.closed.series.map((s) => s.agent)).toEqual(['bob']);
    expect(d.timeline).toEqual([]);
    expect(d.live?.unanswered).toEqual([]);
  });

  it('per-day trend, histogram, timeline, routes and live waits', async () => {
    const week = { from: dayStart - 6 * 86_400_000, to: range.to };
    const d = await panel({}, week);
    expect(d.trend.kind).toBe('day');
    expect(d.trend.keys).toHaveLength(7);
    expect(d.trend.keys[6]).toBe('2026-11-24');
    expect(d.trend.frtMean[6]).toBe(90);
    expect(d.trend.frtMean.slice(0, 6).every((v) => v === null)).toBe(true);
    expect(d.trend.rtP95[6]).toBeGreaterThan(500);
    expect(d.histogram.counts.reduce((a, b) => a + b)).toBe(2);
    expect(d.timeline[0]).toMatchObject({ agent: 'ana', name: 'Ana' });
    expect(d.timeline[0].onlineS).toBe(d.rows.find((r) => r.agent === 'ana')?.onlineS);
    expect(d.timeline[0].onlineS).toBeGreaterThan(0);
    // Minutes online are too short to draw across a week, but show on the day.
    expect(d.timeline[0].segments).toEqual([]);
    expect((await panel()).timeline[0].segments[0].status).toBe('online');
    expect(d.routes).toEqual([{ route: 'unrouted', episodes: 3 }]);
    expect(d.live?.unanswered).toMatchObject([{ chat: 'c3', waitingSince: T0 + 30 * 60_000 }]);
    expect(d.live?.open).toEqual([{ owner: 'unassigned', name: null, episodes: 1 }]);
  });

  it('chats closed per week and month add up the days', async () => {
    const month = { from: Date.parse('2026-11-01T00:00:00Z'), to: Date.parse('2026-12-01T00:00:00Z') };
    const weekly = await panel({ closedBucket: 'week' }, month);
    expect(weekly.closed.kind).toBe('week');
    expect(weekly.closed.keys.length).toBeGreaterThanOrEqual(5);
    expect(weekly.closed.series.map((s) => [s.agent, s.values.reduce((a, b) => a + b)])).toEqual([['ana', 1], ['bob', 1]]);
    const monthly = await panel({ closedBucket: 'month' }, month);
    expect(monthly.closed.keys).toEqual(['2026-11']);
    expect(monthly.closed.series.map((s) => s.values)).toEqual([[1], [1]]);
  });

  it('a past period still shows the live lists as of now', async () => {
    const past = { from: dayStart - 86_400_000, to: dayStart };
    const d = await panel({}, past);
    expect(d.kpis.frt.count).toBe(0);
    expect(d.kpis.frt.mean).toBeNull();
    expect(d.live?.unanswered).toHaveLength(1);
  });

  it('the live lists wait for the recent events', async () => {
    const d = dashboard(await periodData(range), null, settings, q());
    expect(d.live).toBeNull();
    expect(d.trend.kind).toBe('day');
    expect(d.kpis.frt.count).toBe(2);
  });
});

describe('histogram', () => {
  it('bins at fixed edges plus the target and drops empty tail bins past the target', () => {
    const h = histogram([10, 45, 45, 100, 500], 540);
    expect(h.edges).toEqual([0, 30, 60, 120, 180, 300, 540]);
    expect(h.counts).toEqual([1, 2, 1, 0, 0, 1, 0]);
    expect(histogram([100_000], 540).counts.at(-1)).toBe(1);
  });
});

describe('hourly trend for a single day', () => {
  it('buckets the recent facts by elapsed hour from the period start, up to now', async () => {
    const d = await panel();
    // The period is cut at `now` (09:40): ten hours from midnight.
    expect(d.trend.kind).toBe('hour');
    expect(d.trend.keys).toHaveLength(10);
    expect(d.trend.starts[9]).toBe(dayStart + 9 * 3_600_000);
    expect(d.trend.frtMean[9]).toBe(90);
    expect(d.trend.frtMean.slice(0, 9).every((v) => v === null)).toBe(true);
  });
});

describe('team filter', () => {
  it('keeps only the agents whose agent event names the team, merging their samples', async () => {
    const d = await panel({ team: 'Support' });
    expect(d.teams).toEqual(['Support']);
    expect(d.rows.map((r) => r.agent)).toEqual(['ana']);
    expect(d.kpis.frt).toMatchObject({ count: 1, mean: 120 });
    expect(d.kpis.chatsClosed).toBe(1);
    expect(d.closed.series.map((s) => s.agent)).toEqual(['ana']);
    // The unanswered chat has no owner yet, so it belongs to no team.
    expect(d.live?.unanswered).toEqual([]);
  });
});

describe('timeline drawing', () => {
  it('bridges gaps and drops segments too short to show, keeping the rest as they are', () => {
    const span = 1_000_000; // a step is 1 000 ms
    const got = drawable([
      { status: 'online', from: 0, to: 10_000 },
      { status: 'unavailable', from: 10_000, to: 10_500 }, // shorter than a step: left out
      { status: 'online', from: 10_500, to: 20_000 }, // bridged with the first
      { status: 'unavailable', from: 20_000, to: 30_000 },
      { status: 'online', from: 35_000, to: 40_000 }, // after a visible gap: its own bar
    ], span);
    expect(got).toEqual([
      { status: 'online', from: 0, to: 20_000 },
      { status: 'unavailable', from: 20_000, to: 30_000 },
      { status: 'online', from: 35_000, to: 40_000 },
    ]);
  });
});
