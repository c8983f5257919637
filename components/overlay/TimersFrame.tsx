import type { ReadonlySignal } from '@preact/signals';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { connectTimersFrame } from './timers-link';
import type { PlacedTimer } from './timer-placement';

/**
 * The row timers, drawn in an extension page framed over the inbox. Chromium runs that page in the
 * extension's own renderer process, so the timers' ticks repaint there and cost the inbox page's
 * main thread nothing; the page hears from us only when the timers move, start or stop.
 */
export function TimersFrame({ timers }: { timers: ReadonlySignal<readonly PlacedTimer[]> }) {
  const ref = useRef<HTMLIFrameElement>(null);
  // A layout effect: attached before the frame can load, so its first load event is never missed.
  useLayoutEffect(() => connectTimersFrame(ref.current!, timers), [timers]);
  return <iframe ref={ref} class="timers-frame" src={browser.runtime.getURL('/row-timers.html')} tabIndex={-1} />;
}
