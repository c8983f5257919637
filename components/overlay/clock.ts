import { useLayoutEffect, useRef } from 'preact/hooks';

/**
 * The timers frame's one clock: a single 1 s timer drives every running time on screen, and runs
 * only while one is. Each subscriber writes its own element (a Text node's data, a class) and only
 * when what it shows changes, so a tick renders no component and costs a few string comparisons
 * and the text that did change.
 */
export function createClock(now: () => number = Date.now) {
  const subscribers = new Set<(at: number) => void>();
  let timer: ReturnType<typeof setInterval> | undefined;
  const tick = () => {
    const at = now();
    for (const s of subscribers) s(at);
  };
  return {
    /** Calls `fn` now and on every tick until the returned function is called. */
    subscribe(fn: (at: number) => void): () => void {
      subscribers.add(fn);
      fn(now());
      timer ??= setInterval(tick, 1000);
      return () => {
        subscribers.delete(fn);
        if (subscribers.size === 0) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
  };
}

export type Clock = ReturnType<typeof createClock>;

/** What a running time shows at a given moment: its text and, optionally, its element's class. */
export interface ClockView { text: string; className?: string }

/**
 * Binds an element's text (and class) to `view(now)` on every tick of `clock`; returns the ref to
 * put on the element. The element must have no children of its own: the text node is ours.
 */
export function useClockView<E extends HTMLElement>(clock: Clock, view: (at: number) => ClockView) {
  const ref = useRef<E>(null);
  const latest = useRef(view);
  latest.current = view;
  useLayoutEffect(() => {
    const el = ref.current!;
    const text = el.appendChild(el.ownerDocument.createTextNode(''));
    const unsubscribe = clock.subscribe((at) => {
      const v = latest.current(at);
      if (text.data !== v.text) text.data = v.text;
      if (v.className !== undefined && el.className !== v.className) el.className = v.className;
    });
    return () => {
      unsubscribe();
      text.remove();
    };
  }, [clock]);
  return ref;
}
