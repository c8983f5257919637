/**
 * The stored KPI parts (StoredAgg: count, sum, min, max, the sorted values while small, a sketch
 * beyond) and how they combine: a day's parts are built here, a span merges days' parts into
 * one (rollup-spans.ts), and a query summarizes the union of many parts exactly as the engine
 * summarizes the same values (lib/metrics aggregate.ts).
 */
import { type Agg, EXACT_LIMIT, type Summary, emptyAgg, shareAtMost, summarize, toSeconds } from '../metrics/aggregate';
import { binAdd } from '../metrics/histogram';
import { type Sketch, emptySketch, sketchAdd, sketchForEach, sketchMerge, sketchOf } from '../metrics/sketch';
import { countAtMost, kthAndNext } from '../metrics/sorted-runs';
import type { MetricKey } from '../metrics/metric-aggs';
import type { StoredAgg, StoredAggs } from './rollup-types';

/** Raw values → the stored form: values while ≤ keepLimit (0: never); the sketch beyond, or always with `withSketch`. */
export function storedAggOf(values: readonly number[], keepLimit: number, withSketch = false): StoredAgg {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const out: StoredAgg = { count: values.length, sum, min: values.length ? min : null, max: values.length ? max : null };
  // Sorted: a query reads percentiles across parts in place (lib/metrics/sorted-runs.ts).
  if (keepLimit > 0 && values.length <= keepLimit) out.values = Float64Array.from(values).sort();
  if (withSketch || values.length > keepLimit) out.sketch = sketchOf(values);
  return out;
}

