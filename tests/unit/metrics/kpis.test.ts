import { describe, expect, it, vi } from 'vitest';

// Property tests run many cases; leave room on a loaded machine.
vi.setConfig({ testTimeout: 60_000 });
import { buildEpisodes, type EpisodeSettings } from '../../../lib/metrics/episodes';
import { computeKpis } from '../../../lib/metrics/kpis';
import { statusIntervals } from '../../../lib/metrics/status-intervals';
import { summarize } from '../../../lib/metrics/aggregate';
import { slaCompliance } from '../../../lib/metrics/sla';
import { defaultSettings } from '../../../lib/settings';
import { agentDirectory } from '../../../lib/metrics/agent-directory';
import type { InboxEvent } from '../../../lib/events';
import { MIN, agentMsg, bot, close, customer, returnToBot, status, t } from './events-builder';

const settings: EpisodeSettings = { autoCloseAfterS: 24 * 3600, businessHours: defaultSettings().businessHours };
const kpisOf = (events: InboxEvent[], from: number, to: number) =>
  computeKpis(buildEpisodes(events, settings, { now: to }), statusIntervals(events, { now: to }), { from, to });
const agent = (k: ReturnType<typeof kpisOf>, id: string) => k.agents.find((a) => a.agent === id)!;

describe('KPIs', () => {
  const events = [
    customer('a', 0), agentMsg('a', 2, 'ana'), customer('a', 10), agentMsg('a', 13, 'bob'), close('a', 20, 'bob'),
    customer('b', 1), agentMsg('b', 5, 'ana'), bot('b', 9),
  ];

  it('FRT is the first recorded wait, credited to the replying agent, counted in the period of the reply', () => {
    const k = kpisOf(events, t(0), t(60));
    expect(summarize(agent(k, 'ana').aggs.frt)).toMatchObject({ count: 2, mean: 180, min: 120, max: 240 });
    expect(agent(k, 'bob').aggs.frt.count).toBe(0);
    // The period [3, 60) no longer holds the 2-minute reply at minute 2.
    expect(summarize(agent(kpisOf(events, t(3), t(60)), 'ana').aggs.frt)).toMatchObject({ count: 1, mean: 240 });
  });

  it('RT is every recorded wait, the first included', () => {
    const k = kpisOf(events, t(0), t(60));
    expect(agent(k, 'bob').aggs.rt.values).toEqual([3 * MIN]);
    expect(summarize(k.team.aggs.rt)).toMatchObject({ count: 3, mean: 180 });
  });

  it('close time is credited to the closer and counted in the period of the close; chats closed counts agent closes', () => {
    expect(summarize(agent(kpisOf(events, t(0), t(60)), 'bob').aggs.close)).toMatchObject({ count: 1, mean: 1200 });
    expect(agent(kpisOf(events, t(0), t(60)), 'bob').chatsClosed).toBe(1);
    expect(kpisOf(events, t(0), t(20)).team.chatsClosed).toBe(0);
  });

  it('handling time is credited to the closer at the close', () => {
    expect(summarize(agent(kpisOf(events, t(0), t(60)), 'bob').aggs.handling)).toMatchObject({ count: 1, mean: 1200 });
  });

  it('auto-closes are counted separately and credited to auto (team only)', () => {
    const k = kpisOf([customer('c', 0), agentMsg('c', 5, 'ana')], t(0), t(2 * 24 * 60));
    expect([k.team.chatsClosed, k.team.autoClosed]).toEqual([0, 1]);
    expect(summarize(k.team.aggs.close)).toMatchObject({ count: 1, mean: 300 });
    expect(k.agents.map((a) => a.agent)).toEqual(['ana']);
  });

  it('bot return time is credited to who returned it, counted in the period of the return', () => {
    const k = kpisOf(events, t(0), t(60));
    expect(summarize(agent(k, 'ana').aggs.bot_return)).toMatchObject({ count: 1, mean: 240 });
    const r = kpisOf([customer('c', 0), agentMsg('c', 1, 'ana'), returnToBot('c', 4, 'bob')], t(0), t(60));
    expect(agent(r, 'bob').aggs.bot_return.values).toEqual([3 * MIN]);
  });

  it('routing is counted in the period of the episode start', () => {
    const ev = [customer('a', 0, { route: 'Sales' }), customer('b', 30, { route: 'Sales' }), customer('c', 31)];
    expect(kpisOf(ev, t(0), t(60)).routes).toEqual([{ route: 'Sales', episodes: 2 }, { route: 'unrouted', episodes: 1 }]);
    expect(kpisOf(ev, t(10), t(60)).routes).toEqual([{ route: 'Sales', episodes: 1 }, { route: 'unrouted', episodes: 1 }]);
  });

  it('online time is the sum of online intervals clipped to the period; unavailable intervals are listed', () => {
    const ev = [status('ana', 0, 'online'), ...[1, 2, 3, 4].map((m) => status('ana', m, 'online', 'heartbeat')), status('ana', 5, 'unavailable', 'idle'), status('ana', 6, 'unavailable', 'heartbeat'), status('ana', 7, 'online'), status('ana', 8, 'offline', 'tab')];
    const k = kpisOf(ev, t(2), t(60));
    expect(agent(k, 'ana').onlineMs).toBe(4 * MIN);
    expect(agent(k, 'ana').unavailable).toEqual([{ from: t(5), to: t(7) }]);
    expect(agent(k, 'ana').offline).toEqual([{ from: t(8), to: t(60) }]);
    expect(k.team.onlineMs).toBe(4 * MIN);
  });

  it('SLA compliance: share of FRT ≤ FRT target, RT ≤ RT target, close ≤ close target', () => {
    const k = kpisOf(events, t(0), t(60));
    expect(slaCompliance(k.team.aggs, { frtS: 180, rtS: 180, closeS: 1199 })).toEqual({ frt: 0.5, rt: 2 / 3, close: 0 });
    expect(slaCompliance(agent(k, 'bob').aggs, { frtS: 1, rtS: 1, closeS: 1 }).frt).toBeNull();
  });

  it('business-hours variants exist only when business hours are on', () => {
    const k = kpisOf(events, t(0), t(60));
    expect(k.team.aggs.frt_bh.count).toBe(0);
    const bhSettings: EpisodeSettings = {
      autoCloseAfterS: 86400,
      businessHours: { enabled: true, timeZone: 'UTC', week: Array.from({ length: 7 }, () => [{ from: '09:01', to: '10:00' }]), holidays: [] },
    };
    const eps = buildEpisodes(events, bhSettings, { now: t(60) });
    const kb = computeKpis(eps, [], { from: t(0), to: t(60) });
    // Waits 09:00–09:02, 09:10–09:13, 09:01–09:05 → business parts 1, 3, 4 min.
    expect(kb.team.aggs.rt_bh.values).toEqual([1 * MIN, 3 * MIN, 4 * MIN]);
    expect(kb.team.aggs.close_bh.values).toEqual([19 * MIN]);
  });
});

