import { describe, expect, it, vi } from 'vitest';

// Property tests run many cases; leave room on a loaded machine.
vi.setConfig({ testTimeout: 60_000 });
import fc from 'fast-check';
import { percentile } from '../../../lib/metrics/percentile';
import { EXACT_LIMIT, aggMerge, aggMergeAll, aggOf, emptyAgg, shareAtMost, summarize } from '../../../lib/metrics/aggregate';
import { sketchMerge, sketchOf, sketchQuantile } from '../../../lib/metrics/sketch';

/** numpy.percentile(x, 100p) with the default method, written the textbook way. */
function reference(values: number[], p: number): number {
  const x = [...values].sort((a, b) => a - b);
  const h = (x.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return x[lo]! + (h - lo) * (x[hi]! - x[lo]!);
}

describe('percentile', () => {
  it('linear interpolation between closest ranks: h = (n−1)·p (numpy default, PERCENTILE.INC)', () => {
    // numpy.percentile([1, 2, 3, 4], [50, 95, 99]) = [2.5, 3.85, 3.97]
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([1, 2, 3, 4], 0.95)).toBeCloseTo(3.85, 12);
    expect(percentile([1, 2, 3, 4], 0.99)).toBeCloseTo(3.97, 12);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([10, 20], 0)).toBe(10);
    expect(percentile([10, 20], 1)).toBe(20);
  });

  it('empty samples give null, never 0', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(summarize(emptyAgg())).toEqual({ count: 0, mean: null, p50: null, p95: null, p99: null, min: null, max: null });
  });

  it('is exact against a reference implementation', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 300 }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, p) => {
        const sorted = [...xs].sort((a, b) => a - b);
        expect(percentile(sorted, p)).toBeCloseTo(reference(xs, p), 6);
      }),
    );
  });
});

describe('aggregate (count, mean, p50, p95, p99, min, max in seconds)', () => {
  it('summarizes milliseconds as seconds with at most 3 decimals', () => {
    const k = summarize(aggOf([1000, 2000, 3000, 4500]));
    expect(k).toEqual({ count: 4, mean: 2.625, p50: 2.5, p95: 4.275, p99: 4.455, min: 1, max: 4.5 });
  });

  it('is exact up to 100 000 values', () => {
    const values = Array.from({ length: EXACT_LIMIT }, (_, i) => (i * 7919) % 1_000_003);
    const k = summarize(aggOf(values));
    expect(k.approximate).toBeUndefined();
    const sorted = [...values].sort((a, b) => a - b);
    expect(k.p95).toBe(Math.round(reference(sorted, 0.95)) / 1000);
  });

  it('beyond 100 000 values uses the sketch, within 1 % and marked approximate', () => {
    const values = Array.from({ length: EXACT_LIMIT + 1 }, (_, i) => 1000 + ((i * 7919) % 1_000_003));
    const k = summarize(aggOf(values));
    expect(k.approximate).toBe(true);
    const exact = reference(values, 0.99) / 1000;
    expect(Math.abs(k.p99! - exact) / exact).toBeLessThanOrEqual(0.0101);
    expect(k.count).toBe(values.length);
    expect(k.mean).toBe(Math.round(values.reduce((a, b) => a + b, 0) / values.length) / 1000);
  });

  it('merge keeps exactness while both parts hold values', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1e8)), fc.array(fc.nat(1e8)), (a, b) => {
        expect(summarize(aggMerge(aggOf(a), aggOf(b)))).toEqual(summarize(aggOf([...a, ...b])));
      }),
    );
  });

  it('a part kept as a sketch (no values) merges approximately', () => {
    const xs = Array.from({ length: 513 }, (_, i) => 1000 + i);
    const { values: _values, ...totals } = aggOf(xs);
    const big = { ...totals, sketch: sketchOf(xs) };
    const k = summarize(aggMergeAll([big, aggOf([5000])]));
    expect(k.approximate).toBe(true);
    expect(k.min).toBe(1);
    expect(k.max).toBe(5);
  });

  it('SLA share counts values at most the target', () => {
    expect(shareAtMost(aggOf([60_000, 540_000, 540_001]), 540_000)).toBeCloseTo(2 / 3, 12);
    expect(shareAtMost(emptyAgg(), 1)).toBeNull();
  });
});

describe('sketch', () => {
  it('every quantile is within 1 % relative error', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 7 * 86_400_000 }), { minLength: 1, maxLength: 2000 }), fc.constantFrom(0, 0.5, 0.95, 0.99, 1), (xs, q) => {
        const sorted = [...xs].sort((a, b) => a - b);
        const exact = sorted[Math.floor(q * (sorted.length - 1))]!;
        const approx = sketchQuantile(sketchOf(xs), q)!;
        expect(Math.abs(approx - exact) / exact).toBeLessThanOrEqual(0.01 + 1e-12);
      }),
    );
  });

  it('merging equals sketching the union', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1e9)), fc.array(fc.nat(1e9)), (a, b) => {
        const m = sketchMerge(sketchOf(a), sketchOf(b));
        const u = sketchOf([...a, ...b]);
        for (const q of [0, 0.5, 0.95, 0.99, 1]) expect(sketchQuantile(m, q)).toBe(sketchQuantile(u, q));
      }),
    );
  });

  it('is empty-safe and plain JSON', () => {
    expect(sketchQuantile(sketchOf([]), 0.5)).toBeNull();
    const s = sketchOf([1, 10, 100]);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});
