// @vitest-environment node
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { messageId, statusId, type InboxEvent, type MessageEvent, type StatusEvent } from '../../../lib/events';
import { byTimeThenId } from '../../../lib/formats/merge';
import { ChunkCache } from '../../../lib/store/chunk-cache';
import { DB_NAME, openPulseDb } from '../../../lib/store/db';
import { countEvents, putEvents, readChatEvents, readEvents } from '../../../lib/store/events-store';
import { pruneEventsBefore } from '../../../lib/store/retention';
import { BASIS_KEY } from '../../../lib/store/rollup-types';
import { putAsMerged } from './put-as-merged';
import { rng } from './rollup-fixtures';

const message = (key: string, at: string, patch: Partial<MessageEvent> = {}): MessageEvent => ({
  v: 1, id: messageId('whatsapp', patch.chat ?? 'Ana', key), type: 'message', at, site: 'whatsapp', chat: 'Ana', chatTitle: 'Ana', msg: key,
  dir: 'in', by: 'customer', attribution: 'none', live: false, ...patch,
});
const status = (at: string): StatusEvent => ({ v: 1, id: statusId('ana', at, 'online'), type: 'status', at, agent: 'ana', status: 'online', reason: 'manual' });
const byId = (list: InboxEvent[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));

beforeEach(() => { globalThis.indexedDB = new IDBFactory(); });

/** Every chunk has its span, and every span its chunk (added and deleted together). */
async function expectSpansMatch(db: Awaited<ReturnType<typeof openPulseDb>>): Promise<void> {
  const spans = (await db.getAll('chunk_spans')).map((s) => JSON.stringify(s)).sort();
  const chunks = (await db.getAll('chunks')).map((c) => JSON.stringify({ stream: c.stream, from: c.from, to: c.to, k: c.k, kind: c.kind })).sort();
  expect(spans).toEqual(chunks);
}

