/** An extension API call resets the worker's 30 s idle timer (Chrome's documented `waitUntil` pattern). */
const KEEP_ALIVE_MS = 25_000;

/**
 * Keeps the service worker running until `work` settles. Chrome stops a worker that handled no
 * event and called no extension API for 30 s, and waiting on IndexedDB counts as neither: a schema
 * upgrade re-keying a large log (minutes for millions of events) would be cut off, rolled back and
 * started again on the next wake, for ever.
 */
export async function keepAliveWhile<T>(work: Promise<T>): Promise<T> {
  const timer = setInterval(() => void browser.runtime.getPlatformInfo(), KEEP_ALIVE_MS);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}
