import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { messageId, type InboxEvent, type MessageEvent } from '../../../lib/events';
import { openPulseDb } from '../../../lib/store/db';
import { countEvents, idRuns, putEvents, readEvents } from '../../../lib/store/events-store';
import { DIRTY_GEN_KEY } from '../../../lib/store/rollup-types';
import { putAsMerged } from './put-as-merged';
import { rng } from './rollup-fixtures';

const message = (patch: Partial<MessageEvent> = {}): MessageEvent => ({
  v: 1, id: messageId('whatsapp', 'Ana', 'K1'), type: 'message', at: '2026-11-24T10:00:00.000Z', site: 'whatsapp',
  chat: 'Ana', chatTitle: 'Ana', msg: 'K1', dir: 'out', by: 'agent', agent: 'unknown', attribution: 'none', live: false, ...patch,
});

beforeEach(() => { globalThis.indexedDB = new IDBFactory(); });

describe('putEvents', () => {
  it('stores a batch once: replaying it changes nothing', async () => {
    const db = await openPulseDb();
    const batch: InboxEvent[] = [message(), message({ id: 'm:whatsapp:Ana:K2', msg: 'K2' })];
    expect(await putEvents(db, batch)).toEqual({ added: 2, updated: 0, duplicates: 0, removed: 0 });
    expect(await putEvents(db, batch)).toEqual({ added: 0, updated: 0, duplicates: 2, removed: 0 });
    expect(await readEvents(db)).toHaveLength(2);
  });

  it('adds the new ids of a chat around its stored ones, and each stored id once', async () => {
    const db = await openPulseDb();
    const at = (key: string) => message({ id: messageId('whatsapp', 'Ana', key), msg: key });
    await putEvents(db, [at('K2'), at('K5')]);
    // K1…K3 spans the stored K2 (a suspect chunk, looked up id by id); another hour's K4 does not.
    expect(await putEvents(db, [at('K1'), at('K3'), { ...at('K4'), at: '2026-11-24T12:00:00.000Z' }])).toEqual({ added: 3, updated: 0, duplicates: 0, removed: 0 });
    expect(await putEvents(db, [at('K6'), at('K5'), at('K0')])).toEqual({ added: 2, updated: 0, duplicates: 1, removed: 0 });
    expect((await readEvents(db)).map((e) => e.msg).sort()).toEqual(['K0', 'K1', 'K2', 'K3', 'K4', 'K5', 'K6']);
    expect(await countEvents(db)).toBe(7);
  });

  it('checks ids in runs that share all but their last part', () => {
    expect(idRuns(['m:w:Ana:K2', 's:ana:2026-11-24T10:00:00.000Z:online', 'm:w:Ana:K1', 'm:w:Bia:K9', 'm:w:Ana:K3', 'c:w:Ana:2026-11-24T10:00:00.000Z'])).toEqual([
      ['m:w:Ana:K1', 'm:w:Ana:K3'], ['s:ana:2026-11-24T10:00:00.000Z:online', 's:ana:2026-11-24T10:00:00.000Z:online'], ['m:w:Bia:K9', 'm:w:Bia:K9'], ['c:w:Ana:2026-11-24T10:00:00.000Z', 'c:w:Ana:2026-11-24T10:00:00.000Z'],
    ]);
  });

  it('keeps the copy the merge rule prefers: stronger attribution, then live', async () => {
    const db = await openPulseDb();
    await putEvents(db, [message()]);
    expect(await putEvents(db, [message({ live: true })])).toMatchObject({ updated: 1 });
    expect(await putEvents(db, [message({ attribution: 'signature', agent: 'Ana' })])).toMatchObject({ updated: 1 });
    expect(await putEvents(db, [message({ live: true })])).toMatchObject({ duplicates: 1, removed: 0 });
    const [kept] = await readEvents(db);
    expect(kept).toMatchObject({ attribution: 'signature', agent: 'Ana' });
  });

  it('counts a new id once even when the batch carries two copies, and keeps the preferred one', async () => {
    const db = await openPulseDb();
    expect(await putEvents(db, [message(), message({ attribution: 'local', agent: 'maria', live: true })])).toEqual({ added: 1, updated: 0, duplicates: 0, removed: 0 });
    expect((await readEvents(db))[0]).toMatchObject({ attribution: 'local' });
  });

  it('stores what merging the batches one copy at a time gives, with the same counts', async () => {
    const db = await openPulseDb();
    const r = rng(5);
    const variants: Array<Partial<MessageEvent>> = [{}, { live: true }, { attribution: 'signature', agent: 'Ana' }, { attribution: 'local', agent: 'maria' },
      { at: '2026-11-24T09:59:00.000Z' }, { chatTitle: 'Ana B.' }];
    const model = new Map<string, InboxEvent>();
    for (let b = 0; b < 30; b++) {
      // Few ids, many copies: stored and new ids, several copies of one id in a batch.
      const batch = Array.from({ length: 1 + Math.floor(r() * 12) }, () => {
        const key = `K${Math.floor(r() * 15)}`;
        return message({ id: messageId('whatsapp', 'Ana', key), msg: key, ...variants[Math.floor(r() * variants.length)] });
      });
      await putAsMerged(db, model, batch);
      expect((await readEvents(db)).sort((x, y) => (x.id < y.id ? -1 : 1))).toEqual([...model.values()].sort((x, y) => (x.id < y.id ? -1 : 1)));
    }
  });

  it('lands nothing of a batch when one of its events cannot be stored', async () => {
    const db = await openPulseDb();
    const keyless = { ...message({ id: 'm:whatsapp:Ana:K9', msg: 'K9' }), id: undefined } as unknown as InboxEvent;
    await expect(putEvents(db, [message(), keyless])).rejects.toThrow();
    expect(await readEvents(db)).toEqual([]);
    expect(await putEvents(db, [message()])).toEqual({ added: 1, updated: 0, duplicates: 0, removed: 0 });
  });

  it('commits with strict durability: once it resolves (the worker then acknowledges), the batch survives a crash', async () => {
    const db = await openPulseDb();
    const transaction = vi.spyOn(db, 'transaction');
    await putEvents(db, [message()]);
    expect(transaction.mock.calls.map((call) => call[2])).toEqual([{ durability: 'strict' }]);
  });

  it('writes a whole import or nothing: storage that fills up part-way leaves no event behind', async () => {
    const db = await openPulseDb();
    const file = Array.from({ length: 3000 }, (_, i) => message({ id: messageId('whatsapp', `c${i % 30}`, `K${i}`), chat: `c${i % 30}`, msg: `K${i}` }));
    const add = IDBObjectStore.prototype.add;
    let added = 0;
    // Full after 2 000 events (a chunk record lists its events' ids).
    const full = vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (this.name === 'chunks' && (added += (args[0] as { ids: string[] }).ids.length) > 2000) throw new DOMException('The disk is full.', 'QuotaExceededError');
      return add.apply(this, args);
    });
    await expect(putEvents(db, file.slice(0, 1500))).resolves.toMatchObject({ added: 1500 });
    await expect(putEvents(db, file)).rejects.toThrow('The disk is full.');
    full.mockRestore();
    expect(await countEvents(db)).toBe(1500);
    expect(await putEvents(db, file)).toMatchObject({ added: 1500, duplicates: 1500 });
  });
});

