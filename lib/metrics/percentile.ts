/**
 * docs/metrics.md's one percentile definition: linear interpolation between closest ranks
 * (numpy's default, Excel PERCENTILE.INC), h = (n−1)·p.
 */

/** `sorted` must be ascending; p in [0, 1]. Null for an empty sample, never 0. */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  if (lo + 1 >= n) return a;
  const b = sorted[lo + 1] as number;
  return a + (h - lo) * (b - a);
}
