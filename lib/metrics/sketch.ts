/**
 * A DDSketch-style quantile sketch: logarithmic buckets of ratio γ = (1+α)/(1−α) give every
 * quantile within relative error α, and two sketches with the same α merge by adding bucket
 * counts. It is plain JSON (structured-clone friendly) so rollups can be stored in IndexedDB.
 * α and the mapping are fixed forever: changing them would stop old sketches from merging.
 */

export const SKETCH_ALPHA = 0.01;
const GAMMA = (1 + SKETCH_ALPHA) / (1 - SKETCH_ALPHA);
const LN_GAMMA = Math.log(GAMMA);
/** Values at or below this are counted in the zero bucket (durations are never negative). */
const ZERO_LIMIT = 1e-9;

export interface Sketch {
  alpha: number;
  count: number;
  zero: number;
  /** Bucket index of counts[0]; bucket i holds values in (γ^(i−1), γ^i]. */
  offset: number;
  counts: number[];
}

export function emptySketch(): Sketch {
  return { alpha: SKETCH_ALPHA, count: 0, zero: 0, offset: 0, counts: [] };
}

const bucketOf = (v: number): number => Math.ceil(Math.log(v) / LN_GAMMA);
// The midpoint (in relative terms) of bucket i, which is within α of every value in it.
const representative = (i: number): number => (2 * GAMMA ** i) / (GAMMA + 1);

function addToBucket(s: Sketch, index: number, n: number): void {
  if (s.counts.length === 0) {
    s.offset = index;
    s.counts.push(n);
    return;
  }
  if (index < s.offset) {
    s.counts.unshift(...new Array<number>(s.offset - index).fill(0));
    s.offset = index;
  } else if (index >= s.offset + s.counts.length) {
    s.counts.push(...new Array<number>(index - s.offset - s.counts.length + 1).fill(0));
  }
  s.counts[index - s.offset] = (s.counts[index - s.offset] ?? 0) + n;
}

/** Adds `v` (mutates `s`). */
export function sketchAdd(s: Sketch, v: number, n = 1): void {
  s.count += n;
  if (v <= ZERO_LIMIT) s.zero += n;
  else addToBucket(s, bucketOf(v), n);
}

export function sketchOf(values: Iterable<number>): Sketch {
  const s = emptySketch();
  for (const v of values) sketchAdd(s, v);
  return s;
}

/** A new sketch holding both samples. */
export function sketchMerge(a: Sketch, b: Sketch): Sketch {
  if (a.alpha !== b.alpha) throw new Error(`cannot merge sketches with alpha ${a.alpha} and ${b.alpha}`);
  const out: Sketch = { alpha: a.alpha, count: a.count, zero: a.zero, offset: a.offset, counts: a.counts.slice() };
  out.count += b.count;
  out.zero += b.zero;
  b.counts.forEach((n, i) => {
    if (n) addToBucket(out, b.offset + i, n);
  });
  return out;
}

/** The value at rank q·(count−1), as in the exact definition; null when empty. */
export function sketchQuantile(s: Sketch, q: number): number | null {
  if (s.count === 0) return null;
  const rank = q * (s.count - 1);
  if (rank < s.zero) return 0;
  let seen = s.zero;
  for (let i = 0; i < s.counts.length; i++) {
    seen += s.counts[i] ?? 0;
    if (seen > rank) return representative(s.offset + i);
  }
  return representative(s.offset + s.counts.length - 1);
}

/** Visits every non-empty bucket as (its representative value, its count); the zero bucket as 0. */
export function sketchForEach(s: Sketch, visit: (value: number, n: number) => void): void {
  if (s.zero) visit(0, s.zero);
  s.counts.forEach((n, i) => {
    if (n) visit(representative(s.offset + i), n);
  });
}

/** How many values are (approximately) ≤ `limit`. */
export function sketchCountAtMost(s: Sketch, limit: number): number {
  let within = limit >= 0 ? s.zero : 0;
  s.counts.forEach((n, i) => {
    if (representative(s.offset + i) <= limit) within += n;
  });
  return within;
}
