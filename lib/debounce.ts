/**
 * Runs `fn` once requests have stopped for `quietMs`, and no later than `maxMs` after the first
 * request it answers: a lone request, or the last of a burst, runs `quietMs` after it; requests
 * that never stop run once per `maxMs`.
 */
export function debounce(fn: () => void, quietMs: number, maxMs: number): { request(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let firstAt: number | undefined;
  return {
    request() {
      const t = Date.now();
      firstAt ??= t;
      clearTimeout(timer);
      timer = setTimeout(() => {
        firstAt = undefined;
        fn();
      }, Math.max(0, Math.min(quietMs, firstAt + maxMs - t)));
    },
  };
}
