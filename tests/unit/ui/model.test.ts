import { describe, expect, it } from 'vitest';
import type { InboxEvent } from '../../../lib/events';
import { defaultSettings } from '../../../lib/settings';
import { compute, dashboard, histogram, type DashboardQuery } from '../../../components/sidepanel/model';

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
  range, now, zone: 'UTC', agent: null, clock: 'calendar', closedBucket: 'day', trendBucket: 'day', ...patch,
});

describe('dashboard', () => {
  const computed = compute(events, settings, range, now);

  it('team KPIs and SLA come from the engine', () => {
    const d = dashboard(computed, settings, q());
    expect(d.kpis.frt).toMatchObject({ count: 2, mean: 90, min: 60, max: 120 });
    expect(d.kpis.rt.count).toBe(3);
    expect(d.kpis.sla.rt).toBeCloseTo(2 / 3);
    expect(d.kpis.sla.frt).toBe(1);
    expect(d.kpis.chatsClosed).toBe(2);
    expect(d.rows.map((r) => [r.agent, r.name, r.chatsClosed])).toEqual([['ana', 'Ana', 1], ['bob', null, 1]]);
  });

  it('an agent filter narrows KPIs, series and live lists', () => {
    const d = dashboard(computed, settings, q({ agent: 'bob' }));
    expect(d.kpis.frt).toMatchObject({ count: 1, mean: 60 });
    expect(d.closed.series.map((s) => s.agent)).toEqual(['bob']);
    expect(d.timeline).toEqual([]);
    expect(d.live.unanswered).toEqual([]);
  });

  it('per-day trend, histogram, timeline, routes and live waits', () => {
    const d = dashboard(computed, settings, q());
    expect(d.trend.keys).toEqual(['2026-11-24']);
    expect(d.trend.frtMean).toEqual([90]);
    expect(d.trend.rtP95![0]).toBeGreaterThan(500);
    expect(d.histogram.counts.reduce((a, b) => a + b)).toBe(2);
    expect(d.timeline[0]).toMatchObject({ agent: 'ana', name: 'Ana' });
    expect(d.timeline[0].segments[0].status).toBe('online');
    expect(d.routes).toEqual([{ route: 'unrouted', episodes: 3 }]);
    expect(d.live.unanswered).toMatchObject([{ chat: 'c3', waitingSince: T0 + 30 * 60_000 }]);
    expect(d.live.open).toEqual([{ owner: 'unassigned', name: null, episodes: 1 }]);
  });

  it('a past period still shows the live lists as of now', () => {
    const past = { from: dayStart - 86_400_000, to: dayStart };
    const d = dashboard(compute(events, settings, past, now), settings, q({ range: past }));
    expect(d.kpis.frt.count).toBe(0);
    expect(d.kpis.frt.mean).toBeNull();
    expect(d.live.unanswered).toHaveLength(1);
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
  it('buckets facts by elapsed hour from the period start', () => {
    const computed = compute(events, settings, range, now);
    const d = dashboard(computed, settings, q({ trendBucket: 'hour' }));
    // The period is cut at `now` (09:40): ten hours from midnight.
    expect(d.trend.keys).toHaveLength(10);
    expect(d.trend.starts[9]).toBe(dayStart + 9 * 3_600_000);
    expect(d.trend.frtMean[9]).toBe(90);
    expect(d.trend.frtMean.slice(0, 9).every((v) => v === null)).toBe(true);
  });
});

describe('team filter', () => {
  it('keeps only the agents whose agent event names the team, merging their samples', () => {
    const computed = compute(events, settings, range, now);
    const d = dashboard(computed, settings, q({ team: 'Support' }));
    expect(d.teams).toEqual(['Support']);
    expect(d.rows.map((r) => r.agent)).toEqual(['ana']);
    expect(d.kpis.frt).toMatchObject({ count: 1, mean: 120 });
    expect(d.kpis.chatsClosed).toBe(1);
    expect(d.closed.series.map((s) => s.agent)).toEqual(['ana']);
    // The unanswered chat has no owner yet, so it belongs to no team.
    expect(d.live.unanswered).toEqual([]);
  });
});