describe('chunked events', () => {
  it('finds a stored id by id, not by time: copies in other hours and days settle into one event', async () => {
    const db = await openPulseDb();
    // A live observation just after midnight, its backfilled copy at the minute before (another hour, another day).
    const live = message('K1', '2026-11-25T00:00:20.000Z', { live: true });
    const backfilled = message('K1', '2026-11-24T23:59:00.000Z');
    expect(await putEvents(db, [live])).toEqual({ added: 1, updated: 0, duplicates: 0, removed: 0 });
    expect(await putEvents(db, [backfilled])).toEqual({ added: 0, updated: 0, duplicates: 1, removed: 0 });
    expect(await putEvents(db, [backfilled, live])).toEqual({ added: 0, updated: 0, duplicates: 2, removed: 0 });
    expect(await readEvents(db)).toEqual([live]);
    expect(await countEvents(db)).toBe(1);

    // The other way round: the preferred copy moves the event to its own hour, and the old chunk goes.
    globalThis.indexedDB = new IDBFactory();
    const db2 = await openPulseDb();
    await putEvents(db2, [backfilled, message('K2', '2026-11-24T23:30:00.000Z')]);
    expect(await putEvents(db2, [live])).toEqual({ added: 0, updated: 1, duplicates: 0, removed: 0 });
    expect(await putEvents(db2, [live, backfilled])).toEqual({ added: 0, updated: 0, duplicates: 2, removed: 0 });
    expect((await readEvents(db2)).map((e) => [e.id, e.at])).toEqual([[messageId('whatsapp', 'Ana', 'K2'), '2026-11-24T23:30:00.000Z'], [live.id, live.at]]);
    expect(await readEvents(db2, '2026-11-24T23:00:00.000Z', '2026-11-25T00:00:00.000Z')).toHaveLength(1);
    expect(await countEvents(db2)).toBe(2);
    await expectSpansMatch(db);
    await expectSpansMatch(db2);
  });

  it('replaying any batch changes nothing and marks no day', async () => {
    const db = await openPulseDb();
    await db.put('meta', { version: 2, zone: 'UTC', autoCloseAfterS: 3600, heartbeatTimeoutS: 120, businessHours: '', directory: '' }, BASIS_KEY);
    const batch = [message('K1', '2026-11-24T10:59:59.999Z'), message('K2', '2026-11-24T11:00:00.000Z'), status('2026-11-24T11:00:00.000Z')];
    await putEvents(db, batch);
    await db.clear('dirty_days');
    const [chunks, spans] = [await db.getAll('chunks'), await db.getAll('chunk_spans')];
    for (const replay of [batch, [batch[1]], [batch[2], batch[0]]]) {
      expect(await putEvents(db, replay)).toEqual({ added: 0, updated: 0, duplicates: replay.length, removed: 0 });
    }
    expect(await db.getAll('chunks')).toEqual(chunks);
    expect(await db.getAll('chunk_spans')).toEqual(spans);
    expect(await db.count('dirty_days')).toBe(0);
  });

  it('keeps what merging the batches one copy at a time gives, over several chats, hours and kinds', async () => {
    const db = await openPulseDb();
    const r = rng(17);
    const hours = ['2026-11-24T09:59:00.000Z', '2026-11-24T10:00:30.000Z', '2026-11-24T13:15:00.000Z', '2026-11-25T00:00:00.000Z'];
    const variants: Array<Partial<MessageEvent>> = [{}, { live: true }, { attribution: 'signature', agent: 'Ana' }, { attribution: 'local', agent: 'maria' }, { chatTitle: 'x' }];
    const model = new Map<string, InboxEvent>();
    for (let b = 0; b < 40; b++) {
      const batch: InboxEvent[] = Array.from({ length: 1 + Math.floor(r() * 20) }, () => {
        const at = hours[Math.floor(r() * hours.length)];
        if (r() < 0.2) return status(hours[Math.floor(r() * 2)]);
        const chat = r() < 0.5 ? 'Ana' : 'Bia';
        return message(`K${Math.floor(r() * 10)}`, at, { chat, ...variants[Math.floor(r() * variants.length)] });
      });
      await putAsMerged(db, model, batch);
      expect(byId(await readEvents(db))).toEqual(byId([...model.values()]));
      expect(await countEvents(db)).toBe(model.size);
    }
  });

  it('reads a chat through a cache of chunks as it reads without, while merges move its events to new chunks', async () => {
    const db = await openPulseDb();
    const cache = new ChunkCache();
    const since = '2026-11-24T09:00:00.000Z';
    const batches: InboxEvent[][] = [
      [message('K1', '2026-11-24T10:00:00.000Z'), message('K2', '2026-11-24T10:05:00.000Z'), message('K9', '2026-11-24T10:06:00.000Z', { chat: 'Bia' })],
      [message('K3', '2026-11-24T11:00:00.000Z', { dir: 'out', by: 'agent' })],
      // A live copy of K2 is preferred: its old chunk goes, K1 moves to a new one beside it.
      [message('K2', '2026-11-24T10:05:30.000Z', { live: true }), message('K4', '2026-11-24T08:59:00.000Z')],
      [message('K1', '2026-11-24T10:00:00.000Z', { attribution: 'signature', dir: 'out', by: 'agent', agent: 'Ana' })],
    ];
    for (const batch of batches) {
      await putEvents(db, batch);
      const cached = await readChatEvents(db, 'Ana', { since, cache });
      expect(cached).toEqual(await readChatEvents(db, 'Ana', { since }));
      expect(await readChatEvents(db, 'Ana', { since, to: '2026-11-24T10:30:00.000Z', cache })).toEqual(await readChatEvents(db, 'Ana', { since, to: '2026-11-24T10:30:00.000Z' }));
    }
    expect((await readChatEvents(db, 'Ana', { since, cache })).map((e) => [e.msg, e.live, e.attribution])).toEqual([['K1', false, 'signature'], ['K2', true, 'none'], ['K3', false, 'none']]);
  });

  it('lands nothing of a batch that fails after some of its chunks were written, nor its replacements', async () => {
    const db = await openPulseDb();
    const stored = message('K1', '2026-11-24T10:00:00.000Z');
    await putEvents(db, [stored]);
    // Another chat's chunk that cannot be stored (JSON has no BigInt) comes after the new and the replacing ones.
    const bad = { ...message('K9', '2026-11-24T12:00:00.000Z', { chat: 'Zed' }), note: 10n } as unknown as InboxEvent;
    const batch = [message('K1', '2026-11-24T11:00:00.000Z', { live: true }), message('K2', '2026-11-24T10:30:00.000Z'), bad];
    await expect(putEvents(db, batch)).rejects.toThrow();
    await expect(putEvents(db, [batch[1], bad])).rejects.toThrow();
    expect(await readEvents(db)).toEqual([stored]);
    expect(await countEvents(db)).toBe(1);
    expect(await putEvents(db, batch.slice(0, 2))).toEqual({ added: 1, updated: 1, duplicates: 0, removed: 0 });
  });
});

