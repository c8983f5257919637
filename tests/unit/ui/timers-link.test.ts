import { signal } from '@preact/signals';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { connectTimersFrame } from '../../../components/overlay/timers-link';
import type { FrameView, PlacedTimer } from '../../../components/overlay/timer-placement';

/** What the content script posts to the frame's window, and to which origin. */
let posted: FrameView[];
let targets: string[];

const timer = (chat: string, y: number): PlacedTimer => ({ chat, x: 300, y, since: 1_000, targetS: 60, approximate: false });
const view = signal<FrameView>({ timers: [timer('A', 40)], episode: null });
let load: () => void;
let disconnect: () => void;

beforeEach(() => {
  posted = [];
  targets = [];
  view.value = { timers: [timer('A', 40)], episode: null };
  const frame = {
    src: 'chrome-extension://abc/row-timers.html',
    contentWindow: { postMessage: (view: FrameView, origin: string) => { posted.push(view); targets.push(origin); } },
    addEventListener: (_: string, fn: () => void) => { load = fn; },
    removeEventListener: () => undefined,
  };
  disconnect = connectTimersFrame(frame as unknown as HTMLIFrameElement, view);
  load();
});
afterEach(() => disconnect());

it('posts the view when the frame loads, then every change at once', () => {
  expect(posted).toEqual([view.value]);
  view.value = { timers: [timer('A', 112)], episode: null };
  view.value = { timers: [timer('A', 112)], episode: { right: 200, y: 30, since: 1_000 } };
  expect(posted.slice(1)).toEqual([
    { timers: [timer('A', 112)], episode: null },
    { timers: [timer('A', 112)], episode: { right: 200, y: 30, since: 1_000 } },
  ]);
});

it('posts only to the origin of the extension page', () => {
  view.value = { timers: [timer('A', 112)], episode: null };
  expect(new Set(targets)).toEqual(new Set(['chrome-extension://abc']));
});

it('posts the current view again when the frame reloads, and nothing once disconnected', () => {
  load();
  expect(posted).toEqual([view.value, view.value]);
  disconnect();
  view.value = { timers: [timer('A', 112)], episode: null };
  expect(posted).toHaveLength(2);
});

it('posts nothing for a view equal to the one posted', () => {
  view.value = { timers: [timer('A', 40)], episode: null };
  expect(posted).toHaveLength(1);
});
