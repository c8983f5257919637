/**
 * A mergeable summary of a sample of durations, the unit of both live KPIs and stored
 * rollups. Values are integer milliseconds so that sums stay exact whatever the merge order
 * (summaries are reported in seconds). Percentiles are exact while every merged part still
 * holds its raw values and the total is at most EXACT_LIMIT; otherwise they come from the
 * sketch and the summary says `approximate: true`.
 */
import { percentile } from './percentile';
import { type Sketch, emptySketch, sketchAdd, sketchCountAtMost, sketchMerge, sketchOf, sketchQuantile } from './sketch';

/** docs/metrics.md: exact percentiles up to this many values. */
export const EXACT_LIMIT = 100_000;

export interface Agg {
  count: number;
  /** Sum of the values, ms. */
  sum: number;
  min: number | null;
  max: number | null;
  /** The raw values (ms, any order) while the sample is small enough to keep. */
  values?: number[];
  /** Present once the raw values have been given up. */
  sketch?: Sketch;
}

/** The KPI summary of docs/formats.md, in seconds; every statistic is null when count is 0. */
export interface Summary {
  count: number;
  mean: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  min: number | null;
  max: number | null;
  approximate?: true;
}

export function emptyAgg(): Agg {
  return { count: 0, sum: 0, min: null, max: null, values: [] };
}

/** Adds one value in ms (mutates). Beyond `keepLimit` values the sample becomes a sketch. */
export function aggAdd(agg: Agg, ms: number, keepLimit = EXACT_LIMIT): void {
  agg.count += 1;
  agg.sum += ms;
  agg.min = agg.min === null ? ms : Math.min(agg.min, ms);
  agg.max = agg.max === null ? ms : Math.max(agg.max, ms);
  if (agg.values && agg.values.length < keepLimit) {
    agg.values.push(ms);
    return;
  }
  if (agg.values) {
    agg.sketch = sketchOf(agg.values);
    delete agg.values;
  }
  sketchAdd((agg.sketch ??= emptySketch()), ms);
}

export function aggOf(values: Iterable<number>, keepLimit = EXACT_LIMIT): Agg {
  const agg = emptyAgg();
  for (const v of values) aggAdd(agg, v, keepLimit);
  return agg;
}

const sketchPart = (a: Agg): Sketch => a.sketch ?? sketchOf(a.values ?? []);

/** A new Agg for the union of both samples; exact while both hold values and the total fits. */
export function aggMerge(a: Agg, b: Agg, keepLimit = EXACT_LIMIT): Agg {
  const out: Agg = {
    count: a.count + b.count,
    sum: a.sum + b.sum,
    min: a.min === null ? b.min : b.min === null ? a.min : Math.min(a.min, b.min),
    max: a.max === null ? b.max : b.max === null ? a.max : Math.max(a.max, b.max),
  };
  if (a.values && b.values && a.count + b.count <= keepLimit) out.values = a.values.concat(b.values);
  else out.sketch = sketchMerge(sketchPart(a), sketchPart(b));
  return out;
}

export function aggMergeAll(parts: Iterable<Agg>, keepLimit = EXACT_LIMIT): Agg {
  let out = emptyAgg();
  for (const p of parts) out = aggMerge(out, p, keepLimit);
  return out;
}

/** ms → seconds with at most 3 decimals (whole milliseconds). */
export const toSeconds = (ms: number): number => Math.round(ms) / 1000;
const nullable = (ms: number | null): number | null => (ms === null ? null : toSeconds(ms));

export function summarize(agg: Agg): Summary {
  if (agg.count === 0) return { count: 0, mean: null, p50: null, p95: null, p99: null, min: null, max: null };
  const base = { count: agg.count, mean: toSeconds(agg.sum / agg.count), min: nullable(agg.min), max: nullable(agg.max) };
  if (agg.values && agg.values.length === agg.count) {
    const sorted = Float64Array.from(agg.values).sort();
    const q = (p: number): number | null => nullable(percentile(sorted, p));
    return { count: base.count, mean: base.mean, p50: q(0.5), p95: q(0.95), p99: q(0.99), min: base.min, max: base.max };
  }
  const sketch = sketchPart(agg);
  // The sketch's bucket midpoints can fall outside the true range; min and max are exact.
  const q = (p: number): number | null => {
    const v = sketchQuantile(sketch, p);
    return v === null ? null : toSeconds(Math.min(Math.max(v, agg.min ?? v), agg.max ?? v));
  };
  return { count: base.count, mean: base.mean, p50: q(0.5), p95: q(0.95), p99: q(0.99), min: base.min, max: base.max, approximate: true };
}

/** Share (0..1) of the values ≤ limitMs, for SLA compliance; null when empty. */
export function shareAtMost(agg: Agg, limitMs: number): number | null {
  if (agg.count === 0) return null;
  if (agg.values) return agg.values.filter((v) => v <= limitMs).length / agg.count;
  return sketchCountAtMost(sketchPart(agg), limitMs) / agg.count;
}
