import type { PulseDb } from './db';
import { SPAN_SIZES, SPAN_STORES } from './rollup-spans';

export { pruneEventsBefore } from './events-store';

/**
 * Deletes the day rollups (and their dirty marks) of the days before `day` ('YYYY-MM-DD'), and the
 * spans that start before it: once their events are gone, figures for them would be kept past the
 * retention period, and a later rebuild could not reproduce them.
 */
export async function pruneRollupsBefore(db: PulseDb, day: string): Promise<void> {
  const tx = db.transaction(['rollups', ...SPAN_STORES, 'dirty_days'] as const, 'readwrite');
  const range = IDBKeyRange.upperBound(day, true);
  await Promise.all([
    tx.objectStore('rollups').delete(range),
    tx.objectStore('dirty_days').delete(range),
    ...SPAN_STORES.flatMap((name) => SPAN_SIZES.map((size) => tx.objectStore(name).delete(IDBKeyRange.bound([size, ''], [size, day], false, true)))),
    tx.done,
  ]);
}
