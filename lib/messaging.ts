import type { InboxEvent } from './events';
import type { InboxConnection } from './store/inbox-connection';

/** The long-lived port between the inbox content script and the worker. */
export const INBOX_PORT = 'inbox';

export type ToWorker =
  | { kind: 'connection'; connection: InboxConnection }
  | { kind: 'events'; seq: number; events: InboxEvent[] };

export type ToInbox =
  | { kind: 'ack'; seq: number }
  | { kind: 'error'; seq: number; message: string };

/** Pages learn that new data landed without polling. */
export type Broadcast = { kind: 'changed'; at: string };
