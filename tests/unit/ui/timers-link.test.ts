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
});

it('posts the view when the frame loads, then every change at once', () => {
  expect(posted).toEqual([view.value]);
  view.value = { timers: [timer('A', 112)], episode: null };
  view.value = { timers: [timer('A', 112)], episode: { right: 200, y: 30, since: 1_000 } };
  expect(posted.slice(1)).toEqual([
    { timers: [timer('A', 112)], episode: null },
    { timers: [timer('A', 112)], episode: { right: 200, y: 30, since: 1_000 } },
  ]);
});

it('posts nothing for a view equal to the one posted', () => {
  view.value = { timers: [timer('A', 40)], episode: null };
  expect(posted).toHaveLength(1);
});
