// @vitest-environment node
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { InboxEvent } from '../../../lib/events';
import { type PulseDb, openPulseDb } from '../../../lib/store/db';
import { putEvents } from '../../../lib/store/events-store';
import { queryKpis } from '../../../lib/store/kpi-query';
import { ensureRollupBasis, recomputeDirtyDays } from '../../../lib/store/rollups-store';
import { agentMsg, customer, status, t } from '../metrics/events-builder';
import { expectSame } from './expect-same';
import { ZONE, settingsFor } from './rollup-fixtures';

/** Each of these took minutes (or threw "Too many elements passed to Promise.all") when a day loop walked the calendar. */
const QUICK = { timeout: 20_000 };

let db: PulseDb;
beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  db = await openPulseDb();
});

// 2026-11-24: a customer waits 20 minutes; an agent is online for an hour.
const today: InboxEvent[] = [customer('a', 60), agentMsg('a', 80, 'ana'), status('ana', 0, 'online'), status('ana', 60, 'offline')];
const dated = (year: string, e: InboxEvent): InboxEvent => ({ ...e, at: `${year}${e.at.slice(4)}` });
const future = dated('9999', customer('x', 120, { msg: 'far' }));
const past = dated('1990', customer('y', 120, { msg: 'old' }));
const week = { from: '2026-11-23', to: '2026-11-30', zone: ZONE };

describe('events dated far from today', () => {
  it('a full rebuild marks only the days holding events, and a week answers as the engine', QUICK, async () => {
    const settings = settingsFor();
    const log = [...today, future, past];
    await putEvents(db, log);
    await ensureRollupBasis(db, settings);
    expect((await db.getAll('dirty_days')).map((m) => m.day)).toEqual(['1990-11-24', '2026-11-24', '9999-11-24']);
    const now = t(60 * 24 * 2);
    expectSame(await queryKpis(db, { ...week, settings, now }), log, settings, week.from, week.to, now);
  });

  it('with auto-close off, a message dated 9999 marks its own day, not the days since the chat\'s last', QUICK, async () => {
    const settings = settingsFor({ autoCloseAfterS: 0 });
    await ensureRollupBasis(db, settings);
    await putEvents(db, today);
    await db.clear('dirty_days');
    await putEvents(db, [{ ...future, chat: 'a', id: 'm:whatsapp:a:far' }]);
    expect((await db.getAll('dirty_days')).filter((m) => m.facts).map((m) => m.day)).toEqual(['2026-11-24', '9999-11-24']);
  });

  it('the worker\'s rebuild of everything (spans included) follows the days with records, not the calendar from 1990', QUICK, async () => {
    const settings = settingsFor();
    await putEvents(db, [...today, past, future]);
    const now = t(60 * 24 * 120);
    const result = await recomputeDirtyDays(db, { settings, now });
    expect(result.factDays).toBe(3);
    // The 4-, 16- and 64-day blocks of 1990 and of November 2026 (9999 is not over yet).
    expect(await db.count('rollup_spans')).toBe(6);
    expectSame(await queryKpis(db, { ...week, settings, now }), [...today, past, future], settings, week.from, week.to, now);
  });
});
