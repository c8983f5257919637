import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { throttle } from '../../lib/throttle';

beforeEach(() => { vi.useFakeTimers(); });
afterEach(() => { vi.useRealTimers(); });

it('runs a lone request at once', () => {
  const fn = vi.fn();
  throttle(fn, 250).request();
  expect(fn).toHaveBeenCalledTimes(1);
});

it('answers the requests of a burst with one late run per interval, the last one included', () => {
  const fn = vi.fn();
  const t = throttle(fn, 250);
  for (let ms = 0; ms < 1000; ms += 50) {
    t.request();
    vi.advanceTimersByTime(50);
  }
  // Runs at 0 (in the request), then from the timer at 250, 500, 750 and, for the requests after 750, at 1000.
  expect(fn.mock.calls.map(([late]) => late)).toEqual([false, true, true, true, true]);
  vi.advanceTimersByTime(1000);
  expect(fn).toHaveBeenCalledTimes(5);
});

it('runs once more after a request made just after a run, and not again when nothing was asked', () => {
  const fn = vi.fn();
  const t = throttle(fn, 250);
  t.request();
  vi.advanceTimersByTime(10);
  t.request();
  expect(fn).toHaveBeenCalledTimes(1);
  vi.advanceTimersByTime(240);
  expect(fn).toHaveBeenCalledTimes(2);
  vi.advanceTimersByTime(250);
  t.request();
  expect(fn).toHaveBeenCalledTimes(3);
});

it('drops a pending run when cancelled', () => {
  const fn = vi.fn();
  const t = throttle(fn, 250);
  t.request();
  t.request();
  t.cancel();
  vi.advanceTimersByTime(1000);
  expect(fn).toHaveBeenCalledTimes(1);
});
