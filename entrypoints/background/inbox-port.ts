import type { Browser } from 'wxt/browser';
import { INBOX_PORT, type Broadcast, type ToInbox, type ToWorker } from '../../lib/messaging';
import type { PulseDb } from '../../lib/store/db';
import { putEvents } from '../../lib/store/events-store';
import { saveInboxConnection } from '../../lib/store/inbox-connection';

const notifyPages = (): void => {
  const message: Broadcast = { kind: 'changed', at: new Date().toISOString() };
  // No page open is the normal case, not an error.
  browser.runtime.sendMessage(message).catch(() => undefined);
};

/** Each inbox tab holds one port; batches are acknowledged only after their transaction committed. */
export function servePort(port: Browser.runtime.Port, db: Promise<PulseDb>): void {
  if (port.name !== INBOX_PORT) return;
  const reply = (message: ToInbox): void => {
    try { port.postMessage(message); } catch { /* tab gone: it resends on its next connection */ }
  };
  port.onMessage.addListener(async (message: ToWorker) => {
    if (message.kind === 'connection') {
      await saveInboxConnection(await db, message.connection);
      notifyPages();
    } else if (message.kind === 'events') {
      try {
        await putEvents(await db, message.events);
        reply({ kind: 'ack', seq: message.seq });
        notifyPages();
      } catch (error) {
        reply({ kind: 'error', seq: message.seq, message: String(error) });
      }
    }
  });
}
