/** Chat-list readers: the list container and its rows (docs/architecture.md#reading-whatsapp-web). */
import { chatKeyOf } from '../../observe/normalize';
import type { Unread } from '../../observe/snapshots';
import type { ReadCache, RowSnapshot } from '../site-adapter';
import { cssString, labelTables, langOf, lastingFirst, queryAllFirst, queryFirst, selfOrFirst, withLabels } from './dom';
import { RowReadCache } from './read-cache';
import { ACK_ICON, BADGE_COUNT, TYPING_PREVIEW, UNREAD_HINT, app, chatList, message, row } from './selectors';
import { noteDate } from './date-order';
import { parseClock } from './timestamp';

export function appRoot(doc: Document): Element | null {
  return queryFirst(doc, app.root);
}

export function appReady(doc: Document): boolean {
  return !!queryFirst(doc, app.root) && !!queryFirst(doc, app.side) && !!findChatList(doc);
}

export function findChatList(doc: Document): Element | null {
  return lastingFirst(doc, withLabels(doc, chatList.container, (t) => t.chatList.map((label) => `[aria-label="${cssString(label)}"]`)));
}

export function rowElements(doc: Document): Element[] {
  return queryAllFirst(doc, chatList.rows);
}

/** The title of a row (its `title` attribute), or undefined. */
export function rowTitle(el: Element): string | undefined {
  const t = queryFirst(el, row.title)?.getAttribute('title');
  return t && t.trim() ? t : undefined;
}

export type BadgeParse = { unread: Unread; badge: 'none' | 'parsed' | 'unparsed' };

/** Unread badge: structural (digits-only leaf in gridcell 2) first, then localised aria-labels. */
export function rowUnread(el: Element, doc: Document): BadgeParse {
  for (const s of row.unreadStructural) {
    for (const span of Array.from(el.querySelectorAll(s))) {
      if (span.childElementCount) continue;
      const m = BADGE_COUNT.exec(span.textContent ?? '');
      if (m) return { unread: Number(m[1]), badge: 'parsed' };
    }
  }
  const tables = labelTables(doc);
  let sawUnreadish = false;
  for (const e of Array.from(el.querySelectorAll('[aria-label]'))) {
    const label = (e.getAttribute('aria-label') ?? '').trim();
    for (const t of tables) {
      const m = t.unread.exec(label);
      if (!m) continue;
      if (m[1] !== undefined) return { unread: Number(m[1]), badge: 'parsed' };
      // No count in the label: the text may still hold it; else the chat was marked unread by hand.
      const text = BADGE_COUNT.exec(e.textContent ?? '');
      return { unread: text ? Number(text[1]) : 'marked', badge: 'parsed' };
    }
    if (UNREAD_HINT.test(label)) sawUnreadish = true;
  }
  return { unread: 0, badge: sawUnreadish ? 'unparsed' : 'none' };
}

// Yes/no fields: a match of any strategy is the answer whatever its rank, so the row (new nodes on
// every re-render) is walked once with them all rather than once per strategy that finds nothing.
const ANY_YOU_LABEL = row.youLabel.join(',');
const ANY_STATUS_ICON = row.lastStatusIcon.join(',');
const ANY_MUTED = row.muted.join(',');

/** The row's last message is ours: an ack icon in the status slot, or the groups' "You:" label. */
export function rowLastIsMine(el: Element): boolean {
  if (el.querySelector(ANY_YOU_LABEL)) return true;
  for (const icon of Array.from(el.querySelectorAll(ANY_STATUS_ICON))) {
    if (ACK_ICON.test(icon.getAttribute('data-icon') ?? '')) return true;
  }
  return false;
}

export function rowPreview(el: Element): string | undefined {
  const p = queryFirst(el, row.preview);
  const t = p?.getAttribute('title');
  return t ?? (p?.textContent || undefined);
}

/** The preview's leading bold text when the preview starts with it: a signature the list shows. */
export function rowSignature(el: Element, preview: string): string | undefined {
  const p = queryFirst(el, row.preview);
  const bold = p && queryFirst(p, message.bold);
  const text = bold?.textContent?.trim();
  return text && preview.trimStart().startsWith(text) ? text : undefined;
}

/** Time label: test id, else the next sibling of the title's cell (title and time share a line). */
export function rowTimeLabel(el: Element): string | undefined {
  const byId = queryFirst(el, row.time);
  if (byId) return byId.textContent?.trim() || undefined;
  let node: Element | null = queryFirst(el, row.title);
  for (let depth = 0; node && node !== el && depth < 4; depth++, node = node.parentElement) {
    const sib = node.nextElementSibling;
    const text = sib?.textContent?.trim();
    if (sib && text && text.length <= 24 && !sib.querySelector('[title]')) return text;
  }
  return undefined;
}

export function rowSelected(el: Element): boolean {
  return !!selfOrFirst(el, row.selected);
}

export function rowMuted(el: Element): boolean {
  return !!el.querySelector(ANY_MUTED);
}

/** One row's snapshot, or null for a row without a title. */
export function readRow(el: Element, doc: Document): RowSnapshot | null {
  const title = rowTitle(el);
  if (!title) return null;
  const timeLabel = rowTimeLabel(el);
  const timeOfDay = timeLabel === undefined ? undefined : parseClock(timeLabel);
  if (timeLabel !== undefined && timeOfDay === undefined) noteDate(doc, timeLabel);
  const snap: RowSnapshot = {
    key: chatKeyOf(title),
    title,
    unread: rowUnread(el, doc).unread,
    lastIsMine: rowLastIsMine(el),
    muted: rowMuted(el),
    selected: rowSelected(el),
    element: el,
  };
  const preview = rowPreview(el);
  if (preview !== undefined && TYPING_PREVIEW.test(preview.trim())) snap.typing = true;
  else if (preview !== undefined) {
    snap.preview = preview;
    const signature = rowSignature(el, preview);
    if (signature) snap.signature = signature;
  }
  if (timeLabel !== undefined) snap.timeLabel = timeLabel;
  if (timeOfDay !== undefined) snap.timeOfDay = timeOfDay;
  return snap;
}

/**
 * With the adapter's cache, only the rows whose subtree changed are read again, and the row
 * elements are followed in the chat list rather than found again (they are recycled in place).
 */
export function readRows(doc: Document, cache?: ReadCache): RowSnapshot[] {
  const rowCache = cache instanceof RowReadCache ? cache : null;
  const list = rowCache && findChatList(doc);
  const followed = list ? rowCache.rows(list, chatList.rows) : [];
  const lang = langOf(doc);
  const out: RowSnapshot[] = [];
  // Rows the container does not hold (a layout where they sit beside it) are still found.
  for (const el of followed.length ? followed : rowElements(doc)) {
    const snap = rowCache ? rowCache.read(el, lang, () => readRow(el, doc)) : readRow(el, doc);
    if (snap) out.push(snap);
  }
  return out;
}
