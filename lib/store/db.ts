import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { InboxEvent } from '../events';

/**
 * One database per browser profile, shared by the worker and the extension pages (same origin).
 * Events are keyed by their content-derived id, so writing one twice is a no-op, never a duplicate.
 */
export interface PulseSchema extends DBSchema {
  events: { key: string; value: InboxEvent; indexes: { at: string; chat_at: [string, string] } };
  meta: { key: string; value: unknown };
}

export type PulseDb = IDBPDatabase<PulseSchema>;
export const DB_NAME = 'inbox-pulse';

export function openPulseDb(name = DB_NAME): Promise<PulseDb> {
  return openDB<PulseSchema>(name, 1, {
    upgrade(db) {
      const events = db.createObjectStore('events', { keyPath: 'id' });
      events.createIndex('at', 'at');
      // Only chat events carry `chat`; the others stay out of this index.
      events.createIndex('chat_at', ['chat', 'at']);
      db.createObjectStore('meta');
    },
    // An open side panel must not block a newer worker's upgrade.
    blocking(_current, _next, event) {
      (event.target as IDBDatabase).close();
    },
  });
}
