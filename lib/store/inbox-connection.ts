import type { Site } from '../events';
import type { PulseDb } from './db';

/** What the content script last reported about the inbox tab, shown by the popup. */
export interface InboxConnection {
  site: Site;
  seenAt: string;
  monitoring: 'active' | 'paused';
  pausedReason?: string;
}

const KEY = 'inbox-connection';

export async function saveInboxConnection(db: PulseDb, connection: InboxConnection): Promise<void> {
  await db.put('meta', connection, KEY);
}

export async function loadInboxConnection(db: PulseDb): Promise<InboxConnection | undefined> {
  return (await db.get('meta', KEY)) as InboxConnection | undefined;
}
