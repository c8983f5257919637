import { unwrap } from 'idb';
import type { PulseDb } from './db';
import { SPAN_SIZES, SPAN_STORES, dayNumber, dayOfNumber, dropSpansOf } from './rollup-spans';
import { DIRTY_GEN_KEY, type DirtyMark } from './rollup-types';

export { pruneEventsBefore, pruneEventsFrom } from './events-store';

/**
 * Keeps the rollups of the days [first, last] ('YYYY-MM-DD'; no first: from any day) only: the day records and dirty marks
 * outside, and the spans holding such a day, are deleted (once their events are gone, figures for
 * them would be kept past the retention period, and a later rebuild could not reproduce them). The
 * two edge days lost only some of their events: they are marked dirty, so they are rebuilt from
 * what is left. One transaction.
 */
export async function pruneRollupsOutside(db: PulseDb, { first, last }: { first?: string; last: string }): Promise<void> {
  const tx = db.transaction(['rollups', ...SPAN_STORES, 'dirty_days', 'meta'] as const, 'readwrite');
  const outside = [IDBKeyRange.upperBound(first ?? '', true), IDBKeyRange.lowerBound(last, true)];
  const meta = tx.objectStore('meta');
  const marks = tx.objectStore('dirty_days');
  const gen = ((await meta.get(DIRTY_GEN_KEY)) as number | undefined ?? 0) + 1;
  for (const range of outside) {
    unwrap(tx.objectStore('rollups')).delete(range);
    unwrap(marks).delete(range);
  }
  for (const name of SPAN_STORES) {
    for (const size of SPAN_SIZES) {
      // Spans starting before the first day, or ending after the last.
      const store = unwrap(tx.objectStore(name));
      if (first !== undefined) store.delete(IDBKeyRange.bound([size, ''], [size, first], false, true));
      store.delete(IDBKeyRange.bound([size, dayOfNumber(dayNumber(last) - size + 1)], [size, '\uffff'], true));
    }
  }
  unwrap(meta).put(gen, DIRTY_GEN_KEY);
  const edges = new Set(first === undefined ? [last] : [first, last]);
  for (const day of edges) unwrap(marks).put({ day, gen, facts: true, status: true } satisfies DirtyMark);
  await Promise.all([dropSpansOf(SPAN_STORES.map((name) => tx.objectStore(name)), edges), tx.done]);
}
