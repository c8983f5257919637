import type { Browser } from 'wxt/browser';
import { INBOX_PORT, type ToInbox, type ToWorker } from '../../lib/messaging';
import type { PulseDb } from '../../lib/store/db';
import { putEvents } from '../../lib/store/events-store';
import { saveInboxConnection } from '../../lib/store/inbox-connection';
import type { createStatusRecorder } from './agent-status';
import { notifyPages } from './notify-pages';

let nextPortId = 0;

/**
 * Each inbox tab holds one port. Batches are acknowledged only after their transaction committed;
 * the set of open ports tells the status machine whether any inbox tab is open.
 */
export function servePort(
  port: Browser.runtime.Port,
  db: Promise<PulseDb>,
  status: ReturnType<typeof createStatusRecorder>,
  inboxPorts: Set<string>,
): void {
  if (port.name !== INBOX_PORT) return;
  const id = String(nextPortId++);
  inboxPorts.add(id);
  void status.apply({ type: 'inbox', open: true });
  port.onDisconnect.addListener(() => {
    inboxPorts.delete(id);
    if (inboxPorts.size === 0) void status.apply({ type: 'inbox', open: false });
  });

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
