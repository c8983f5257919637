import type { Broadcast } from '../../lib/messaging';

/** Open pages refresh on this instead of polling; no page open is the normal case, not an error. */
export function notifyPages(): void {
  const message: Broadcast = { kind: 'changed', at: new Date().toISOString() };
  browser.runtime.sendMessage(message).catch(() => undefined);
}
