import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { nextPaint } from '../../../components/ui/use-after-paint';

let frames: Array<() => void> = [];
beforeEach(() => {
  vi.useFakeTimers();
  frames = [];
  vi.stubGlobal('requestAnimationFrame', (cb: () => void) => frames.push(cb));
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const settled = (p: Promise<void>) => {
  const state = { done: false };
  void p.then(() => { state.done = true; });
  return state;
};

it('resolves in the task after the next frame', async () => {
  const paint = settled(nextPaint());
  await vi.advanceTimersByTimeAsync(10);
  expect(paint.done).toBe(false); // no frame yet
  frames.shift()?.();
  await vi.advanceTimersByTimeAsync(0);
  expect(paint.done).toBe(true);
});

it('resolves anyway when no frame comes (a hidden page)', async () => {
  const paint = settled(nextPaint());
  await vi.advanceTimersByTimeAsync(99);
  expect(paint.done).toBe(false);
  await vi.advanceTimersByTimeAsync(1);
  expect(paint.done).toBe(true);
});
