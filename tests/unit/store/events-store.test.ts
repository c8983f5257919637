import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { messageId, type InboxEvent, type MessageEvent } from '../../../lib/events';
import { openPulseDb } from '../../../lib/store/db';
import { putEvents, readEvents } from '../../../lib/store/events-store';

const message = (patch: Partial<MessageEvent> = {}): MessageEvent => ({
  v: 1, id: messageId('whatsapp', 'Ana', 'K1'), type: 'message', at: '2026-11-24T10:00:00.000Z', site: 'whatsapp',
  chat: 'Ana', chatTitle: 'Ana', msg: 'K1', dir: 'out', by: 'agent', agent: 'unknown', attribution: 'none', live: false, ...patch,
});

beforeEach(() => { globalThis.indexedDB = new IDBFactory(); });

describe('putEvents', () => {
  it('stores a batch once: replaying it changes nothing', async () => {
    const db = await openPulseDb();
    const batch: InboxEvent[] = [message(), message({ id: 'm:whatsapp:Ana:K2', msg: 'K2' })];
    expect(await putEvents(db, batch)).toEqual({ added: 2, updated: 0, duplicates: 0 });
    expect(await putEvents(db, batch)).toEqual({ added: 0, updated: 0, duplicates: 2 });
    expect(await readEvents(db)).toHaveLength(2);
  });

  it('keeps the copy the merge rule prefers: stronger attribution, then live', async () => {
    const db = await openPulseDb();
    await putEvents(db, [message()]);
    expect(await putEvents(db, [message({ live: true })])).toMatchObject({ updated: 1 });
    expect(await putEvents(db, [message({ attribution: 'signature', agent: 'Ana' })])).toMatchObject({ updated: 1 });
    expect(await putEvents(db, [message({ live: true })])).toMatchObject({ duplicates: 1 });
    const [kept] = await readEvents(db);
    expect(kept).toMatchObject({ attribution: 'signature', agent: 'Ana' });
  });

  it('counts a new id once even when the batch carries two copies, and keeps the preferred one', async () => {
    const db = await openPulseDb();
    expect(await putEvents(db, [message(), message({ attribution: 'local', agent: 'maria', live: true })])).toEqual({ added: 1, updated: 0, duplicates: 0 });
    expect((await readEvents(db))[0]).toMatchObject({ attribution: 'local' });
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
});
