/** Items per Promise.all: V8 throws a RangeError past about two million, and a log has no such bound. */
const SLICE = 10_000;

/**
 * `run` over every item, a slice at a time (the requests of a slice are issued together), results
 * in order. A `run` that throws at once (a value IndexedDB cannot store) rejects like one that
 * fails later: the slice's other requests stay awaited, so none of them rejects unhandled when the
 * transaction aborts.
 */
export async function allInSlices<T, R>(items: readonly T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += SLICE) {
    for (const r of await Promise.all(items.slice(i, i + SLICE).map(async (item) => run(item)))) out.push(r);
  }
  return out;
}