/** The arrays copied into one new typed array, as views in the same order: one buffer to clone instead of one each. */
export function packInto<T extends Float64Array | Uint32Array | Uint16Array>(arrays: readonly ArrayLike<number>[], make: (length: number) => T): T[] {
  const buffer = make(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  return arrays.map((a) => {
    buffer.set(a, at);
    return buffer.subarray(at, (at += a.length)) as T;
  });
}

/**
 * Moves every value array of a day's agent parts into one shared buffer (views keep their own
 * ranges): one ArrayBuffer to clone per day instead of one per part; Uint32 when it fits.
 */
export function packValues(agents: Record<string, StoredAggs>): void {
  const parts = Object.values(agents).flatMap((aggs) => Object.values(aggs)).filter((p): p is StoredAgg & { values: Float64Array | Uint32Array } => !!p?.values);
  let fits = true;
  for (const p of parts) {
    for (let i = 0; i < p.values.length && fits; i++) {
      const v = p.values[i];
      fits = Number.isInteger(v) && v >= 0 && v <= 0xffffffff;
    }
  }
  const views = packInto<Float64Array | Uint32Array>(parts.map((p) => p.values), (n) => (fits ? new Uint32Array(n) : new Float64Array(n)));
  parts.forEach((p, i) => { p.values = views[i]; });
}

interface Totals { count: number; sum: number; min: number | null; max: number | null; allValues: boolean }

export function totalsOf(parts: readonly StoredAgg[]): Totals {
  const t: Totals = { count: 0, sum: 0, min: null, max: null, allValues: true };
  for (const p of parts) {
    if (p.count === 0) continue;
    t.count += p.count;
    t.sum += p.sum;
    if (p.min !== null) t.min = t.min === null ? p.min : Math.min(t.min, p.min);
    if (p.max !== null) t.max = t.max === null ? p.max : Math.max(t.max, p.max);
    if (!p.values) t.allValues = false;
  }
  return t;
}

function sketchAgg(parts: readonly StoredAgg[], t: Totals): Agg & { sketch: Sketch } {
  let sketch = emptySketch();
  for (const p of parts) {
    if (p.count === 0) continue;
    if (p.sketch) sketch = sketchMerge(sketch, p.sketch);
    else if (p.values) for (let j = 0; j < p.values.length; j++) sketchAdd(sketch, p.values[j]);
  }
  return { count: t.count, sum: t.sum, min: t.min, max: t.max, sketch };
}

/** A merged sample: its summary, and the share of values ≤ a limit (SLA). */
export interface Merged {
  summary: Summary;
  shareAtMost(limitMs: number): number | null;
}

const nullableS = (ms: number | null): number | null => (ms === null ? null : toSeconds(ms));

/**
 * Summarizes the union of `parts` exactly as lib/metrics summarize does the same values (exact up
 * to EXACT_LIMIT values, else the merged sketch). Stored values are sorted (storedAggOf), so the
 * order statistics are read across the parts in place. When the exact
 * path is closed, the sketch comes from `sketchParts` (the same sample in fewer parts, e.g. the
 * days' team sketches) if given.
 */
export function summarizeParts(parts: readonly StoredAgg[], sketchParts?: readonly StoredAgg[]): Merged {
  const t = totalsOf(parts);
  if (t.count === 0) return { summary: summarize(emptyAgg()), shareAtMost: () => null };
  if (!t.allValues || t.count > EXACT_LIMIT) {
    const agg = sketchAgg(sketchParts ?? parts, t);
    return { summary: summarize(agg), shareAtMost: (limit) => shareAtMost(agg, limit) };
  }
  const runs = parts.flatMap((p) => (p.values && p.count ? [p.values] : []));
  // lib/metrics percentile: linear interpolation between the closest ranks.
  const q = (p: number): number | null => {
    const h = (t.count - 1) * p;
    const lo = Math.floor(h);
    const [a, b] = kthAndNext(runs, lo);
    return nullableS(b === null ? a : a + (h - lo) * (b - a));
  };
  return {
    summary: { count: t.count, mean: toSeconds(t.sum / t.count), p50: q(0.5), p95: q(0.95), p99: q(0.99), min: nullableS(t.min), max: nullableS(t.max) },
    shareAtMost: (limit) => countAtMost(runs, limit) / t.count,
  };
}

/** Parts grouped by metric, as a query or a span gathers them from many days and agents. */
export type PartsByMetric = Map<MetricKey, StoredAgg[]>;

export function addParts(into: PartsByMetric, aggs: StoredAggs): void {
  for (const key of Object.keys(aggs) as MetricKey[]) {
    const part = aggs[key];
    if (!part) continue;
    const list = into.get(key);
    if (list) list.push(part);
    else into.set(key, [part]);
  }
}

/**
 * One part holding the union of `parts` (a span of days): the values, merged in order, while every
 * part has them and there are at most EXACT_LIMIT; else the sketch of all of them. A query over
 * the merged part then takes the same path (exact or sketch) with the same result as over the parts.
 */
export function mergeParts(parts: readonly StoredAgg[]): StoredAgg {
  const t = totalsOf(parts);
  const out: StoredAgg = { count: t.count, sum: t.sum, min: t.min, max: t.max };
  if (!t.allValues || t.count > EXACT_LIMIT) {
    out.sketch = sketchAgg(parts, t).sketch;
    return out;
  }
  const values = parts.every((p) => !p.values || p.values instanceof Uint32Array) ? new Uint32Array(t.count) : new Float64Array(t.count);
  let at = 0;
  for (const p of parts) {
    if (!p.values || p.count === 0) continue;
    values.set(p.values, at);
    at += p.values.length;
  }
  out.values = values.sort();
  return out;
}

/** Adds every value of the parts (a sketch part by its buckets' representatives) to the histogram. */
export function histogramOf(parts: readonly StoredAgg[], edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length).fill(0);
  for (const p of parts) {
    if (p.values) for (let i = 0; i < p.values.length; i++) binAdd(counts, edges, p.values[i]);
    else if (p.sketch) sketchForEach(p.sketch, (v, n) => binAdd(counts, edges, v, n));
  }
  return edges.length ? counts : [];
}
