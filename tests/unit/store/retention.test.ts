// @vitest-environment node
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { iso } from '../../../lib/events';
import { type PulseDb, openPulseDb } from '../../../lib/store/db';
import { putEvents, readEvents } from '../../../lib/store/events-store';
import { queryKpis } from '../../../lib/store/kpi-query';
import { pruneEventsBefore, pruneEventsFrom, pruneRollupsOutside } from '../../../lib/store/retention';
import { agentMsg, customer, t } from '../metrics/events-builder';
import { expectSame } from './expect-same';
import { ZONE, settingsFor } from './rollup-fixtures';

let db: PulseDb;
beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  db = await openPulseDb();
});

const settings = settingsFor();
// 2026-11-24 (Paris): a wait answered before the cutoff at 12:00 UTC, and one that spans it.
const log = [customer('a', 0), agentMsg('a', 10, 'ana'), customer('b', 170), agentMsg('b', 190, 'bob'), customer('c', 200), agentMsg('c', 230, 'ana')];
const cutoff = t(180);
const day = { from: '2026-11-24', to: '2026-11-25', zone: ZONE, settings };

describe('retention', () => {
  it('rebuilds the cutoff day from the events left, so its figures match them', async () => {
    const now = t(60 * 24 * 3);
    expect((await queryKpis(db, { ...day, now })).team.summaries.frt.count).toBe(0); // builds the basis
    await putEvents(db, log);
    expect((await queryKpis(db, { ...day, now })).team.summaries.frt.count).toBe(3);
    expect(await pruneEventsBefore(db, iso(cutoff))).toBe(3);
    await pruneRollupsOutside(db, { first: '2026-11-24', last: '2026-11-26' });
    const left = log.filter((e) => e.at >= iso(cutoff));
    const got = await queryKpis(db, { ...day, now });
    expect(got.team.summaries.frt.count).toBe(1);
    expectSame(got, left, settings, day.from, day.to, now);
  });

  it('deletes the events dated from a bound on, inside a chunk and in later ones', async () => {
    const far = { ...customer('a', 20), id: 'm:whatsapp:a:far', msg: 'far', at: '9999-12-31T10:00:00.000Z' };
    await putEvents(db, [...log, far]);
    // Within one chunk (chat c's hour holds 12:20 and 12:50): only the later event goes.
    expect(await pruneEventsFrom(db, iso(t(220)))).toBe(2);
    expect((await readEvents(db)).map((e) => e.id)).toEqual(log.slice(0, 5).map((e) => e.id));
    expect(await pruneEventsFrom(db, iso(t(220)))).toBe(0);
  });
});
