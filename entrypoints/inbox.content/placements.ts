import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { RowSnapshot, SiteAdapter } from '../../lib/adapters/site-adapter';
import type { ChatRef } from '../../lib/observe/snapshots';
import type { OverlayState } from '../../components/overlay/overlay-state';
import type { RowPlacement } from '../../components/overlay/RowTimers';

/** Room left at a row's right edge for WhatsApp's own time label and unread badge. */
const ROW_RIGHT_INSET = 64;
/** Room left in the header for WhatsApp's own icons. */
const HEADER_RIGHT_INSET = 140;

const samePlacements = (a: RowPlacement[], b: RowPlacement[]): boolean =>
  a.length === b.length && a.every((p, i) => p.chat === b[i].chat && p.top === b[i].top && p.right === b[i].right && p.height === b[i].height);

const barPlacement = (chat: string, box: DOMRect, doc: Document) =>
  ({ chat, top: box.top + box.height / 2, right: doc.documentElement.clientWidth - box.right + HEADER_RIGHT_INSET });

/**
 * Where the overlay draws: each rendered row's box and the conversation header's. Boxes are read
 * once per animation frame, after the observer's batch or a scroll, never inside the batch itself.
 */
export function trackPlacements(ctx: ContentScriptContext, doc: Document, adapter: SiteAdapter, state: OverlayState) {
  let rows: RowSnapshot[] = [];
  let open: ChatRef | null = null;
  let pending = false;

  const measure = () => {
    pending = false;
    const next = rows.flatMap((row) => {
      if (!row.element.isConnected) return [];
      const box = row.element.getBoundingClientRect();
      return box.height > 0 ? [{ chat: row.key, top: box.top, right: box.right - ROW_RIGHT_INSET, height: box.height }] : [];
    });
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
    ctx.requestAnimationFrame(measure);
  };

  // Scrolling moves rows without any mutation the observer would see.
  ctx.addEventListener(doc, 'scroll', schedule, { capture: true, passive: true });
  ctx.addEventListener(window, 'resize', schedule, { passive: true });

  return {
    update(nextRows: RowSnapshot[], nextOpen: ChatRef | null) {
      rows = nextRows;
      open = nextOpen;
      schedule();
    },
  };
}
