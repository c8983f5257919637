import { iso, type InboxEvent } from '../../lib/events';
import type { LiveChat } from '../../lib/messaging';
import { buildEpisodes } from '../../lib/metrics/episodes';
import type { PulseDb } from '../../lib/store/db';
import { readChatEvents, readEvents } from '../../lib/store/events-store';
import { loadSettings } from '../../lib/store/settings-item';

/** Open episodes can outlive autoCloseAfter only by being active, so a week of history covers any real one. */
const LOOKBACK_MS = 7 * 24 * 3600 * 1000;

/**
 * The open episode of every chat, for the inbox overlay's timers. Kept in memory, rebuilt from
 * IndexedDB when the worker starts, and recomputed per chat when that chat's events land, so its
 * cost follows the traffic, not the size of the database.
 */
export function createLiveBoard(db: Promise<PulseDb>) {
  const chats = new Map<string, LiveChat>();

  const recompute = (chat: string, events: InboxEvent[], settings: Awaited<ReturnType<typeof loadSettings>>, now: number): void => {
    const open = buildEpisodes(events, settings, { now }).filter((e) => e.chat === chat && e.closedAt === null).at(-1);
    if (!open) { chats.delete(chat); return; }
    chats.set(chat, {
      chat,
      openedAt: open.openedAt,
      waitingSince: open.waitingLive ? open.waitingSince : null,
      firstResponseS: open.waits[0] ? open.waits[0].ms / 1000 : null,
    });
  };

  const ready = (async () => {
    const [store, settings] = [await db, await loadSettings()];
    const now = Date.now();
    const recent = await readEvents(store, iso(now - LOOKBACK_MS));
    const byChat = new Map<string, InboxEvent[]>();
    for (const e of recent) {
      if (!('chat' in e) || typeof e.chat !== 'string') continue;
      const list = byChat.get(e.chat);
      if (list) list.push(e);
      else byChat.set(e.chat, [e]);
    }
    for (const [chat, events] of byChat) recompute(chat, events, settings, now);
  })();

  return {
    /** Recomputes the chats a stored batch touched. */
    async update(batch: readonly InboxEvent[]): Promise<void> {
      await ready;
      const touched = new Set(batch.flatMap((e) => ('chat' in e && typeof e.chat === 'string' ? [e.chat] : [])));
      if (touched.size === 0) return;
      const [store, settings] = [await db, await loadSettings()];
      const now = Date.now();
      for (const chat of touched) recompute(chat, await readChatEvents(store, chat, iso(now - LOOKBACK_MS)), settings, now);
    },
    async snapshot(): Promise<LiveChat[]> {
      await ready;
      return [...chats.values()];
    },
  };
}