describe('recording start', () => {
  const agentEvent = (minutes: number): InboxEvent => ({ v: 1, id: `a:ana:Ana:${minutes}`, at: new Date(t(minutes)).toISOString(), type: 'agent', agent: 'ana', name: 'Ana', team: 'S' });
  // Installed at minute 60: c waited since minute 0 (history), d since minute 70.
  const events = [
    agentEvent(90), agentEvent(60),
    customer('c', 0, { live: false }), agentMsg('c', 65, 'ana'), customer('c', 66), agentMsg('c', 68, 'ana'), close('c', 80, 'ana'),
    customer('d', 70), agentMsg('d', 72, 'ana'), close('d', 75, 'ana'),
  ];
  const directory = agentDirectory(events);
  const episodes = buildEpisodes(events, settings, { now: t(100), recordingStart: directory.recordingStart });
  const k = computeKpis(episodes, [], { from: t(0), to: t(100) });

  it('is the earliest agent event of the log', () => {
    expect(directory.recordingStart).toBe(t(60));
    expect(agentDirectory([customer('x', 0)]).recordingStart).toBeUndefined();
  });

  it('durations that start before it count in no KPI; the episode is still listed, answered and closed', () => {
    const c = episodes.find((e) => e.chat === 'c')!;
    expect([c.beforeRecording, c.closedBy, c.waits.map((w) => [w.ms / MIN, w.beforeRecording])]).toEqual([true, 'ana', [[65, true], [2, false]]]);
    // FRT: only d's 2 minutes (c's first wait began before recording); RT: c's second wait and d's.
    expect(summarize(k.team.aggs.frt)).toMatchObject({ count: 1, max: 120 });
    expect(summarize(k.team.aggs.rt)).toMatchObject({ count: 2, max: 120 });
    // Close and handling: d only (c opened before recording).
    expect(summarize(k.team.aggs.close)).toMatchObject({ count: 1, max: 5 * 60 });
    expect(summarize(k.team.aggs.handling).count).toBe(1);
  });

  it('a log without agent events counts everything', () => {
    const all = computeKpis(buildEpisodes(events.slice(2), settings, { now: t(100) }), [], { from: t(0), to: t(100) });
    expect(summarize(all.team.aggs.frt).count).toBe(2);
  });
});

