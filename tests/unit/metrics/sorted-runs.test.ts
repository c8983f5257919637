import { expect, it } from 'vitest';
import { countAtMost, kthAndNext, kthSmallest } from '../../../lib/metrics/sorted-runs';
import { rng } from '../store/rollup-fixtures';

it('reads every rank and count of the union of sorted runs as a sorted copy would', () => {
  const r = rng(11);
  for (const shape of ['distinct', 'ties', 'one run', 'empty runs', 'floats']) {
    const runs = Array.from({ length: shape === 'one run' ? 1 : 1 + Math.floor(r() * 9) }, (_, i) => {
      const n = shape === 'empty runs' && i % 2 ? 0 : Math.floor(r() * 60);
      const values = Array.from({ length: n }, () => (shape === 'ties' ? Math.floor(r() * 4) : shape === 'floats' ? r() * 100 : Math.floor(r() * 1e6)));
      return Float64Array.from(values).sort();
    });
    const all = runs.flatMap((run) => [...run]).sort((a, b) => a - b);
    for (let k = 0; k < all.length; k++) {
      expect(kthSmallest(runs, k), `${shape} k=${k}`).toBe(all[k]);
      expect(kthAndNext(runs, k), `${shape} k=${k}`).toEqual([all[k], k + 1 < all.length ? all[k + 1] : null]);
    }
    for (const x of [-1, 0, 1, 2, 50, 5e5, 2e6, ...all.slice(0, 5)]) expect(countAtMost(runs, x)).toBe(all.filter((v) => v <= x).length);
    expect(() => kthSmallest(runs, all.length)).toThrow(RangeError);
  }
});
