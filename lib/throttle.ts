/**
 * Runs `fn` at once on a request, then at most once per `ms`: the requests made within that time
 * are answered by one run at its end (`late`: from a timer, not from the request's own task). A
 * lone request is never delayed; a burst of them costs one run per `ms`, and the last request is
 * always followed by a run.
 */
export function throttle(fn: (late: boolean) => void, ms: number): { request(): void; cancel(): void } {
  let quiet: ReturnType<typeof setTimeout> | undefined;
  let wanted = false;
  const wait = () => {
    quiet = setTimeout(() => {
      quiet = undefined;
      if (!wanted) return;
      wanted = false;
      fn(true);
      wait();
    }, ms);
  };
  return {
    request() {
      if (quiet !== undefined) {
        wanted = true;
        return;
      }
      fn(false);
      wait();
    },
    cancel() {
      clearTimeout(quiet);
      quiet = undefined;
      wanted = false;
    },
  };
}