describe('retention over chunks', () => {
  it('deletes exactly the events before the cutoff, inside a chunk and at hour edges', async () => {
    const db = await openPulseDb();
    const times = ['2026-11-24T09:59:59.999Z', '2026-11-24T10:00:00.000Z', '2026-11-24T10:10:00.000Z', '2026-11-24T10:29:59.999Z',
      '2026-11-24T10:30:00.000Z', '2026-11-24T10:45:00.000Z', '2026-11-24T11:00:00.000Z'];
    const events = [...times.map((t, i) => message(`K${i}`, t)), ...times.map(status)];
    await putEvents(db, events);
    expect(await pruneEventsBefore(db, '2026-11-24T10:30:00.000Z')).toBe(8);
    const left = events.filter((e) => e.at >= '2026-11-24T10:30:00.000Z').sort(byTimeThenId);
    expect(await readEvents(db)).toEqual(left);
    expect(await countEvents(db)).toBe(6);
    // What is left is still found by id; what went can come back.
    expect(await putEvents(db, events)).toEqual({ added: 8, updated: 0, duplicates: 6, removed: 0 });
    expect(await pruneEventsBefore(db, '2026-11-24T10:00:00.000Z')).toBe(2);
    expect(await pruneEventsBefore(db, '2026-11-24T10:00:00.000Z')).toBe(0);
    await expectSpansMatch(db);
  });
});

describe('upgrade from v2', () => {
  it('moves every v2 event into chunks in the upgrade and keeps the other stores', async () => {
    const v2 = await openDB(DB_NAME, 2, {
      upgrade(db) {
        const store = db.createObjectStore('events', { keyPath: 'id' });
        store.createIndex('at', 'at');
        store.createIndex('chat_at', ['chat', 'at']);
        store.createIndex('type_at', ['type', 'at']);
        db.createObjectStore('meta');
        db.createObjectStore('rollups', { keyPath: 'day' });
        db.createObjectStore('dirty_days', { keyPath: 'day' });
      },
    });
    // More than one migration page, over many chats and hours.
    const events: InboxEvent[] = Array.from({ length: 6_000 }, (_, i) => (i % 7 === 0
      ? status(new Date(Date.parse('2026-11-20T00:00:00.000Z') + i * 37_000).toISOString())
      : message(`M${i}`, new Date(Date.parse('2026-11-20T00:00:00.000Z') + i * 61_000).toISOString(), { chat: `c${i % 40}` })));
    const tx = v2.transaction(['events', 'meta', 'dirty_days'], 'readwrite');
    await Promise.all([...events.map((e) => tx.objectStore('events').put(e)), tx.objectStore('meta').put('kept', 'x'),
      tx.objectStore('dirty_days').put({ day: '2026-11-20', gen: 1, facts: true, status: true }), tx.done]);
    v2.close();

    const db = await openPulseDb();
    expect([...db.objectStoreNames].sort()).toEqual(['chunk_spans', 'chunks', 'dirty_days', 'meta', 'rollup_spans', 'rollups', 'span_agents']);
    expect(await countEvents(db)).toBe(events.length);
    expect(await readEvents(db)).toEqual([...events].sort(byTimeThenId));
    expect(await db.get('meta', 'x')).toBe('kept');
    expect(await db.count('dirty_days')).toBe(1);
    expect(await putEvents(db, events.slice(0, 500))).toEqual({ added: 0, updated: 0, duplicates: 500, removed: 0 });
  }, 60_000);
});

/** A database as v4 or v5 laid it out: events in chunks keyed [stream, from, to, n] (v5 adds span_agents). */
const openChunkedLayout = (version: 4 | 5) => openDB(DB_NAME, version, {
  upgrade(db) {
    const chunks = db.createObjectStore('chunks', { keyPath: ['stream', 'from', 'to', 'n'] });
    chunks.createIndex('ids', 'ids', { unique: true, multiEntry: true });
    chunks.createIndex('kind_from', ['kind', 'from']);
    db.createObjectStore('meta');
    db.createObjectStore('rollups', { keyPath: 'day' });
    db.createObjectStore('dirty_days', { keyPath: 'day' });
    db.createObjectStore('rollup_spans', { keyPath: ['size', 'start'] });
    if (version === 5) db.createObjectStore('span_agents', { keyPath: ['size', 'start'] });
  },
});

