import { afterEach, describe, expect, it, vi } from 'vitest';
import { keepAliveWhile } from '../../../entrypoints/background/keep-alive';

afterEach(() => { vi.useRealTimers(); vi.unstubAllGlobals(); });

describe('keepAliveWhile', () => {
  it('calls an extension API at least every 30 s while the work runs, and stops when it settles', async () => {
    vi.useFakeTimers();
    const calls: number[] = [];
    vi.stubGlobal('browser', { runtime: { getPlatformInfo: async () => { calls.push(Date.now()); return {}; } } });
    let finish!: (v: string) => void;
    const kept = keepAliveWhile(new Promise<string>((resolve) => { finish = resolve; }));
    const start = Date.now();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(calls.length).toBeGreaterThanOrEqual(20);
    const gaps = calls.map((t, i) => t - (i ? calls[i - 1] : start));
    expect(Math.max(...gaps)).toBeLessThan(30_000);
    finish('opened');
    expect(await kept).toBe('opened');
    const after = calls.length;
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(calls.length).toBe(after);
  });

  it('passes a failure on and stops too', async () => {
    vi.useFakeTimers();
    let count = 0;
    vi.stubGlobal('browser', { runtime: { getPlatformInfo: async () => { count++; return {}; } } });
    await expect(keepAliveWhile(Promise.reject(new Error('blocked')))).rejects.toThrow('blocked');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(count).toBe(0);
  });
});