describe('retention', () => {
  it('deletes only the events older than the cutoff', async () => {
    const { pruneEventsBefore } = await import('../../../lib/store/retention');
    const db = await openPulseDb();
    await putEvents(db, [message(), message({ id: 'm:whatsapp:Ana:K2', msg: 'K2', at: '2026-11-25T10:00:00.000Z' })]);
    expect(await pruneEventsBefore(db, '2026-11-25T00:00:00.000Z')).toBe(1);
    expect((await readEvents(db)).map((e) => e.id)).toEqual(['m:whatsapp:Ana:K2']);
  });

  it('deletes the rollups, dirty marks and spans of the days outside the window, and marks its edge days', async () => {
    const { pruneRollupsOutside } = await import('../../../lib/store/retention');
    const db = await openPulseDb();
    const days = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-12-02'];
    await Promise.all(days.map((day) => db.put('rollups', { day, facts: null, status: null })));
    await Promise.all([...days.map((day) => db.put('dirty_days', { day, gen: 1, facts: true, status: false })), db.put('meta', 1, DIRTY_GEN_KEY)]);
    const span = (size: number, start: string) => Promise.all([db.put('rollup_spans', { size, start, build: 'b', days: [], team: {} }), db.put('span_agents', { size, start, build: 'b', agents: {} })]);
    await Promise.all([span(4, '2026-11-14'), span(4, '2026-11-18'), span(4, '2026-11-22'), span(16, '2026-11-06'), span(4, '2026-11-26'), span(4, '2026-11-30'), span(4, '2026-12-04')]);
    await pruneRollupsOutside(db, { first: '2026-11-24', last: '2026-11-30' });
    expect(await db.getAllKeys('rollups')).toEqual(['2026-11-24', '2026-11-25']);
    expect(await db.getAll('dirty_days')).toEqual([
      { day: '2026-11-24', gen: 2, facts: true, status: true }, { day: '2026-11-25', gen: 1, facts: true, status: false }, { day: '2026-11-30', gen: 2, facts: true, status: true },
    ]);
    // A span that starts before the first day, ends after the last, or holds an edge day is gone.
    expect(await db.getAllKeys('rollup_spans')).toEqual([[4, '2026-11-26']]);
    expect(await db.getAllKeys('span_agents')).toEqual([[4, '2026-11-26']]);
  });
});