describe('upgrade from v4', () => {
  it('drops the v4 spans (their agents were inline; they are built again from the days) and keeps the rest', async () => {
    const v4 = await openChunkedLayout(4);
    await v4.put('rollup_spans', { size: 4, start: '2026-11-20', days: [], agents: {}, team: {} });
    await v4.put('rollups', { day: '2026-11-20', facts: null, status: null });
    v4.close();

    const db = await openPulseDb();
    expect([...db.objectStoreNames].sort()).toEqual(['chunk_spans', 'chunks', 'dirty_days', 'meta', 'rollup_spans', 'rollups', 'span_agents']);
    expect(await db.count('rollup_spans')).toBe(0);
    expect(await db.getAllKeys('rollups')).toEqual(['2026-11-20']);
  });
});

describe('upgrade from v5', () => {
  it('gives every chunk a numeric key and a span, and finds every event as before', async () => {
    const v5 = await openChunkedLayout(5);
    // More chunks than one migration page: one per chat and hour, as v5 wrote them.
    const events: InboxEvent[] = Array.from({ length: 3_000 }, (_, i) => (i % 9 === 0
      ? status(new Date(Date.parse('2026-11-20T00:00:00.000Z') + i * 41_000).toISOString())
      : message(`M${i}`, new Date(Date.parse('2026-11-20T00:00:00.000Z') + i * 61_000).toISOString(), { chat: `c${i % 30}` })));
    const groups = new Map<string, InboxEvent[]>();
    for (const e of events) {
      const stream = e.type === 'status' ? 'status' : `chat\u0000${(e as MessageEvent).chat}`;
      const key = `${stream}\u0000${e.at.slice(0, 13)}`;
      groups.set(key, [...(groups.get(key) ?? []), e]);
    }
    expect(groups.size).toBeGreaterThan(200);
    const tx = v5.transaction(['chunks', 'span_agents'], 'readwrite');
    let n = 0;
    await Promise.all([...[...groups.values()].map((list) => tx.objectStore('chunks').add({
      stream: list[0].type === 'status' ? 'status' : `chat\u0000${(list[0] as MessageEvent).chat}`, from: list[0].at, to: list.at(-1)!.at,
      n: `n${n++}`, kind: list[0].type === 'status' ? 'status' : 'chat', ids: list.map((e) => e.id), events: list,
    })), tx.objectStore('span_agents').put({ size: 4, start: '2026-11-20' }), tx.done]);
    v5.close();

    const db = await openPulseDb();
    expect([...db.objectStoreNames].sort()).toEqual(['chunk_spans', 'chunks', 'dirty_days', 'meta', 'rollup_spans', 'rollups', 'span_agents']);
    expect(await db.count('chunks')).toBe(groups.size);
    expect(await db.count('chunk_spans')).toBe(groups.size);
    const chunks = await db.getAll('chunks');
    expect(new Set(chunks.map((c) => c.k)).size).toBe(groups.size);
    expect(chunks.every((c) => Number.isSafeInteger(c.k) && !('n' in c))).toBe(true);
    expect(await countEvents(db)).toBe(events.length);
    expect(await readEvents(db)).toEqual([...events].sort(byTimeThenId));
    expect(await readChatEvents(db, 'c1', { since: '2026-11-20T10:00:00.000Z', to: '2026-11-20T12:00:00.000Z' }))
      .toEqual(events.filter((e) => e.type === 'message' && e.chat === 'c1' && e.at >= '2026-11-20T10:00:00.000Z' && e.at < '2026-11-20T12:00:00.000Z').sort(byTimeThenId));
    expect(await db.count('span_agents')).toBe(1);
    expect(await putEvents(db, events.slice(0, 300))).toEqual({ added: 0, updated: 0, duplicates: 300, removed: 0 });
    expect(await pruneEventsBefore(db, '2026-11-21T00:00:00.000Z')).toBe(events.filter((e) => e.at < '2026-11-21T00:00:00.000Z').length);
    await expectSpansMatch(db);
  }, 60_000);
});

