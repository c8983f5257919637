// @vitest-environment node
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { InboxEvent } from '../../../lib/events';
import { aggMergeAll, aggOf, summarize } from '../../../lib/metrics/aggregate';
import { factsOf } from '../../../lib/metrics/facts';
import { histogram, histogramEdges } from '../../../lib/metrics/histogram';
import { dayKey } from '../../../lib/metrics/periods';
import { type PulseDb, openPulseDb } from '../../../lib/store/db';
import { dayRange, daysIn } from '../../../lib/store/days';
import { autoCloseMsOf, chatDirtyInstants, isRouted } from '../../../lib/store/dirty-days';
import { putEvents, readChatEvents } from '../../../lib/store/events-store';
import { queryKpis } from '../../../lib/store/kpi-query';
import { countDirtyDays, ensureRollupBasis, readDayRollups, recomputeDirtyDays } from '../../../lib/store/rollups-store';
import { mergeParts, storedAggOf, summarizeParts } from '../../../lib/store/stored-parts';
import { expectSame } from './expect-same';
import { END_DAY, FIRST_DAY, HOUR, MIN, ZONE, direct, settingsFor, shuffledBatches, teamLog } from './rollup-fixtures';

// fake-indexeddb is slow: these tests write thousands of events, some of them many times.
vi.setConfig({ testTimeout: 180_000 });

let db: PulseDb;
beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  db = await openPulseDb();
});

const LOG = teamLog();
const END = dayRange(END_DAY, ZONE).from;

async function insertUntil(events: readonly InboxEvent[], until: number, batch = 40): Promise<InboxEvent[]> {
  const known = events.filter((e) => Date.parse(e.at) < until);
  for (const b of shuffledBatches(known, batch)) await putEvents(db, b);
  return known;
}

