import { useEffect, useState } from 'preact/hooks';

/**
 * Null until a frame has been painted after `ready` turned true and `load` has resolved, then its
 * value for good: heavy parts (the charts and uPlot) are fetched and mounted after the first paint
 * of what is read first (the KPI cards), so neither their code nor their drawing delays it.
 */
export function useAfterPaint<T>(ready: boolean, load: () => Promise<T>): T | null {
  const [loaded, setLoaded] = useState<{ value: T } | null>(null);
  useEffect(() => {
    if (!ready || loaded) return undefined;
    let alive = true;
    void nextPaint().then(() => (alive ? load() : null)).then((value) => { if (alive && value !== null) setLoaded({ value }); });
    return () => { alive = false; };
  }, [ready, loaded]);
  return loaded?.value ?? null;
}

/** A hidden page draws no frames: past this (ms), nextPaint resolves anyway. */
const HIDDEN_FALLBACK_MS = 100;

/**
 * Resolves once what the DOM holds now is on screen: a frame callback runs before that frame's
 * paint, the task after it once it is painted.
 */
export function nextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, HIDDEN_FALLBACK_MS);
    requestAnimationFrame(() => setTimeout(() => { clearTimeout(fallback); resolve(); }));
  });
}
