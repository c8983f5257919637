import { effect, type ReadonlySignal } from '@preact/signals';
import { sameFrameView, type FrameView } from './timer-placement';

/** The first message the content script posts into the timers frame, carrying the port. */
const HELLO = 'inbox-pulse:timers';

/**
 * Content script side: hands the frame a private port each time its page loads (a reload, a
 * crashed extension process), then posts what it draws whenever that changes and never on a tick:
 * the frame runs its own clock.
 */
export function connectTimersFrame(frame: HTMLIFrameElement, view: ReadonlySignal<FrameView>): () => void {
  let stop = () => {};
  const connect = () => {
    stop();
    const { port1, port2 } = new MessageChannel();
    frame.contentWindow?.postMessage(HELLO, new URL(frame.src).origin, [port2]);
    let sent: FrameView | undefined;
    const unwatch = effect(() => {
      const next = view.value;
      if (sent && sameFrameView(next, sent)) return;
      sent = next;
      port1.postMessage(next);
    });
    stop = () => { unwatch(); port1.close(); };
  };
  frame.addEventListener('load', connect);
  return () => {
    frame.removeEventListener('load', connect);
    stop();
  };
}

/**
 * Frame side: takes the first port its parent window hands over and reports every update.
 * Only the embedding window can post here; the inbox page shares that window with the content
 * script, so at worst it could draw false timers, never read anything.
 */
export function receiveFrameView(onView: (view: FrameView) => void): void {
  const accept = (e: MessageEvent) => {
    if (e.source !== window.parent || e.data !== HELLO || !e.ports[0]) return;
    removeEventListener('message', accept);
    e.ports[0].onmessage = (m: MessageEvent<FrameView>) => onView(m.data);
  };
  addEventListener('message', accept);
}
