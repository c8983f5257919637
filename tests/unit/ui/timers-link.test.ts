import { signal } from '@preact/signals';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { connectTimersFrame } from '../../../components/overlay/timers-link';
import type { FrameView, PlacedTimer } from '../../../components/overlay/timer-placement';

/** What the content script posts on the frame's port. */
let posted: FrameView[];

class FakeChannel {
  port1 = { postMessage: (view: FrameView) => posted.push(view), close: () => undefined };
  port2 = {};
}

const timer = (chat: string, y: number): PlacedTimer => ({ chat, x: 300, y, since: 1_000, targetS: 60 });
const view = signal<FrameView>({ timers: [timer('A', 40)], episode: null });
let load: () => void;
let disconnect: () => void;

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('MessageChannel', FakeChannel);
  posted = [];
  view.value = { timers: [timer('A', 40)], episode: null };
  const frame = {
    src: 'chrome-extension://abc/row-timers.html',
    contentWindow: { postMessage: () => undefined },
    addEventListener: (_: string, fn: () => void) => { load = fn; },
    removeEventListener: () => undefined,
  };
  disconnect = connectTimersFrame(frame as unknown as HTMLIFrameElement, view);
  load();
});
afterEach(() => {
  disconnect();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

it('posts the view when the frame loads, then every change after a quiet spell at once', () => {
  expect(posted).toEqual([view.value]);
  vi.advanceTimersByTime(1000);
  view.value = { timers: [timer('A', 112)], episode: null };
  expect(posted.map((v) => v.timers[0].y)).toEqual([40, 112]);
});

it('posts row moves during a burst at most every 250 ms, the last one included', () => {
  vi.advanceTimersByTime(1000);
  for (let i = 1; i <= 10; i++) {
    view.value = { timers: [timer('A', 40 + i)], episode: null };
    vi.advanceTimersByTime(50);
  }
  vi.advanceTimersByTime(500);
  // At once, then at the end of each 250 ms: the moves in between are never drawn.
  expect(posted.map((v) => v.timers[0].y)).toEqual([40, 41, 45, 50]);
});

it('posts a move of the episode time at once, even during a burst (it sits against the conversation bar)', () => {
  view.value = { timers: [timer('A', 41)], episode: null };
  view.value = { timers: [timer('A', 41)], episode: { right: 200, y: 30, since: 1_000 } };
  expect(posted.at(-1)).toEqual(view.value);
});

it('posts nothing for a view equal to the one posted', () => {
  vi.advanceTimersByTime(1000);
  view.value = { timers: [timer('A', 40)], episode: null };
  vi.advanceTimersByTime(1000);
  expect(posted).toHaveLength(1);
});
