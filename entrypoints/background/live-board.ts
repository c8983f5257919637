import { iso, type InboxEvent } from '../../lib/events';
import type { LiveChat } from '../../lib/messaging';
import { buildEpisodes } from '../../lib/metrics/episodes';
import { LIVE_LOOKBACK_MS } from '../../lib/metrics/live';
import { ChunkCache } from '../../lib/store/chunk-cache';
import type { PulseDb } from '../../lib/store/db';
import { readChatEvents, readEvents } from '../../lib/store/events-store';
import { loadSettings } from '../../lib/store/settings-item';

/** Short enough for a timer to appear within a second of the message, long enough to gather a burst. */
const FLUSH_DELAY_MS = 150;
/** The touched chats' chunks kept between flushes: a busy chat's week is read once, then only its new chunks. */
const CACHED_EVENTS = 10_000;

/**
 * The open episode of every chat, for the inbox overlay's timers. Kept in memory, rebuilt from
 * IndexedDB when the worker starts, and recomputed per chat when that chat's events land, so its
 * cost follows the traffic, not the size of the database.
 */
export function createLiveBoard(db: Promise<PulseDb>, onChange: (chats: LiveChat[]) => void) {
  const chats = new Map<string, LiveChat>();
  const chunks = new ChunkCache(CACHED_EVENTS);
  const touched = new Set<string>();
  let scheduled = false;
  /** The board last sent, as compared (see flush). */
  let sent = '';

  const recompute = (chat: string, events: InboxEvent[], settings: Awaited<ReturnType<typeof loadSettings>>, now: number): void => {
    const open = buildEpisodes(events, settings, { now }).filter((e) => e.chat === chat && e.closedAt === null).at(-1);
    if (!open) { chats.delete(chat); return; }
    chats.set(chat, {
      chat,
      openedAt: open.openedAt,
      waitingSince: open.waitingSince,
      ...(open.waitingApprox ? { approximate: true } : {}),
      firstResponseS: open.waits[0] ? open.waits[0].ms / 1000 : null,
    });
  };

  const ready = (async () => {
    const [store, settings] = [await db, await loadSettings()];
    const now = Date.now();
    const recent = await readEvents(store, iso(now - LIVE_LOOKBACK_MS));
    const byChat = new Map<string, InboxEvent[]>();
    for (const e of recent) {
      if (!('chat' in e) || typeof e.chat !== 'string') continue;
      const list = byChat.get(e.chat);
      if (list) list.push(e);
      else byChat.set(e.chat, [e]);
    }
    for (const [chat, events] of byChat) recompute(chat, events, settings, now);
  })();

  const flush = async (): Promise<void> => {
    await ready;
    const [store, settings] = [await db, await loadSettings()];
    const now = Date.now();
    const batch = [...touched];
    touched.clear();
    scheduled = false;
    for (const chat of batch) recompute(chat, await readChatEvents(store, chat, { since: iso(now - LIVE_LOOKBACK_MS), cache: chunks }), settings, now);
    // Most messages of a burst go to chats already waiting: the board is the same, and the inbox
    // tabs are not woken to re-render it (a tab that connects is sent the board anyway).
    const board = [...chats.values()];
    const signature = board.map((c) => [c.chat, c.openedAt, c.waitingSince, c.approximate, c.firstResponseS].join('\u0000')).sort().join('\n');
    if (signature === sent) return;
    sent = signature;
    onChange(board);
  };

  return {
    /**
     * Notes the chats a stored batch touched and recomputes them shortly after, once for a whole
     * burst, so the write path never waits for the board. A batch that says more follow (the tab is
     * still sending its burst) only notes them: the board's reads would compete with the burst's
     * writes, and the burst's last batch comes within milliseconds (or is sent again when the tab
     * reconnects, never having been acknowledged).
     */
    touch(batch: readonly InboxEvent[], more = false): void {
      for (const e of batch) if ('chat' in e && typeof e.chat === 'string') touched.add(e.chat);
      if (more || scheduled || touched.size === 0) return;
      scheduled = true;
      setTimeout(() => void flush().catch((error) => console.error('Inbox Pulse: live board not updated', error)), FLUSH_DELAY_MS);
    },
    async snapshot(): Promise<LiveChat[]> {
      await ready;
      return [...chats.values()];
    },
  };
}
