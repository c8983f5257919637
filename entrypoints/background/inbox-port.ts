import type { Browser } from 'wxt/browser';
import { INBOX_PORT, type LiveChat, type ToInbox, type ToWorker } from '../../lib/messaging';
import type { PulseDb } from '../../lib/store/db';
import type { WriteResult } from '../../lib/store/events-store';
import { createGroupWriter } from '../../lib/store/group-writer';
import { saveInboxConnection } from '../../lib/store/inbox-connection';
import type { createStatusRecorder } from './agent-status';
import type { createLiveBoard } from './live-board';
import { notifyPages } from './notify-pages';

type Port = Browser.runtime.Port;

const send = (port: Port, message: ToInbox): void => {
  try { port.postMessage(message); } catch { /* tab gone: it resends on its next connection */ }
};

/**
 * Each inbox tab holds one port. Batches are acknowledged only after their transaction committed
 * (batches arriving during a write are grouped into the next one: group-writer.ts);
 * the set of open ports tells the status machine whether any inbox tab is open, and receives the
 * live board after every change. `onStored` runs after each committed batch that stored something
 * (rollup maintenance).
 */
export function createInboxPorts(db: Promise<PulseDb>, status: ReturnType<typeof createStatusRecorder>, board: ReturnType<typeof createLiveBoard>, onStored: () => void = () => undefined) {
  const ports = new Set<Port>();
  // Every tab's batches share one writer: a burst from several tabs is grouped too.
  const writer = createGroupWriter(db);

  const broadcastLive = (chats: LiveChat[]): void => {
    for (const port of ports) send(port, { kind: 'live', chats });
  };

  const serve = (port: Port): void => {
    if (port.name !== INBOX_PORT) return;
    ports.add(port);
    void status.apply({ type: 'inbox', open: true });
    void board.snapshot().then((chats) => send(port, { kind: 'live', chats }));
    port.onDisconnect.addListener(() => {
      ports.delete(port);
      if (ports.size === 0) void status.apply({ type: 'inbox', open: false });
    });
    port.onMessage.addListener(async (message: ToWorker) => {
      if (message.kind === 'connection') {
        await saveInboxConnection(await db, message.connection);
        notifyPages();
      } else if (message.kind === 'events') {
        let stored: WriteResult;
        try {
          stored = await writer.write(message.events, message.more === true);
          send(port, { kind: 'ack', seq: message.seq });
        } catch (error) {
          send(port, { kind: 'error', seq: message.seq, message: String(error), full: (error as Error | undefined)?.name === 'QuotaExceededError' });
          return;
        }
        notifyPages();
        // A replay or a backfill of known messages changes nothing: no rollup day to rebuild.
        if (stored.added + stored.updated + stored.removed > 0) onStored();
        board.touch(message.events, message.more === true);
      }
    });
  };

  return { serve, broadcastLive, get open() { return ports.size; } };
}
