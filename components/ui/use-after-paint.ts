import { useEffect, useState } from 'preact/hooks';

/**
 * False until a frame has been painted after `ready` turned true, then true for good: heavy parts
 * (charts) mount after the first paint of what is read first (the KPI cards).
 */
export function useAfterPaint(ready: boolean): boolean {
  const [after, setAfter] = useState(false);
  useEffect(() => {
    if (!ready || after) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The frame callback runs before that frame's paint; the task after it runs once it is on screen.
    const frame = requestAnimationFrame(() => { timer = setTimeout(() => setAfter(true)); });
    return () => { cancelAnimationFrame(frame); clearTimeout(timer); };
  }, [ready, after]);
  return after;
}
