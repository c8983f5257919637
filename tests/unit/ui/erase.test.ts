// @vitest-environment node
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, expect, it } from 'vitest';
import { openPulseDb } from '../../../lib/store/db';
import { eraseAllData } from '../../../lib/store/erase';
import { putEvents, countEvents } from '../../../lib/store/events-store';
import type { InboxEvent } from '../../../lib/events';

beforeEach(() => { globalThis.indexedDB = new IDBFactory(); });

it('empties the events, meta and rollup stores and says how many events went', async () => {
  const db = await openPulseDb();
  const events: InboxEvent[] = [1, 2, 3].map((i) => ({ v: 1, id: `s:a:${i}`, at: `2026-11-24T10:0${i}:00.000Z`, type: 'status', agent: 'a', status: 'online', reason: 'manual' }));
  await putEvents(db, events);
  await db.put('meta', { x: 1 }, 'inbox-connection');
  await db.put('rollups', { day: '2026-11-24', facts: null, status: null });
  await db.put('rollup_spans', { size: 4, start: '2026-11-22', build: 'b', days: [], team: {} });
  await db.put('span_agents', { size: 4, start: '2026-11-22', build: 'b', agents: {} });
  expect(await eraseAllData(db)).toEqual({ events: 3 });
  expect(await db.count('rollups')).toBe(0);
  expect(await db.count('rollup_spans')).toBe(0);
  expect(await db.count('span_agents')).toBe(0);
  expect(await countEvents(db)).toBe(0);
  expect(await db.count('meta')).toBe(0);
  db.close();
});