describe('rollups query equals the engine run over the whole log', () => {
  it('for the whole range and a sub-range, after a shuffled import', async () => {
    const settings = settingsFor();
    await ensureRollupBasis(db, settings); // the basis exists first: every batch marks its days
    await insertUntil(LOG, END);
    expect(await countDirtyDays(db)).toBeGreaterThan(0);
    const now = END + 2 * 24 * HOUR;
    const all = await queryKpis(db, { from: FIRST_DAY, to: END_DAY, zone: ZONE, settings, now });
    expect(all.team.summaries.frt.count).toBeGreaterThan(50);
    expectSame(all, LOG, settings, FIRST_DAY, END_DAY, now);
    // The one aligned 4-day block inside the range was merged into a span, and the next query reads it.
    expect(all.recomputed.spans).toBe(1);
    expect(await db.getAllKeys('rollup_spans')).toEqual([[4, '2026-10-22']]);
    const again = await queryKpis(db, { from: FIRST_DAY, to: END_DAY, zone: ZONE, settings, now });
    expect(again.recomputed).toEqual({ rebuilt: false, factDays: 0, statusDays: 0, finalized: 0, spans: 0 });
    expectSame(again, LOG, settings, FIRST_DAY, END_DAY, now);
    // Only days outside the range may still be dirty (the agent events of the day before, say).
    expect((await db.getAll('dirty_days')).filter((m) => m.day >= FIRST_DAY && m.day < END_DAY)).toEqual([]);
    const part = await queryKpis(db, { from: '2026-10-24', to: '2026-10-27', zone: ZONE, settings, now });
    expect(part.recomputed.factDays).toBe(0);
    expectSame(part, LOG, settings, '2026-10-24', '2026-10-27', now);
  });

  it('drops the spans of a day a late event rebuilds, and merges them again from the new day', async () => {
    const settings = settingsFor();
    await ensureRollupBasis(db, settings);
    const late = LOG.filter((e) => e.type === 'message' && e.at >= '2026-10-23T09' && e.at < '2026-10-23T11');
    expect(late.length).toBeGreaterThan(3);
    await insertUntil(LOG.filter((e) => !late.includes(e)), END);
    const now = END + 2 * 24 * HOUR;
    await queryKpis(db, { from: FIRST_DAY, to: END_DAY, zone: ZONE, settings, now });
    expect(await db.count('rollup_spans')).toBe(1);
    await putEvents(db, late);
    const got = await queryKpis(db, { from: FIRST_DAY, to: END_DAY, zone: ZONE, settings, now });
    expect(got.recomputed.factDays).toBeGreaterThan(0);
    expect(got.recomputed.spans).toBe(1);
    expectSame(got, LOG, settings, FIRST_DAY, END_DAY, now);
    expectSame(await queryKpis(db, { from: FIRST_DAY, to: END_DAY, zone: ZONE, settings, now }), LOG, settings, FIRST_DAY, END_DAY, now);
  });

  it('two recomputes at once (a page and the worker): each day section is written once, and spans stay', async () => {
    const settings = settingsFor();
    await ensureRollupBasis(db, settings);
    await insertUntil(LOG, END);
    const put = vi.spyOn(IDBObjectStore.prototype, 'put');
    const now = END + 2 * 24 * HOUR;
    const both = await Promise.all([recomputeDirtyDays(db, { settings, now }), recomputeDirtyDays(db, { settings, now })]);
    const written = put.mock.contexts.filter((store) => (store as IDBObjectStore).name === 'rollups').length;
    put.mockRestore();
    // Both computed every marked day; only the first to finish a day wrote it.
    expect(both[1]).toEqual(both[0]);
    expect(both[0].factDays).toBeGreaterThan(3);
    expect(written).toBe(both[0].factDays + both[0].statusDays);
    expect(await db.count('rollup_spans')).toBeGreaterThan(0);
    expectSame(await queryKpis(db, { from: FIRST_DAY, to: END_DAY, zone: ZONE, settings, now }), LOG, settings, FIRST_DAY, END_DAY, now);
  });

  it('while the log grows: live days, pending auto-closes and running status as of each now', async () => {
    const settings = settingsFor();
    let now = dayRange('2026-10-22', ZONE).from + 10 * HOUR;
    await ensureRollupBasis(db, settings);
    for (; now < END; now += 7 * HOUR + 13 * MIN) {
      const known = await insertUntil(LOG, now);
      const got = await queryKpis(db, { from: FIRST_DAY, to: END_DAY, zone: ZONE, settings, now });
      expectSame(got, known, settings, FIRST_DAY, END_DAY, now);
      // Time passes with no new event: due auto-closes and growing online time, no rebuild needed.
      const later = now + 3 * HOUR + 1;
      const again = await queryKpis(db, { from: FIRST_DAY, to: END_DAY, zone: ZONE, settings, now: later });
      expect(again.recomputed.factDays).toBe(0);
      expectSame(again, known, settings, FIRST_DAY, END_DAY, later);
    }
  });

  it('with an agent filter, the team covering only them', async () => {
    const settings = settingsFor();
    await insertUntil(LOG, END);
    const now = END + 24 * HOUR;
    const got = await queryKpis(db, { from: FIRST_DAY, to: END_DAY, zone: ZONE, settings, now, agents: ['ana', 'auto'] });
    const want = direct(LOG, settings, FIRST_DAY, END_DAY, now);
    const ana = want.agents.find((a) => a.agent === 'ana');
    expect(got.agents.map((a) => a.agent)).toEqual(['ana']);
    expect(got.agents[0].summaries).toEqual(ana?.summaries);
    expect(got.team.autoClosed).toBe(want.kpis.team.autoClosed);
    expect(got.team.chatsClosed).toBe(ana?.chatsClosed);
    expect(got.team.onlineS).toBeCloseTo(ana?.onlineS ?? -1, 6);
  });

  it('with auto-close disabled and with business hours on', async () => {
    const schedule = { enabled: true, timeZone: ZONE, week: [0, 1, 2, 3, 4, 5, 6].map((d) => (d < 5 ? [{ from: '09:00', to: '18:00' }] : [])), holidays: ['2026-10-23'] };
    for (const settings of [settingsFor({ autoCloseAfterS: 0 }), settingsFor({ businessHours: schedule })]) {
      globalThis.indexedDB = new IDBFactory();
      db = await openPulseDb();
      await ensureRollupBasis(db, settings);
      await insertUntil(LOG, END);
      const now = END + 24 * HOUR;
      expectSame(await queryKpis(db, { from: FIRST_DAY, to: END_DAY, zone: ZONE, settings, now }), LOG, settings, FIRST_DAY, END_DAY, now);
    }
  });

  it('the FRT histogram and the per-day series in calendar and in business time', async () => {
    const schedule = { enabled: true, timeZone: ZONE, week: [0, 1, 2, 3, 4, 5, 6].map((d) => (d < 5 ? [{ from: '09:00', to: '18:00' }] : [])), holidays: [] };
    const settings = settingsFor({ businessHours: schedule });
    await insertUntil(LOG, END);
    const now = END + 24 * HOUR;
    const want = direct(LOG, settings, FIRST_DAY, END_DAY, now);
    const range = { from: dayRange(FIRST_DAY, ZONE).from, to: END };
    const frt = factsOf(want.episodes).filter((f) => f.metric === 'frt' && f.at >= range.from && f.at < range.to);
    const target = settings.targets.frtS;
    const edgesMs = histogramEdges(target).map((e) => e * 1000);
    for (const business of [false, true]) {
      const got = await queryKpis(db, { from: FIRST_DAY, to: END_DAY, zone: ZONE, settings, now, business, histogramEdgesMs: edgesMs });
      const valuesS = frt.map((f) => (business ? f.bhMs : f.ms)).filter((ms): ms is number => ms !== null).map((ms) => ms / 1000);
      const expected = histogram(valuesS, target);
      expect(got.histogram.slice(0, expected.counts.length), `business ${business}`).toEqual(expected.counts);
      expect(got.histogram.reduce((a, b) => a + b)).toBe(valuesS.length);
      const first = direct(LOG, settings, FIRST_DAY, daysIn(FIRST_DAY, END_DAY, ZONE)[1], now);
      expect(got.series.frtMean[0]).toBe(business ? first.team.frt_bh.mean : first.team.frt.mean);
      expect(got.series.rtP95[0]).toBe(business ? first.team.rt_bh.p95 : first.team.rt.p95);
    }
  });

  it('stays exact when one agent-day holds hundreds of values (auto-closes), up to EXACT_LIMIT', async () => {
    const settings = settingsFor();
    const day = dayRange(FIRST_DAY, ZONE).from;
    const waits: InboxEvent[] = Array.from({ length: 700 }, (_, i) => {
      const at = new Date(day + 8 * HOUR + i * 1000).toISOString();
      return { v: 1, id: `m:whatsapp:c${i}:k`, at, type: 'message', site: 'whatsapp', chat: `c${i}`, chatTitle: `c${i}`, msg: 'k', dir: 'in', by: 'customer', attribution: 'none', live: true };
    });
    for (let i = 0; i < waits.length; i += 100) await putEvents(db, waits.slice(i, i + 100));
    const now = day + 3 * 24 * HOUR;
    const got = await queryKpis(db, { from: FIRST_DAY, to: daysIn(FIRST_DAY, END_DAY, ZONE)[1], zone: ZONE, settings, now });
    expect(got.team.autoClosed).toBe(700);
    expect(got.team.summaries.close.approximate).toBeUndefined();
    expect(got.team.summaries.close).toEqual(direct(waits, settings, FIRST_DAY, daysIn(FIRST_DAY, END_DAY, ZONE)[1], now).team.close);
  });

  it('rebuilds everything when the zone changes, and answers in the new zone', async () => {
    const settings = settingsFor();
    await insertUntil(LOG, END);
    const now = END + 24 * HOUR;
    await queryKpis(db, { from: FIRST_DAY, to: END_DAY, zone: ZONE, settings, now });
    const tokyo = 'Asia/Tokyo';
    const got = await queryKpis(db, { from: FIRST_DAY, to: END_DAY, zone: tokyo, settings: { ...settings, timeZone: tokyo }, now });
    expect(got.recomputed.rebuilt).toBe(true);
    expectSame(got, LOG, settings, FIRST_DAY, END_DAY, now, tokyo);
    // And back: rebuilt again, same answers as the first time.
    const back = await queryKpis(db, { from: FIRST_DAY, to: END_DAY, zone: ZONE, settings, now });
    expect(back.recomputed.rebuilt).toBe(true);
    expectSame(back, LOG, settings, FIRST_DAY, END_DAY, now);
  });

  it('rebuilds everything when an agent event changes who signed messages are credited to', async () => {
    const settings = settingsFor();
    const withoutAgents = LOG.filter((e) => e.type !== 'agent');
    await insertUntil(withoutAgents, END);
    const now = END + 24 * HOUR;
    expectSame(await queryKpis(db, { from: FIRST_DAY, to: END_DAY, zone: ZONE, settings, now }), withoutAgents, settings, FIRST_DAY, END_DAY, now);
    await putEvents(db, LOG.filter((e) => e.type === 'agent'));
    const got = await queryKpis(db, { from: FIRST_DAY, to: END_DAY, zone: ZONE, settings, now });
    expect(got.recomputed.rebuilt).toBe(true);
    expectSame(got, LOG, settings, FIRST_DAY, END_DAY, now);
  });
});

