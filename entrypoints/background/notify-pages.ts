import type { Broadcast } from '../../lib/messaging';

/**
 * At most one broadcast per this many ms (short enough for the side panel's live lists to follow
 * within a second): every open page re-reads the database on each one (the
 * popup its whole week), and a burst of batches must not turn into a burst of full reads that
 * compete with the writes. The first change is announced at once, the last one always is.
 */
const NOTIFY_INTERVAL_MS = 500;

let last = -Infinity;
let pending: ReturnType<typeof setTimeout> | undefined;

/** Open pages refresh on this instead of polling; no page open is the normal case, not an error. */
export function notifyPages(): void {
  if (pending !== undefined) return;
  const wait = last + NOTIFY_INTERVAL_MS - Date.now();
  if (wait <= 0) broadcast();
  else pending = setTimeout(() => { pending = undefined; broadcast(); }, wait);
}

function broadcast(): void {
  last = Date.now();
  const message: Broadcast = { kind: 'changed', at: new Date(last).toISOString() };
  browser.runtime.sendMessage(message).catch(() => undefined);
}
