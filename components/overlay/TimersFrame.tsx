import type { ReadonlySignal } from '@preact/signals';
import { useLayoutEffect, useMemo, useRef } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { connectTimersFrame, timersFrameUrl } from './timers-link';
import type { FrameView } from './timer-placement';

/**
 * The running times (row timers, the open episode's time), drawn in an extension page framed over
 * the inbox. Chromium runs that page in the extension's own renderer process, so their ticks
 * repaint there and cost the inbox page's main thread nothing; the frame hears from us only when
 * a time moves, starts or stops.
 */
export function TimersFrame({ view }: { view: ReadonlySignal<FrameView> }) {
  const ref = useRef<HTMLIFrameElement>(null);
  const src = useMemo(() => timersFrameUrl(browser.runtime.getURL('/row-timers.html')), []);
  // A layout effect: attached before the frame can load, so its first load event is never missed.
  useLayoutEffect(() => connectTimersFrame(ref.current!, view), [view]);
  return <iframe ref={ref} class="timers-frame" src={src} tabIndex={-1} />;
}
