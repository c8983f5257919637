import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { InboxEvent } from '../events';
import type { DayRollup, DirtyMark } from './rollup-types';

/**
 * One database per browser profile, shared by the worker and the extension pages (same origin).
 * Events are keyed by their content-derived id, so writing one twice is a no-op, never a duplicate.
 *
 * Version 2 adds the derived KPI rollups (rollups-store.ts): `rollups` holds one record per
 * local day of the team's zone, `dirty_days` the days whose record must be rebuilt, and the
 * events get a [type, at] index so status and chat events can be read apart.
 */
export interface PulseSchema extends DBSchema {
  events: { key: string; value: InboxEvent; indexes: { at: string; chat_at: [string, string]; type_at: [string, string] } };
  meta: { key: string; value: unknown };
  rollups: { key: string; value: DayRollup };
  dirty_days: { key: string; value: DirtyMark };
}

export type PulseDb = IDBPDatabase<PulseSchema>;
export const DB_NAME = 'inbox-pulse';
export const DB_VERSION = 2;

export function openPulseDb(name = DB_NAME): Promise<PulseDb> {
  return openDB<PulseSchema>(name, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        const events = db.createObjectStore('events', { keyPath: 'id' });
        events.createIndex('at', 'at');
        // Only chat events carry `chat`; the others stay out of this index.
        events.createIndex('chat_at', ['chat', 'at']);
        db.createObjectStore('meta');
      }
      if (oldVersion < 2) {
        tx.objectStore('events').createIndex('type_at', ['type', 'at']);
        db.createObjectStore('rollups', { keyPath: 'day' });
        db.createObjectStore('dirty_days', { keyPath: 'day' });
        // No rollup basis is stored yet: the first recompute marks every day and builds them all.
      }
    },
    // An open side panel must not block a newer worker's upgrade.
    blocking(_current, _next, event) {
      (event.target as IDBDatabase).close();
    },
  });
}