/** The v6–v7 layout (v7 only stores new chunks' events as JSON text): `ids` is a unique index. */
const openNumberedLayout = (version: 6 | 7) => openDB(DB_NAME, version, {
  upgrade(db) {
    const chunks = db.createObjectStore('chunks', { keyPath: 'k' });
    chunks.createIndex('ids', 'ids', { unique: true, multiEntry: true });
    chunks.createIndex('kind_from', ['kind', 'from']);
    chunks.createIndex('stream_from', ['stream', 'from']);
    db.createObjectStore('chunk_spans', { keyPath: ['stream', 'from', 'to', 'k'] }).createIndex('kind_from', ['kind', 'from']);
    for (const name of ['meta', 'span_agents', 'rollup_spans']) db.createObjectStore(name, name === 'meta' ? undefined : { keyPath: ['size', 'start'] });
    db.createObjectStore('rollups', { keyPath: 'day' });
    db.createObjectStore('dirty_days', { keyPath: 'day' });
  },
});

describe('upgrade from v6', () => {
  it('reads, merges, marks and prunes the chunks v6 wrote (events as an array) beside the new ones (JSON text)', async () => {
    const v6 = await openNumberedLayout(6);
    const old = [message('K1', '2026-11-24T23:00:00.000Z'), message('K2', '2026-11-24T23:20:00.000Z'), message('K3', '2026-11-24T23:40:00.000Z', { dir: 'out', by: 'agent' })];
    const span = { stream: 'chat\u0000Ana', from: old[0].at, to: old[2].at, k: 7, kind: 'chat' };
    await v6.put('chunks', { ...span, ids: old.map((e) => e.id), events: old });
    await v6.put('chunk_spans', span);
    await v6.put('meta', { version: 2, zone: 'UTC', autoCloseAfterS: 3600, heartbeatTimeoutS: 120, businessHours: '', directory: '' }, BASIS_KEY);
    v6.close();

    const db = await openPulseDb();
    expect(db.version).toBe(8);
    expect(await readEvents(db)).toEqual(old);
    expect(await readChatEvents(db, 'Ana', { since: '2026-11-24T23:10:00.000Z' })).toEqual(old.slice(1));
    // A new message the next day, 30 minutes after the v6 chunk's last one (within auto-close):
    // the days are marked from that stored neighbour on.
    const next = message('K4', '2026-11-25T00:10:00.000Z');
    expect(await putEvents(db, [next, old[0]])).toEqual({ added: 1, updated: 0, duplicates: 1, removed: 0 });
    expect(await db.getAllKeys('dirty_days')).toEqual(['2026-11-24', '2026-11-25']);
    // A live copy replaces the stored one: the v6 chunk is rewritten without it.
    const live = { ...old[1], live: true };
    expect(await putEvents(db, [live])).toEqual({ added: 0, updated: 1, duplicates: 0, removed: 0 });
    expect(await readEvents(db)).toEqual([old[0], live, old[2], next]);
    const records = await db.getAll('chunks');
    expect(records.every((r) => 'eventsJson' in r && typeof r.eventsJson === 'string' && !('events' in r))).toBe(true);
    expect(await pruneEventsBefore(db, '2026-11-24T23:30:00.000Z')).toBe(2);
    expect(await readEvents(db)).toEqual([old[2], next]);
    await expectSpansMatch(db);
  });
});

describe('upgrade from v7', () => {
  it('makes the ids index plain and keeps every event stored once', async () => {
    const v7 = await openNumberedLayout(7);
    const stored = [message('K1', '2026-11-24T10:00:00.000Z'), message('K2', '2026-11-24T10:10:00.000Z'), status('2026-11-24T10:05:00.000Z')];
    const span = { stream: 'chat\u0000Ana', from: stored[0].at, to: stored[1].at, k: 3, kind: 'chat' };
    await v7.put('chunks', { ...span, ids: [stored[0].id, stored[1].id], eventsJson: JSON.stringify(stored.slice(0, 2)) });
    await v7.put('chunk_spans', span);
    v7.close();

    const db = await openPulseDb();
    expect(db.version).toBe(8);
    expect(db.transaction('chunks').store.index('ids').unique).toBe(false);
    expect(await readEvents(db)).toEqual(stored.slice(0, 2));
    expect(await putEvents(db, stored)).toEqual({ added: 1, updated: 0, duplicates: 2, removed: 0 });
    expect(await countEvents(db)).toBe(3);
    await expectSpansMatch(db);
  });
});
