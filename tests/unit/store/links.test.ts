// @vitest-environment node
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { type PulseDb, openPulseDb } from '../../../lib/store/db';
import { putEvents, readChatEvents, readEvents } from '../../../lib/store/events-store';
import { queryKpis } from '../../../lib/store/kpi-query';
import { ensureRollupBasis } from '../../../lib/store/rollups-store';
import { agentMsg, customer, t } from '../metrics/events-builder';
import { expectSame } from './expect-same';
import { deduplicated, linkOf } from './link-fixtures';
import { ZONE, settingsFor } from './rollup-fixtures';

let db: PulseDb;
beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  db = await openPulseDb();
});

const ids = async (): Promise<string[]> => (await readEvents(db)).map((e) => e.id).sort();

// A customer wrote in chat a (seen in the chat list at 10:00), an agent answered at 10:20.
const row = customer('a', 60, { msg: 'row-1' });
const real = customer('a', 60, { msg: 'true_a_K1' });
const reply = agentMsg('a', 80, 'ana');
const link = linkOf(row, real);

describe('links', () => {
  it('drops the superseded message of the same batch, and stores the link', async () => {
    expect(await putEvents(db, [row, real, link, reply])).toEqual({ added: 3, updated: 0, duplicates: 1, removed: 0 });
    expect(await ids()).toEqual([link.id, reply.id, real.id].sort());
  });

  it('deletes the superseded message already stored', async () => {
    await putEvents(db, [row, reply]);
    expect(await putEvents(db, [link, real])).toEqual({ added: 2, updated: 0, duplicates: 0, removed: 1 });
    expect(await ids()).toEqual([link.id, reply.id, real.id].sort());
    // The chat's readers (the live board) see the message once.
    expect((await readChatEvents(db, 'a', { since: '' })).map((e) => e.id)).toEqual([real.id, reply.id]);
  });

  it('does not store a superseded message that arrives after its link (an older file imported later)', async () => {
    await putEvents(db, [link, real]);
    expect(await putEvents(db, [row, reply])).toEqual({ added: 1, updated: 0, duplicates: 1, removed: 0 });
    expect(await ids()).toEqual([link.id, reply.id, real.id].sort());
  });

  it('a retraction (no real message) deletes the message too', async () => {
    await putEvents(db, [row]);
    expect(await putEvents(db, [linkOf(row)])).toMatchObject({ added: 1, removed: 1 });
    expect(await ids()).toEqual([link.id]);
  });

  it('replays change nothing, in any order', async () => {
    const file = [row, real, link, reply];
    await putEvents(db, file);
    const stored = await ids();
    await db.clear('dirty_days');
    for (const batch of [file, [row], [link], [row, link], [...file].reverse()]) {
      expect(await putEvents(db, batch)).toMatchObject({ added: 0, updated: 0, removed: 0 });
      expect(await ids()).toEqual(stored);
    }
    expect(await db.count('dirty_days')).toBe(0);
  });

  it('marks the days of a deleted message, so the rollups count it no longer', async () => {
    const settings = settingsFor();
    await ensureRollupBasis(db, settings);
    await putEvents(db, [row, reply]);
    const now = t(60 * 24 * 3);
    const day = { from: '2026-11-24', to: '2026-11-25', zone: ZONE, settings, now };
    expect((await queryKpis(db, day)).team.summaries.frt.count).toBe(1);
    // The list signal was wrong: nobody was waiting, the reply answered nothing.
    await putEvents(db, [linkOf(row)]);
    expect((await db.getAll('dirty_days')).map((m) => m.day)).toEqual(['2026-11-24']);
    const got = await queryKpis(db, day);
    expect(got.team.summaries.frt.count).toBe(0);
    expectSame(got, deduplicated([row, reply, linkOf(row)]), settings, day.from, day.to, now);
  });
});
