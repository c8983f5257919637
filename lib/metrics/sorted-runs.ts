/**
 * Order statistics of the union of ascending runs, read in place: the stored rollup parts keep
 * their values sorted, so a query over many days answers a percentile with binary searches over
 * the parts instead of copying them into one array and selecting (the copy alone used to cost
 * more than the rest of the 90-day query).
 */
export type Run = ArrayLike<number>;

/** First index in run[lo, hi) whose value is > x (strict: `orEqual` false, first ≥ x). */
function bound(run: Run, x: number, lo: number, hi: number, orEqual: boolean): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (run[mid] < x || (orEqual && run[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many values of the runs are ≤ x. */
export function countAtMost(runs: readonly Run[], x: number): number {
  let n = 0;
  for (const run of runs) n += bound(run, x, 0, run.length, true);
  return n;
}

/**
 * The k-th smallest value (0-based) of the union, as a sorted copy would hold at index k. Each
 * step takes the middle of the widest remaining window as the pivot and keeps, in every run, only
 * the side that holds rank k, so the widest window at least halves.
 */
export function kthSmallest(runs: readonly Run[], k: number): number {
  const lo = runs.map(() => 0);
  const hi = runs.map((r) => r.length);
  let rank = k;
  for (;;) {
    let widest = -1;
    for (let i = 0; i < runs.length; i++) if (hi[i] > lo[i] && (widest < 0 || hi[i] - lo[i] > hi[widest] - lo[widest])) widest = i;
    if (widest < 0) throw new RangeError(`rank ${k} is past the runs' values`);
    const pivot = runs[widest][(lo[widest] + hi[widest]) >>> 1];
    let below = 0;
    let equal = 0;
    const lt = new Array<number>(runs.length);
    const le = new Array<number>(runs.length);
    for (let i = 0; i < runs.length; i++) {
      lt[i] = bound(runs[i], pivot, lo[i], hi[i], false);
      le[i] = bound(runs[i], pivot, lt[i], hi[i], true);
      below += lt[i] - lo[i];
      equal += le[i] - lt[i];
    }
    if (rank < below) {
      for (let i = 0; i < runs.length; i++) hi[i] = lt[i];
    } else if (rank < below + equal) {
      return pivot;
    } else {
      rank -= below + equal;
      for (let i = 0; i < runs.length; i++) lo[i] = le[i];
    }
  }
}

/**
 * The k-th and (k + 1)-th smallest values (0-based; the second is null past the last value): a
 * percentile interpolates between the two, and the second follows from the first with one search
 * per run instead of a second selection.
 */
export function kthAndNext(runs: readonly Run[], k: number): [number, number | null] {
  const a = kthSmallest(runs, k);
  let atMost = 0;
  let next: number | null = null;
  for (const run of runs) {
    const i = bound(run, a, 0, run.length, true);
    atMost += i;
    if (i < run.length && (next === null || run[i] < next)) next = run[i];
  }
  return [a, atMost > k + 1 ? a : next];
}