describe('dirty days', () => {
  it('late and imported events mark the days they can change, in the same write', async () => {
    const settings = settingsFor();
    const late = LOG.filter((e, i) => e.type === 'message' && i % 9 === 0 && e.at < '2026-10-24');
    const lateIds = new Set(late.map((e) => e.id));
    const rest = LOG.filter((e) => !lateIds.has(e.id));
    await ensureRollupBasis(db, settings);
    await insertUntil(rest, END);
    const now = END + 24 * HOUR;
    expectSame(await queryKpis(db, { from: FIRST_DAY, to: END_DAY, zone: ZONE, settings, now }), rest, settings, FIRST_DAY, END_DAY, now);
    await recomputeDirtyDays(db, { settings, now });
    expect(await countDirtyDays(db)).toBe(0);
    await putEvents(db, late);
    const marks = await db.getAll('dirty_days');
    expect(marks.length).toBeGreaterThan(0);
    expect(marks.every((m) => m.facts && !m.status)).toBe(true);
    // Every late event's own day is marked.
    for (const e of late) expect(marks.map((m) => m.day)).toContain(new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date(e.at)));
    expectSame(await queryKpis(db, { from: FIRST_DAY, to: END_DAY, zone: ZONE, settings, now }), LOG, settings, FIRST_DAY, END_DAY, now);
  });

  it('a late message that joins two episodes marks the days up to the end of the second one', async () => {
    const settings = settingsFor({ autoCloseAfterS: 8 * 3600 });
    const d = dayRange('2026-10-22', ZONE).from;
    const m = (id: string, t: number, by: 'customer' | 'agent'): InboxEvent => ({
      v: 1, id: `m:whatsapp:x:${id}`, at: new Date(t).toISOString(), type: 'message', site: 'whatsapp', chat: 'x', chatTitle: 'x', msg: id,
      dir: by === 'customer' ? 'in' : 'out', by, attribution: by === 'agent' ? 'local' : 'none', live: true, ...(by === 'agent' ? { agent: 'ana' } : {}),
    });
    // Episode A on the 22nd; episode B from the 23rd 02:00 running until the 24th 05:00
    // (gaps under 8 hours); then silence.
    const base = [m('a1', d + 10 * HOUR, 'customer'), m('a2', d + 13 * HOUR, 'agent'), m('b1', d + 26 * HOUR, 'customer'), m('b2', d + 27 * HOUR, 'agent'),
      m('b3', d + 33 * HOUR, 'customer'), m('b4', d + 39 * HOUR, 'customer'), m('b5', d + 46 * HOUR, 'agent'), m('b6', d + 52 * HOUR, 'customer'),
      m('b7', d + 53 * HOUR, 'agent'), m('c1', d + 80 * HOUR, 'customer'), m('c2', d + 81 * HOUR, 'agent')];
    await ensureRollupBasis(db, settings);
    await putEvents(db, base);
    await recomputeDirtyDays(db, { settings, now: d + 5 * 24 * HOUR });
    expect(await countDirtyDays(db)).toBe(0);
    // A late message on the 22nd at 19:00 bridges A and B into one episode.
    await putEvents(db, [m('late', d + 19 * HOUR, 'customer')]);
    expect((await db.getAll('dirty_days')).map((x) => x.day)).toEqual(['2026-10-22', '2026-10-23', '2026-10-24']);
    const now = d + 5 * 24 * HOUR;
    const all = [...base, m('late', d + 19 * HOUR, 'customer')];
    expectSame(await queryKpis(db, { from: '2026-10-21', to: '2026-10-27', zone: ZONE, settings, now }), all, settings, '2026-10-21', '2026-10-27', now);
  });

  it('a routing answer days after the episode opened marks the opening day (routes count there)', async () => {
    const settings = settingsFor({ autoCloseAfterS: 8 * 3600 });
    const d = dayRange('2026-10-22', ZONE).from;
    const m = (id: string, t: number, by: 'customer' | 'bot', route?: string): InboxEvent => ({
      v: 1, id: `m:whatsapp:r:${id}`, at: new Date(t).toISOString(), type: 'message', site: 'whatsapp', chat: 'r', chatTitle: 'r', msg: id,
      dir: by === 'customer' ? 'in' : 'out', by, attribution: 'none', live: true, ...(route ? { route } : {}),
    });
    // Opened on the 22nd at 22:00; the bot asks; the customer writes on the 23rd at 05:00 and 12:00
    // (gaps under 8 hours): the second one answers the bot's question with a route.
    const base = [m('q', d + 22 * HOUR, 'customer'), m('menu', d + 22 * HOUR + MIN, 'bot'), m('hello', d + 29 * HOUR, 'customer')];
    await ensureRollupBasis(db, settings);
    await putEvents(db, base);
    const now = d + 5 * 24 * HOUR;
    await recomputeDirtyDays(db, { settings, now });
    const answer = m('one', d + 36 * HOUR, 'customer', 'Billing');
    await putEvents(db, [answer]);
    expect((await db.getAll('dirty_days')).map((x) => x.day)).toEqual(['2026-10-22', '2026-10-23']);
    // A query of the opening day alone rebuilds it with the dirty day after it, which holds the answer.
    const got = await queryKpis(db, { from: '2026-10-22', to: '2026-10-23', zone: ZONE, settings, now });
    expectSame(got, [...base, answer], settings, '2026-10-22', '2026-10-23', now);
    expect(got.routes).toEqual([{ route: 'Billing', episodes: 1 }]);
  });

  it('an agent message after a silence opens an episode only in a chat never opened before', async () => {
    const settings = settingsFor({ autoCloseAfterS: 8 * 3600 });
    const d = dayRange('2026-10-21', ZONE).from;
    const m = (id: string, t: number, by: 'customer' | 'agent'): InboxEvent => ({
      v: 1, id: `m:whatsapp:y:${id}`, at: new Date(t).toISOString(), type: 'message', site: 'whatsapp', chat: 'y', chatTitle: 'y', msg: id,
      dir: by === 'customer' ? 'in' : 'out', by, attribution: by === 'agent' ? 'local' : 'none', live: true, ...(by === 'agent' ? { agent: 'ana' } : {}),
    });
    const close = (t: number): InboxEvent => ({ v: 1, id: `c:whatsapp:y:${t}`, at: new Date(t).toISOString(), type: 'close', site: 'whatsapp', chat: 'y', agent: 'ana' });
    // The 23rd: an agent message after two silent days (ignored: the chat was opened on the 21st), then an episode closed at 11:00.
    const later = [m('b0', d + 57 * HOUR, 'agent'), m('b1', d + 57.5 * HOUR, 'customer'), m('b2', d + 58 * HOUR, 'agent'), close(d + 59 * HOUR)];
    const earlier = [m('a0', d + 10 * HOUR, 'agent'), m('a1', d + 10.5 * HOUR, 'customer'), m('a2', d + 11 * HOUR, 'agent')];
    const now = d + 6 * 24 * HOUR;
    await ensureRollupBasis(db, settings);
    await putEvents(db, later);
    expectSame(await queryKpis(db, { from: FIRST_DAY, to: END_DAY, zone: ZONE, settings, now }), later, settings, FIRST_DAY, END_DAY, now);
    // The 21st arrives late: it makes b0 a message in a closed chat, so the 23rd must be rebuilt
    // (not the 22nd: no fact of the chat is credited on a day without its events).
    await putEvents(db, earlier);
    expect((await db.getAll('dirty_days')).map((x) => x.day)).toEqual(['2026-10-21', '2026-10-23']);
    const got = await queryKpis(db, { from: FIRST_DAY, to: END_DAY, zone: ZONE, settings, now });
    expectSame(got, [...earlier, ...later], settings, FIRST_DAY, END_DAY, now);
    expect(got.team.summaries.close.max).toBe(5400); // 09:30 → 11:00, not from b0 at 09:00
    // A new message on the 23rd alone: that day is rebuilt on its own and must still know the chat was opened.
    const extra = m('b3', d + 58.5 * HOUR, 'customer');
    await putEvents(db, [extra]);
    expect((await db.getAll('dirty_days')).map((x) => x.day)).toEqual(['2026-10-23']);
    expectSame(await queryKpis(db, { from: FIRST_DAY, to: END_DAY, zone: ZONE, settings, now }), [...earlier, ...later, extra], settings, FIRST_DAY, END_DAY, now);
  });

  it('marks what the rule gives over the whole autoCloseAfter window of each touched chat', async () => {
    const settings = settingsFor();
    const acMs = autoCloseMsOf(settings);
    await ensureRollupBasis(db, settings);
    // A late message after a close, itself after an older message: that message, not only the
    // close, decides whether the agent message after the silence may now open an episode.
    const d = dayRange('2026-10-28', ZONE).from + 14 * HOUR;
    const z = (id: string, t: number, by: 'customer' | 'agent'): InboxEvent => ({
      v: 1, id: `m:whatsapp:z:${id}`, at: new Date(t).toISOString(), type: 'message', site: 'whatsapp', chat: 'z', chatTitle: 'z', msg: id,
      dir: by === 'customer' ? 'in' : 'out', by, attribution: by === 'agent' ? 'local' : 'none', live: true, ...(by === 'agent' ? { agent: 'ana' } : {}),
    });
    const stored = [z('a0', d, 'customer'), { v: 1, id: 'c:whatsapp:z:1', at: new Date(d + HOUR).toISOString(), type: 'close', site: 'whatsapp', chat: 'z', agent: 'ana' } as InboxEvent, z('b0', d + 12 * HOUR, 'agent')];
    // Shuffled batches: new events land before, between and after stored ones.
    for (const batch of [...shuffledBatches(LOG, 60, 11), stored, [z('late', d + 2 * HOUR, 'customer')]]) {
      await db.clear('dirty_days');
      await putEvents(db, batch);
      const want = new Set<string>();
      const ids = new Set(batch.map((e) => e.id));
      for (const key of new Set(batch.flatMap((e) => ('chat' in e ? [`${e.site}\u0000${e.chat}`] : [])))) {
        const [site, chat] = key.split('\u0000');
        const tmin = Math.min(...batch.filter((e) => 'chat' in e && e.chat === chat && e.site === site).map((e) => Date.parse(e.at)));
        const history = (await readChatEvents(db, chat, { since: '' })).filter((e) => e.site === site);
        // A routed message from tmin on: the whole chain back to its start (gaps under autoCloseAfter).
        let start = tmin - acMs;
        if (history.some((e) => Date.parse(e.at) >= tmin && isRouted(e))) {
          const times = history.map((e) => Date.parse(e.at)).filter((t) => t < tmin);
          for (start = tmin; times.length && start - times[times.length - 1] < acMs;) start = times.pop()!;
        }
        const window = history.filter((e) => Date.parse(e.at) >= start);
        for (const t of chatDirtyInstants(window, (e) => ids.has(e.id), acMs)) want.add(dayKey(t, ZONE));
      }
      const marked = (await db.getAll('dirty_days')).filter((m) => m.facts).map((m) => m.day);
      expect(marked).toEqual([...want].sort());
    }
  });

  it('a copy that replaces a stored one at another time marks the day the stored one leaves too', async () => {
    const settings = settingsFor();
    await ensureRollupBasis(db, settings);
    const midnight = dayRange('2026-10-29', ZONE).from;
    const copy = (at: number, live: boolean): InboxEvent => ({
      v: 1, id: 'm:whatsapp:y:late', at: new Date(at).toISOString(), type: 'message', site: 'whatsapp', chat: 'y', chatTitle: 'y', msg: 'late',
      dir: 'in', by: 'customer', attribution: 'none', live,
    });
    // Backfilled with the minute of its label, then seen live a few seconds later, after midnight.
    await putEvents(db, [copy(midnight - 30_000, false)]);
    const now = midnight + 48 * HOUR;
    await queryKpis(db, { from: '2026-10-28', to: '2026-10-30', zone: ZONE, settings, now });
    expect(await countDirtyDays(db)).toBe(0);
    const live = copy(midnight + 20_000, true);
    expect(await putEvents(db, [live])).toEqual({ added: 0, updated: 1, duplicates: 0, removed: 0 });
    expect((await db.getAll('dirty_days')).map((x) => x.day)).toEqual(['2026-10-28', '2026-10-29']);
    expectSame(await queryKpis(db, { from: '2026-10-28', to: '2026-10-30', zone: ZONE, settings, now }), [live], settings, '2026-10-28', '2026-10-30', now);
  });

  it('finds a stored neighbour past the first listing of recent chunk keys (more than it returns at once)', async () => {
    const settings = settingsFor();
    await ensureRollupBasis(db, settings);
    const d = dayRange('2026-10-29', ZONE).from;
    const msg = (chat: string, id: string, t: number): InboxEvent => ({
      v: 1, id: `m:whatsapp:${chat}:${id}`, at: new Date(t).toISOString(), type: 'message', site: 'whatsapp', chat, chatTitle: chat, msg: id,
      dir: 'in', by: 'customer', attribution: 'none', live: true,
    });
    // 5 000 chats' chunks start before the one that matters: the shared listing stops short of it.
    await putEvents(db, Array.from({ length: 5000 }, (_, i) => msg(`f${i}`, 'a', d - 2 * HOUR)));
    await putEvents(db, [msg('z', 'a', d - 10 * MIN)]);
    await db.clear('dirty_days');
    // Ten minutes after z's stored message, across midnight: its episode starts the day before.
    await putEvents(db, [msg('z', 'b', d + 10 * MIN), msg('w', 'a', d + 10 * MIN)]);
    expect((await db.getAll('dirty_days')).map((m) => m.day)).toEqual(['2026-10-28', '2026-10-29']);
  });

  it('replaying batches marks nothing and recomputing twice changes nothing', async () => {
    const settings = settingsFor();
    await ensureRollupBasis(db, settings);
    await insertUntil(LOG, END);
    const now = END + 24 * HOUR;
    await recomputeDirtyDays(db, { settings, now });
    const before = await readDayRollups(db, FIRST_DAY, END_DAY);
    for (const b of shuffledBatches(LOG, 100, 99)) {
      const r = await putEvents(db, b);
      expect(r.added + r.updated).toBe(0);
    }
    expect(await countDirtyDays(db)).toBe(0);
    // Forcing every day dirty again (a zone round trip) rebuilds the same records.
    await ensureRollupBasis(db, settingsFor({ timeZone: 'UTC' }), 'UTC');
    await recomputeDirtyDays(db, { settings, now });
    expect(await readDayRollups(db, FIRST_DAY, END_DAY)).toEqual(before);
    const first = await queryKpis(db, { from: FIRST_DAY, to: END_DAY, zone: ZONE, settings, now });
    const second = await queryKpis(db, { from: FIRST_DAY, to: END_DAY, zone: ZONE, settings, now });
    expect({ ...second, recomputed: null, directory: null }).toEqual({ ...first, recomputed: null, directory: null });
  });

  it('reports its progress run by run, up to every marked section', async () => {
    const settings = settingsFor();
    await ensureRollupBasis(db, settings);
    await insertUntil(LOG, END);
    await ensureRollupBasis(db, settings); // the agent events changed the basis: every day is marked
    const marks = await db.getAll('dirty_days');
    const sections = marks.reduce((n, m) => n + Number(m.facts) + Number(m.status), 0);
    const calls: Array<[number, number]> = [];
    const r = await recomputeDirtyDays(db, { settings, now: END + 24 * HOUR, onProgress: (done, total) => calls.push([done, total]) });
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.map(([, total]) => total)).toEqual(calls.map(() => sections));
    expect(calls.map(([done]) => done)).toEqual([...calls.map(([done]) => done)].sort((a, b) => a - b));
    expect(calls.at(-1)).toEqual([r.factDays + r.statusDays, sections]);
    expect(r.factDays + r.statusDays).toBe(sections);
  });

  it('a day re-marked while it is being recomputed stays dirty', async () => {
    const settings = settingsFor();
    await ensureRollupBasis(db, settings);
    await insertUntil(LOG.filter((e) => e.at < '2026-10-23'), END);
    const marked = await db.getAll('dirty_days');
    expect(marked.length).toBeGreaterThan(0);
    // A write lands between the recompute's read of the marks and its write of the results.
    const recompute = recomputeDirtyDays(db, { settings, now: END });
    await putEvents(db, LOG.filter((e) => e.type === 'message' && e.at >= '2026-10-22T12' && e.at < '2026-10-22T13'));
    await recompute;
    await queryKpis(db, { from: FIRST_DAY, to: END_DAY, zone: ZONE, settings, now: END });
    expect(await countDirtyDays(db)).toBe(0);
    const known = LOG.filter((e) => e.at < '2026-10-23' || (e.type === 'message' && e.at >= '2026-10-22T12' && e.at < '2026-10-22T13'));
    expectSame(await queryKpis(db, { from: FIRST_DAY, to: END_DAY, zone: ZONE, settings, now: END }), known, settings, FIRST_DAY, END_DAY, END);
  });
});

