// @vitest-environment node
import 'fake-indexeddb/auto';
import { expect, it } from 'vitest';
import { aggOf, shareAtMost, summarize } from '../../../lib/metrics/aggregate';
import { histogramOf, storedAggOf, summarizeParts } from '../../../lib/store/stored-parts';
import { rng } from './rollup-fixtures';

it('summarizes merged parts exactly as the engine does, at every size and with ties', () => {
  const r = rng(5);
  for (const n of [1, 2, 3, 4, 5, 7, 10, 19, 20, 21, 99, 100, 101, 1000, 4321]) {
    for (const ties of [false, true]) {
      const values = Array.from({ length: n }, () => (ties ? Math.floor(r() * 5) * 1000 : Math.round(r() * 1e7)));
      const cut = Math.floor(n / 3);
      const parts = [values.slice(0, cut), values.slice(cut)].map((v) => storedAggOf(v, 100_000));
      // Stored days hold whole milliseconds as Uint32 (rollups-store packValues).
      const packed = parts.map((p) => ({ ...p, values: Uint32Array.from(p.values ?? []) }));
      const agg = aggOf(values);
      for (const got of [summarizeParts(parts), summarizeParts(packed)]) {
        expect(got.summary, `${n} ${ties}`).toEqual(summarize(agg));
        for (const limit of [0, 1000, 2500, 5e6]) expect(got.shareAtMost(limit)).toBe(shareAtMost(agg, limit));
      }
    }
  }
});

it('counts a histogram from raw values and from sketches alike (values away from the edges)', () => {
  const edges = [0, 30_000, 60_000, 120_000];
  const values = [1_000, 10_000, 29_000, 31_000, 45_000, 59_000, 61_000, 119_000, 121_000, 5_000_000, 0];
  const exact = histogramOf([storedAggOf(values.slice(0, 5), 512), storedAggOf(values.slice(5), 512)], edges);
  expect(exact).toEqual([4, 3, 2, 2]);
  expect(histogramOf([storedAggOf(values.slice(0, 5), 0, true), storedAggOf(values.slice(5), 0, true)], edges)).toEqual(exact);
  expect(histogramOf([storedAggOf(values, 512)], [])).toEqual([]);
});
