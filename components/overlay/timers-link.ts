import { effect, type ReadonlySignal } from '@preact/signals';
import { sameFrameView, type FrameView } from './timer-placement';

/**
 * What the content script posts: the view, with the secret the frame was given in its URL. The
 * inbox page shares the frame's parent window with the content script, so without it any page
 * script could post the frame false timers; the page cannot read the secret: the frame sits in
 * the overlay's closed shadow root and is cross-origin.
 */
interface FramePost { secret: string; view: FrameView }

/** The timers page's URL, with a new secret as its fragment (never sent in a request). */
export const timersFrameUrl = (page: string): string => `${page}#${crypto.randomUUID()}`;

/**
 * Content script side: posts what the frame draws each time its page loads (a reload, a crashed
 * extension process) and whenever that changes, never on a tick: the frame runs its own clock.
 * Posted to the frame's window, not on a MessageChannel: a post on a port entangled with another
 * process cost the page's main thread about twice as much (~0.2 ms against ~0.1 ms, measured on the
 * imitation), and a burst posts a few times a second.
 */
export function connectTimersFrame(frame: HTMLIFrameElement, view: ReadonlySignal<FrameView>): () => void {
  // Not URL.origin: for an extension scheme the URL standard makes that opaque ("null").
  const { protocol, host, hash } = new URL(frame.src);
  const origin = `${protocol}//${host}`;
  const secret = hash.slice(1);
  let stop = () => {};
  const connect = () => {
    stop();
    let sent: FrameView | undefined;
    stop = effect(() => {
      const next = view.value;
      if (sent && sameFrameView(next, sent)) return;
      sent = next;
      // With the frame's origin as target: nothing is delivered while another page is loaded in it.
      frame.contentWindow?.postMessage({ secret, view: next } satisfies FramePost, origin);
    });
  };
  frame.addEventListener('load', connect);
  return () => {
    frame.removeEventListener('load', connect);
    stop();
  };
}

/** Frame side: reports every view posted with the secret of the frame's URL; drops anything else. */
export function receiveFrameView(onView: (view: FrameView) => void): void {
  const secret = location.hash.slice(1);
  addEventListener('message', (e: MessageEvent) => {
    if (secret && e.source === window.parent && isFramePost(e.data) && e.data.secret === secret) onView(e.data.view);
  });
}

const isFramePost = (data: unknown): data is FramePost => {
  const view = (data as Partial<FramePost> | null)?.view;
  return typeof view === 'object' && view !== null && Array.isArray(view.timers) && 'episode' in view;
};
