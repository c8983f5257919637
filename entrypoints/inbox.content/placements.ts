import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { throttle } from '../../lib/throttle';
import type { RowSnapshot, SiteAdapter } from '../../lib/adapters/site-adapter';
import type { ChatRef } from '../../lib/observe/snapshots';
import type { OverlayState } from '../../components/overlay/overlay-state';
import type { RowPlacement } from '../../components/overlay/timer-placement';

/**
 * Rows moved by observer batches are measured at most this often (the timers frame hears of them
 * no more often either: components/overlay/timers-link.ts); scrolling and resizing are followed
 * on every frame.
 */
const MEASURE_BATCHES_EVERY_MS = 250;
/** Room left at a row's right edge for WhatsApp's own time label and unread badge. */
const ROW_RIGHT_INSET = 64;
/** Room left in the header for WhatsApp's own icons. */
const HEADER_RIGHT_INSET = 140;

const samePlacements = (a: RowPlacement[], b: RowPlacement[]): boolean =>
  a.length === b.length && a.every((p, i) => p.chat === b[i].chat && p.top === b[i].top && p.right === b[i].right && p.height === b[i].height);

const barPlacement = (chat: string, box: DOMRect, doc: Document) =>
  ({ chat, top: box.top + box.height / 2, right: doc.documentElement.clientWidth - box.right + HEADER_RIGHT_INSET });

/**
 * Where the overlay draws: each rendered row's box and the conversation header's.
 *
 * Boxes are read right after what moved them, in the same frame: observer batches run in an
 * animation frame and scroll/resize events are dispatched in the frame's own steps, both after the
 * page's writes, so a read in a microtask right after them gets the layout that frame computes
 * anyway rather than forcing another (and the overlay follows in that frame, not the next). A
 * hidden tab draws no frames: nothing is read until it is shown again. During a burst (a busy
 * inbox re-sorts its list on every message) the boxes are read a few times a second, not per
 * batch; a late read waits for the next frame, after the page's writes, for the same reason.
 */
export function trackPlacements(ctx: ContentScriptContext, doc: Document, adapter: SiteAdapter, state: OverlayState) {
  let rows: RowSnapshot[] = [];
  let open: ChatRef | null = null;
  let chatOf = (titleKey: string) => titleKey;
  let pending = false;
  // Not ctx.isValid: it asks the extension API each time, a tenth of a millisecond per measure.
  let valid = true;

  const measure = () => {
    pending = false;
    if (!valid || doc.hidden) return;
    const next = rows.flatMap((row) => {
      if (!row.element.isConnected) return [];
      const box = row.element.getBoundingClientRect();
      return box.height > 0 ? [{ chat: chatOf(row.key), top: box.top, right: box.right - ROW_RIGHT_INSET, height: box.height }] : [];
    });
    // In chat order, not DOM order (recycled rows change it): timers keep their place among their
    // siblings instead of being moved around the overlay's DOM when the list re-sorts.
    next.sort((a, b) => (a.chat < b.chat ? -1 : a.chat > b.chat ? 1 : 0));
    // Most batches move nothing: an unchanged placement must not re-render the overlay.
    if (!samePlacements(next, state.rows.value)) state.rows.value = next;
    const header = open && adapter.headerSlot(doc);
    const bar = open && header ? barPlacement(open.key, header.getBoundingClientRect(), doc) : null;
    const was = state.openChat.value;
    if (bar?.chat !== was?.chat || bar?.top !== was?.top || bar?.right !== was?.right) state.openChat.value = bar;
  };
  const schedule = () => {
    if (pending) return;
    pending = true;
    queueMicrotask(measure);
  };

  // Scrolling moves rows without any mutation the observer would see.
  ctx.addEventListener(doc, 'scroll', schedule, { capture: true, passive: true });
  ctx.addEventListener(window, 'resize', schedule, { passive: true });
  ctx.addEventListener(doc, 'visibilitychange', schedule);

  const batchMoved = throttle((late) => (late ? requestAnimationFrame(schedule) : schedule()), MEASURE_BATCHES_EVERY_MS);
  ctx.onInvalidated(() => {
    valid = false;
    batchMoved.cancel();
  });

  return {
    /** `chatKey`: the chat a row's title key stands for (ObserverEngine.chatKey). */
    update(nextRows: RowSnapshot[], nextOpen: ChatRef | null, chatKey: (titleKey: string) => string) {
      rows = nextRows;
      open = nextOpen;
      chatOf = chatKey;
      batchMoved.request();
    },
  };
}
