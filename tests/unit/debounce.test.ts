import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { debounce } from '../../lib/debounce';

beforeEach(() => { vi.useFakeTimers(); });
afterEach(() => { vi.useRealTimers(); });

it('runs a lone request once, when the quiet time has passed', () => {
  const fn = vi.fn();
  debounce(fn, 2000, 30_000).request();
  vi.advanceTimersByTime(1999);
  expect(fn).not.toHaveBeenCalled();
  vi.advanceTimersByTime(1);
  expect(fn).toHaveBeenCalledTimes(1);
  vi.advanceTimersByTime(60_000);
  expect(fn).toHaveBeenCalledTimes(1);
});

it('answers a burst with one run after its last request', () => {
  const fn = vi.fn();
  const d = debounce(fn, 2000, 30_000);
  for (let i = 0; i < 10; i++) {
    d.request();
    vi.advanceTimersByTime(1000);
  }
  expect(fn).not.toHaveBeenCalled();
  vi.advanceTimersByTime(1000); // 2 s after the last request, at 11 s
  expect(fn).toHaveBeenCalledTimes(1);
});

it('runs requests that never stop once per maximum wait', () => {
  const fn = vi.fn();
  const d = debounce(fn, 2000, 30_000);
  const runs: number[] = [];
  fn.mockImplementation(() => runs.push(Date.now() - start));
  const start = Date.now();
  for (let ms = 0; ms < 100_000; ms += 1000) {
    d.request();
    vi.advanceTimersByTime(1000);
  }
  // The first request at 0 is answered at 30 s; the next one (at 30 s) at 60 s; then 90 s.
  expect(runs).toEqual([30_000, 60_000, 90_000]);
});
