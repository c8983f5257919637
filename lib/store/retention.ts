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

/**
 * Deletes the day rollups (and their dirty marks) of the days before `day` ('YYYY-MM-DD'): once
 * their events are gone, figures for them would be kept past the retention period, and a later
 * rebuild could not reproduce them.
 */
export async function pruneRollupsBefore(db: PulseDb, day: string): Promise<void> {
  const tx = db.transaction(['rollups', 'dirty_days'], 'readwrite');
  const range = IDBKeyRange.upperBound(day, true);
  await Promise.all([tx.objectStore('rollups').delete(range), tx.objectStore('dirty_days').delete(range), tx.done]);
}
