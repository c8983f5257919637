import type { PulseDb } from './db';
import { LOG_STORES } from './event-chunks';
import { SPAN_STORES } from './rollup-spans';

/**
 * "Delete all data": empties the event chunks and the meta store, and the rollups derived from them, in ONE
 * transaction, so a failure leaves everything in place rather than half a log. The database itself
 * stays (the worker holds it open). Settings live in extension storage and are kept.
 */
export async function eraseAllData(db: PulseDb): Promise<{ events: number }> {
  const tx = db.transaction([...LOG_STORES, 'meta', 'rollups', ...SPAN_STORES, 'dirty_days'] as const, 'readwrite', { durability: 'strict' });
  const chunks = tx.objectStore('chunks');
  const [count] = await Promise.all([
    chunks.index('ids').count(),
    chunks.clear(),
    tx.objectStore('chunk_spans').clear(),
    tx.objectStore('meta').clear(),
    tx.objectStore('rollups').clear(),
    ...SPAN_STORES.map((name) => tx.objectStore(name).clear()),
    tx.objectStore('dirty_days').clear(),
    tx.done,
  ]);
  return { events: count };
}