describe('merging stored parts', () => {
  it('equals aggMergeAll: exact while small, the same sketch beyond; merged into one part (a span) too', () => {
    const values = Array.from({ length: 3000 }, (_, i) => ((i * 7919) % 5003) * 1000 + (i % 7));
    const chunks = [values.slice(0, 400), values.slice(400, 1100), values.slice(1100, 1200), values.slice(1200)];
    const stored = chunks.map((c) => storedAggOf(c, 512));
    const want = summarize(aggMergeAll(chunks.map((c) => aggOf(c))));
    expect(want.approximate).toBeUndefined();
    // Some parts are sketches (> 512 values): approximate, exactly as the engine's sketch would be.
    const got = summarizeParts(stored).summary;
    expect(got.approximate).toBe(true);
    expect(got.count).toBe(want.count);
    expect(got.mean).toBe(want.mean);
    expect(got).toEqual(summarize(aggOf(values, 1000)));
    const exact = chunks.map((c) => storedAggOf(c, 5000));
    expect(summarizeParts(exact).summary).toEqual(want);
    expect(summarizeParts([mergeParts(exact)]).summary).toEqual(want);
    expect(summarizeParts([mergeParts(stored)]).summary).toEqual(got);
    expect(summarizeParts([mergeParts(exact.slice(0, 2)), ...exact.slice(2)]).summary).toEqual(want);
  });
});
