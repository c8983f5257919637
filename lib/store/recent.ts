import { iso } from '../events';
import type { Settings } from '../settings';
import type { AgentDirectory } from '../metrics/agent-directory';
import { buildEpisodes, chatKey, type Episode } from '../metrics/episodes';
import { LIVE_LOOKBACK_MS, liveView, type LiveView } from '../metrics/live';
import type { PulseDb } from './db';
import { type ChatEvent, readChatEvents, readChatEventsBetween } from './events-store';
import { readDirectory } from './rollups-store';

/** The episodes of the recently active chats, as of `now`: what is open, waiting, and today's hours. */
export interface RecentEpisodes {
  /** Facts from this instant on are complete (every chat with an event since is read). */
  from: number;
  now: number;
  episodes: Episode[];
  live: LiveView;
  directory: AgentDirectory;
}


/**
 * An episode open at `now` had a chat event less than autoCloseAfter ago (else it auto-closed),
 * so only the chats with an event in that window are read, each with its last LIVE_LOOKBACK_MS of
 * history to find where its episode began. The cost follows the recently active chats, not the
 * size of the log (status heartbeats, the bulk of it, are never read).
 */
export async function readRecent(db: PulseDb, settings: Settings, now: number): Promise<RecentEpisodes> {
  const lookback = now - LIVE_LOOKBACK_MS;
  const from = settings.autoCloseAfterS > 0 ? Math.max(lookback, now - settings.autoCloseAfterS * 1000) : lookback;
  const [windowEvents, { directory }] = await Promise.all([readChatEventsBetween(db, from, now), readDirectory(db)]);
  let events = windowEvents;
  if (from !== lookback) {
    const active = new Set(events.map(chatKey));
    const histories = await Promise.all([...new Set(events.map((e) => e.chat))].map((chat) =>
      readChatEvents(db, chat, { since: iso(lookback), to: iso(now) }) as Promise<ChatEvent[]>));
    events = histories.flat().filter((e) => active.has(chatKey(e)));
  }
  const episodes = buildEpisodes(events, settings, { now, resolveAgent: directory.resolve, recordingStart: directory.recordingStart });
  return { from, now, episodes, live: liveView(episodes, now), directory };
}
