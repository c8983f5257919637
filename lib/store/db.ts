import { openDB, unwrap, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { InboxEvent } from '../events';
import { type ChunkKind, type ChunkSpan, type ChunkSpanKey, type EventChunk, type Log, type StoredChunk, chunkOf, chunksOf, logOf, putChunk } from './event-chunks';
import type { DayRollup, DirtyMark } from './rollup-types';
import type { StoredSpan, StoredSpanAgents } from './span-codec';

/**
 * One database per browser profile, shared by the worker and the extension pages (same origin).
 *
 * Version 2 adds the derived KPI rollups (rollups-store.ts): `rollups` holds one record per
 * local day of the team's zone, `dirty_days` the days whose record must be rebuilt.
 * Version 3 stores the events grouped in `chunks` (event-chunks.ts) instead of one record each in
 * `events`; every event id is in the `ids` index (unique until v8), so an id is stored once, never twice.
 * Version 4 adds `rollup_spans`, day rollups merged over 4, 16 and 64 days (rollup-spans.ts).
 * Version 5 keeps a span's agents' values apart, in `span_agents` under the same key, so a query
 * answers the team from the small records while the large ones are still being read.
 * Version 6 keys each chunk by a number and keeps where it is (stream, span) in `chunk_spans`
 * (event-chunks.ts): the `ids` index entries shrink to about a third of their bytes.
 * Version 7 stores a chunk's events as JSON text (event-chunks.ts StoredChunk); v6 chunks keep
 * their array and are read as they are, so nothing is converted: the version only keeps an older
 * build, which could not read the new chunks, from opening the database.
 * Version 8 makes the `ids` index plain (not unique): the writer checks a batch's ids with a few
 * counts over ranges of it instead (events-store.ts), about 1.7 times as fast as the index's own
 * check of every id.
 */
export interface PulseSchema extends DBSchema {
  chunks: { key: number; value: StoredChunk; indexes: { ids: string; kind_from: [ChunkKind, string]; stream_from: [string, string] } };
  chunk_spans: { key: ChunkSpanKey; value: ChunkSpan; indexes: { kind_from: [ChunkKind, string] } };
  meta: { key: string; value: unknown };
  rollups: { key: string; value: DayRollup };
  dirty_days: { key: string; value: DirtyMark };
  rollup_spans: { key: [number, string]; value: StoredSpan };
  span_agents: { key: [number, string]; value: StoredSpanAgents };
}

/** The v1–v2 and v3–v5 layouts of the events, only read by the upgrade to v6. */
interface OldSchema extends DBSchema {
  events: { key: string; value: InboxEvent };
  chunks_v5: { key: [string, string, string, string]; value: Omit<EventChunk, 'k'> & { n: string } };
}
type UpgradeTx = IDBPTransaction<OldSchema & PulseSchema, StoreNames<OldSchema & PulseSchema>[], 'versionchange'>;

export type PulseDb = IDBPDatabase<PulseSchema>;
export const DB_NAME = 'inbox-pulse';
export const DB_VERSION = 8;
const MIGRATION_PAGE = 5000;
/** v3–v5 chunks re-keyed per request round (each holds up to a batch's events of one chat and hour). */
const REKEY_PAGE = 100;

export function openPulseDb(name = DB_NAME): Promise<PulseDb> {
  return openDB<PulseSchema>(name, DB_VERSION, {
    async upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) db.createObjectStore('meta');
      if (oldVersion < 2) {
        db.createObjectStore('rollups', { keyPath: 'day' });
        db.createObjectStore('dirty_days', { keyPath: 'day' });
        // No rollup basis is stored yet: the first recompute marks every day holding events and builds them all.
      }
      if (oldVersion < 4) db.createObjectStore('rollup_spans', { keyPath: ['size', 'start'] });
      if (oldVersion < 5) {
        // Derived data: v4 spans held their agents inline; buildSpans makes them again from the days.
        if (oldVersion >= 4) tx.objectStore('rollup_spans').clear();
        db.createObjectStore('span_agents', { keyPath: ['size', 'start'] });
      }
      if (oldVersion < 6) {
        const old = tx as unknown as UpgradeTx;
        if (oldVersion >= 3) unwrap(tx.objectStore('chunks')).name = 'chunks_v5';
        const chunks = db.createObjectStore('chunks', { keyPath: 'k' });
        chunks.createIndex('ids', 'ids', { multiEntry: true });
        chunks.createIndex('kind_from', ['kind', 'from']);
        chunks.createIndex('stream_from', ['stream', 'from']);
        db.createObjectStore('chunk_spans', { keyPath: ['stream', 'from', 'to', 'k'] }).createIndex('kind_from', ['kind', 'from']);
        // The upgrade's transaction writes as a read-write one does.
        const log = logOf(tx as unknown as IDBPTransaction<PulseSchema, StoreNames<PulseSchema>[], 'readwrite'>);
        if (oldVersion >= 3) await rekeyChunks(old, log);
        else if (oldVersion >= 1) await migrateEvents(old, log);
      } else if (oldVersion < 8) {
        const chunks = tx.objectStore('chunks');
        chunks.deleteIndex('ids');
        chunks.createIndex('ids', 'ids', { multiEntry: true });
      }
    },
    // An open side panel must not block a newer worker's upgrade.
    blocking(_current, _next, event) {
      (event.target as IDBDatabase).close();
    },
  });
}

/**
 * Moves the v2 events into chunks inside the upgrade transaction, a page at a time (by id), then
 * drops the old store: the upgrade commits whole or leaves the v2 database as it was.
 */
async function migrateEvents(tx: UpgradeTx, log: Log<'readwrite'>): Promise<void> {
  const events = tx.objectStore('events');
  let after: string | undefined;
  for (;;) {
    const page = await events.getAll(after === undefined ? undefined : IDBKeyRange.lowerBound(after, true), MIGRATION_PAGE);
    await Promise.all(chunksOf(page).map((c) => putChunk(log, c)));
    if (page.length < MIGRATION_PAGE) break;
    after = page[page.length - 1].id;
  }
  tx.db.deleteObjectStore('events');
}

/** Gives every v3–v5 chunk a numeric key and a span, a page at a time, then drops the old store (whole or nothing, as above). */
async function rekeyChunks(tx: UpgradeTx, log: Log<'readwrite'>): Promise<void> {
  const old = tx.objectStore('chunks_v5');
  let after: [string, string, string, string] | undefined;
  for (;;) {
    const page = await old.getAll(after === undefined ? undefined : IDBKeyRange.lowerBound(after, true), REKEY_PAGE);
    await Promise.all(page.map((c) => putChunk(log, chunkOf(c.stream, c.kind, c.events))));
    if (page.length < REKEY_PAGE) break;
    const last = page[page.length - 1];
    after = [last.stream, last.from, last.to, last.n];
  }
  tx.db.deleteObjectStore('chunks_v5');
}
