import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Broadcast } from '../../lib/messaging';
import { openPulseDb } from '../../lib/store/db';
import { loadInboxConnection, type InboxConnection } from '../../lib/store/inbox-connection';
import { ConnectionStatus } from './ConnectionStatus';

export function PopupApp() {
  const [connection, setConnection] = useState<InboxConnection | undefined>();
  useEffect(() => {
    const db = openPulseDb();
    const refresh = async () => setConnection(await loadInboxConnection(await db));
    const onMessage = (message: Broadcast) => { if (message.kind === 'changed') void refresh(); };
    void refresh();
    browser.runtime.onMessage.addListener(onMessage);
    return () => browser.runtime.onMessage.removeListener(onMessage);
  }, []);
  return (
    <main>
      <h1>Inbox Pulse</h1>
      <ConnectionStatus connection={connection} />
    </main>
  );
}
