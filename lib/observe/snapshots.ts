/**
 * Plain-data snapshots that site adapters read from the page and the observer engine consumes.
 * PURE: no DOM types here, so the engine can run (and be tested) without a document. The
 * adapter-side types in ../adapters/site-adapter.ts extend these with the DOM element.
 */

export type MessageDirection = 'in' | 'out' | 'unknown';
export type MessageKind = 'text' | 'media' | 'system';
export type Unread = number | 'marked' | 0;

/** A chat as far as the page tells us; `key` is the normalised title (see site-adapter.ts). */
export interface ChatRef {
  key: string;
  title: string;
}

/** One chat-list row, without its element. */
export interface RowState extends ChatRef {
  /** A number from the badge, 'marked' for a badge without a number (marked unread by hand), else 0. */
  unread: Unread;
  /** The last message of the chat is ours (a status tick or "You:" label in the row). */
  lastIsMine: boolean;
  muted: boolean;
  selected: boolean;
  /** The last message as shown in the row (`title` of the preview span). Never leaves the content script. */
  preview?: string;
  /** The row shows a typing or recording indicator in place of its last message (no preview then). */
  typing?: boolean;
  /** The preview's leading bold text (a signature such as "Ana:"), when it starts with one. */
  signature?: string;
  /** The row's time label as shown ("10:42", "Yesterday", a date). */
  timeLabel?: string;
  /** Minutes since local midnight when `timeLabel` is a clock time ("10:42", "2:05 PM"); absent otherwise. */
  timeOfDay?: number;
}

/** Which independent signals said what about a message's direction. */
export interface DirectionSignals {
  /** `true_`/`false_` prefix of data-id. */
  dataId?: 'in' | 'out';
  /** `message-in` / `message-out` class. */
  cls?: 'in' | 'out';
  /** `tail-in` / `tail-out` icon. WhatsApp draws the tail only on the first message of a run of
   *  same-sender messages, so a tail-less bubble inherits the tail of its run (`tailFromRun`). */
  tail?: 'in' | 'out';
  tailFromRun?: true;
  /** An ack icon (msg-time / msg-check / msg-dblcheck): outgoing only; its absence says nothing. */
  ack?: 'out';
}

export interface MessageState {
  /** Stanza id (a group's participant number left out); identical for every linked device. */
  key: string;
  chatKey: string;
  /** The chat's own id from data-id (`…@c.us`, `…@lid`, `…@g.us`), when the build shows it. */
  chatId?: string;
  direction: MessageDirection;
  directionSignals: DirectionSignals;
  kind: MessageKind;
  /** Rendered text (formatting markers removed). Never put into an event. */
  text?: string;
  /** Text of the leading bold element when the text starts with it (candidate agent signature). */
  signature?: string;
  author?: string;
  /** Epoch ms, minute precision, from data-pre-plain-text. */
  tsMinute?: number;
  /** 'bottom' for the last message row of the conversation, else 'middle'. */
  position: 'bottom' | 'middle';
}

export type HealthStatus = 'ok' | 'degraded' | 'failed';
export type HealthField =
  | 'list'
  | 'rows.title'
  | 'rows.unread'
  | 'messages.key'
  | 'messages.direction'
  | 'messages.tsMinute'
  | 'header.title';

export interface FieldHealth {
  field: HealthField;
  status: HealthStatus;
  /** Share of checked items that passed, 0..1 (1 when nothing could be checked). */
  coverage: number;
  /** Short, content-free explanation ("37/40 rows have a title"). */
  reason: string;
}

/** A composer submit as reported by the content script: the text itself never leaves it. */
export interface ComposerSubmit {
  at: number;
  textHash: string;
}

/** One observation of the page, as fed to ObserverEngine.observe(). */
export interface ObserveFrame {
  /** Chat-list rows currently rendered; undefined/null when the list could not be read. */
  rows?: readonly RowState[] | null;
  /**
   * The open conversation. `mount` changes whenever the conversation root element is replaced
   * (WhatsApp swaps `#main` on every chat switch); the engine also treats a changed chat key as a mount.
   */
  conversation?: { mount: number; chat: ChatRef; messages: readonly MessageState[] } | null;
  /** Latest health report; the engine keeps the last one it was given. */
  health?: readonly FieldHealth[];
}
