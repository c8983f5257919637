import { signal } from '@preact/signals';
import { afterEach, beforeEach, expect, it } from 'vitest';
// @vitest-environment jsdom
import { connectTimersFrame, receiveFrameView, timersFrameUrl } from '../../../components/overlay/timers-link';
import type { FrameView, PlacedTimer } from '../../../components/overlay/timer-placement';

const SECRET = 'c0ffee';

/** What the content script posts to the frame's window (its views), and to which origin. */
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
    src: `chrome-extension://abc/row-timers.html#${SECRET}`,
    contentWindow: {
      postMessage: (post: { secret: string; view: FrameView }, origin: string) => {
        expect(post.secret).toBe(SECRET);
        posted.push(post.view);
        targets.push(origin);
      },
    },
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

it('gives every frame a URL of its own: the page, with an unguessable secret as its fragment', () => {
  const [a, b] = [timersFrameUrl('chrome-extension://abc/row-timers.html'), timersFrameUrl('chrome-extension://abc/row-timers.html')];
  expect(a).toMatch(/^chrome-extension:\/\/abc\/row-timers\.html#[0-9a-f-]{36}$/);
  expect(a).not.toBe(b);
});

it('the frame draws only views posted by its parent with its secret', () => {
  history.replaceState(null, '', `#${SECRET}`);
  const drawn: FrameView[] = [];
  receiveFrameView((v) => drawn.push(v));
  const post = (data: unknown) => dispatchEvent(new MessageEvent('message', { data, source: window.parent }));
  const forged = { timers: [{ ...timer('A', 40), since: 0 }], episode: null };
  post(forged);
  post({ view: forged });
  post({ secret: 'guess', view: forged });
  post({ secret: SECRET, view: view.value });
  expect(drawn).toEqual([view.value]);
});
