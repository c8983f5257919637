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
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The frame callback runs before that frame's paint; the task after it runs once it is on screen.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => void load().then((value) => { if (alive) setLoaded({ value }); }));
    });
    return () => { alive = false; cancelAnimationFrame(frame); clearTimeout(timer); };
  }, [ready, loaded]);
  return loaded?.value ?? null;
}
