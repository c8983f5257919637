/**
 * The site-independent adapter interface: DOM readers that turn one inbox site's page into the
 * plain snapshots of ../observe/snapshots.ts. Readers take the Document/Element as a parameter
 * (tests pass jsdom documents) and never call extension APIs.
 *
 * CHAT KEY DECISION (used everywhere): the chat key is the chat TITLE normalised by
 * `chatKeyOf` (NFC, bidi controls removed, trimmed, inner whitespace collapsed).
 * Why: WhatsApp's chat-list rows carry no jid in the DOM (no data-id, no href; docs/architecture.md#reading-whatsapp-web "Chat
 * row"), and the open conversation's header shows only the title; message data-ids carry the
 * jid but only for the open chat, and 2026 builds may drop it (bare ids) or switch @c.us to @lid
 * mid-conversation (docs/architecture.md#reading-whatsapp-web). The title is the one identity both the list and the open
 * chat show, so list signals and conversation messages meet on it.
 * Costs: renaming a contact starts a new key, and two chats with the same title share one.
 */
import type { ChatRef, FieldHealth, MessageState, RowState } from '../observe/snapshots';

export type { ChatRef, FieldHealth, HealthField, HealthStatus, MessageState, RowState } from '../observe/snapshots';

/** A chat-list row. `element` is for the overlay (timer positions) only: never send it anywhere. */
export interface RowSnapshot extends RowState {
  element: Element;
}

/** A message row of the open conversation (no element: message rows are recycled). */
export type MessageSnapshot = MessageState;

/**
 * Reads of DOM elements kept while the element's subtree is unchanged. Large conversations have
 * hundreds of message rows: reading each on every batch costs milliseconds, reading only the ones
 * that mutated costs microseconds. `'all'` forgets everything (mutations were not observed).
 */
export interface ReadCache {
  invalidate(records: readonly MutationRecord[] | 'all'): void;
}

export interface SiteAdapter {
  readonly site: 'whatsapp';
  /** The element the single MutationObserver watches (`#app`), or null while the page boots. */
  appRoot(doc: Document): Element | null;
  /** The app shell and the chat list are rendered (not the QR/loading screen). */
  appReady(doc: Document): boolean;
  /** The chat-list container, or null. */
  chatList(doc: Document): Element | null;
  /**
   * Rendered chat rows with a title, in DOM order (rows without a title are skipped; health counts
   * them). With a `cache`, rows whose subtree did not change are not read again.
   */
  readRows(doc: Document, cache?: ReadCache): RowSnapshot[];
  /** The open chat from the conversation header, or null when no chat is open. */
  openChat(doc: Document): ChatRef | null;
  /** The conversation root; a new element means a new mount (WhatsApp swaps it on chat switch). */
  conversationRoot(doc: Document): Element | null;
  /**
   * Keyed message rows of a conversation root, in DOM order. With a `cache` (from createReadCache),
   * rows whose subtree did not change since they were last read are not read again.
   */
  readMessages(root: Element, cache?: ReadCache): MessageSnapshot[];
  /**
   * A per-element read cache for readRows, readMessages and health. Whoever passes it must report every
   * mutation under the app root to `invalidate` before the next read (the DOM observer does).
   */
  createReadCache?(): ReadCache;
  /** The message composer (contenteditable), or null. */
  composer(doc: Document): Element | null;
  /** The composer's text as the agent typed it (emoji images as their alt text, paragraphs as newlines). */
  composerText(doc: Document): string | null;
  /** True when `target` is (inside) the composer's send control. */
  isSendControl(target: Element): boolean;
  /** Where the overlay's header actions go (the open conversation's header), or null. */
  headerSlot(doc: Document): Element | null;
  /** True for an element whose mutations cannot change any reading (composer, search box). */
  isNoise(el: Element): boolean;
  /** Per-field health with docs/architecture.md#reading-whatsapp-web thresholds. */
  health(doc: Document, cache?: ReadCache): FieldHealth[];
}
