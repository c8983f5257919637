import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClock } from '../../../components/overlay/clock';

describe('overlay clock', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it('calls a subscriber at once and every second, and runs no timer once nobody listens', () => {
    let now = 1_000;
    const clock = createClock(() => now);
    const a: number[] = [], b: number[] = [];
    const offA = clock.subscribe((at) => a.push(at));
    expect(a).toEqual([1_000]);
    now = 2_000;
    vi.advanceTimersByTime(1000);
    const offB = clock.subscribe((at) => b.push(at));
    now = 3_000;
    vi.advanceTimersByTime(1000);
    expect(a).toEqual([1_000, 2_000, 3_000]);
    expect(b).toEqual([2_000, 3_000]);
    offA();
    offB();
    expect(vi.getTimerCount()).toBe(0);
    clock.subscribe((at) => a.push(at));
    expect(vi.getTimerCount()).toBe(1);
  });
});
