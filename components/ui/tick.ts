import { signal, type ReadonlySignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';

/**
 * One shared 1 s clock for every running timer on a page: components read `now.value` and
 * re-render on the tick; the interval runs only while someone uses it.
 */
const now = signal(Date.now());
let users = 0;
let timer: ReturnType<typeof setInterval> | undefined;

export function useTick(): ReadonlySignal<number> {
  useEffect(() => {
    if (users++ === 0) {
      now.value = Date.now();
      timer = setInterval(() => { now.value = Date.now(); }, 1000);
    }
    return () => {
      if (--users === 0) clearInterval(timer);
    };
  }, []);
  return now;
}
