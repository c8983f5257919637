// @vitest-environment node
import 'fake-indexeddb/auto';
import { expect, it } from 'vitest';
import { aggOf, shareAtMost, summarize } from '../../../lib/metrics/aggregate';
import { summarizeParts } from '../../../lib/store/kpi-query';
import { storedAggOf } from '../../../lib/store/rollups-store';
import { rng } from './rollup-fixtures';

it('summarizes merged parts exactly as the engine does, at every size and with ties', () => {
  const r = rng(5);
  for (const n of [1, 2, 3, 4, 5, 7, 10, 19, 20, 21, 99, 100, 101, 1000, 4321]) {
    for (const ties of [false, true]) {
      const values = Array.from({ length: n }, () => (ties ? Math.floor(r() * 5) * 1000 : Math.round(r() * 1e7)));
      const cut = Math.floor(n / 3);
      const parts = [values.slice(0, cut), values.slice(cut)].map((v) => storedAggOf(v, 100_000));
      const got = summarizeParts(parts);
      const agg = aggOf(values);
      expect(got.summary, `${n} ${ties}`).toEqual(summarize(agg));
      for (const limit of [0, 1000, 2500, 5e6]) expect(got.shareAtMost(limit)).toBe(shareAtMost(agg, limit));
    }
  }
});
