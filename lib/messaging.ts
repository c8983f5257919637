import type { InboxEvent } from './events';
import type { InboxConnection } from './store/inbox-connection';

/** The long-lived port between the inbox content script and the worker. */
export const INBOX_PORT = 'inbox';

export type ToWorker =
  | { kind: 'connection'; connection: InboxConnection }
  /** `more`: further batches of the same flush follow this one (the worker waits for them to write them together). */
  | { kind: 'events'; seq: number; events: InboxEvent[]; more?: boolean };

/** What the inbox overlay needs about one open episode. */
export interface LiveChat {
  chat: string;
  openedAt: number;
  /** When the customer started waiting (a history message's minute for the backlog at load). */
  waitingSince: number | null;
  /** `waitingSince` is known to the minute only: the timer shows ≈. */
  approximate?: boolean;
  firstResponseS: number | null;
}

export type ToInbox =
  | { kind: 'ack'; seq: number }
  | { kind: 'live'; chats: LiveChat[] }
  /** The batch was not stored (nothing of it was written); `full`: the disk or quota is full. */
  | { kind: 'error'; seq: number; message: string; full: boolean };

/** Why the inbox's events are not being stored, while they are not: they wait in its tab. */
export interface SaveFailure {
  full: boolean;
  reason: string;
  waiting: number;
}

/** Pages learn that new data landed without polling. */
export type Broadcast = { kind: 'changed'; at: string };

/** From any surface (popup, inbox pill) to the worker: the agent chose a status. */
export type SetStatus = { kind: 'set-status'; status: 'online' | 'unavailable' };
