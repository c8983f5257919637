import type { PulseDb } from './db';

const PAGE = 5000;

/**
 * Deletes events older than `before` (ISO), a page per transaction so a first run on a large
 * log never holds one huge transaction. Returns how many were deleted.
 */
export async function pruneEventsBefore(db: PulseDb, before: string): Promise<number> {
  let deleted = 0;
  for (;;) {
    const tx = db.transaction('events', 'readwrite');
    const keys = await tx.store.index('at').getAllKeys(IDBKeyRange.upperBound(before, true), PAGE);
    await Promise.all([...keys.map((key) => tx.store.delete(key)), tx.done]);
    deleted += keys.length;
    if (keys.length < PAGE) return deleted;
  }
}
