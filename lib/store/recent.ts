import { iso, type InboxEvent } from '../events';
import type { Settings } from '../settings';
import type { AgentDirectory } from '../metrics/agent-directory';
import { buildEpisodes, type Episode } from '../metrics/episodes';
import { LIVE_LOOKBACK_MS, liveView, type LiveView } from '../metrics/live';
import type { PulseDb } from './db';
import { readDirectory } from './rollups-store';

/** The episodes of the recent chat events, as of `now`: what is open, waiting, and today's hours. */
export interface RecentEpisodes {
  /** The instant the events were read from. */
  from: number;
  now: number;
  episodes: Episode[];
  live: LiveView;
  directory: AgentDirectory;
}

const CHAT_TYPES = ['message', 'close', 'return_to_bot'] as const;

/**
 * Reads only the chat events of the lookback (status heartbeats, the bulk of a long log, stay on
 * disk), so its cost follows the recent traffic, not the size of the history.
 */
export async function readRecent(db: PulseDb, settings: Settings, now: number): Promise<RecentEpisodes> {
  const from = now - LIVE_LOOKBACK_MS;
  const range = (type: string) => IDBKeyRange.bound([type, iso(from)], [type, iso(now)], false, true);
  const [parts, { directory }] = await Promise.all([
    Promise.all(CHAT_TYPES.map((type) => db.getAllFromIndex('events', 'type_at', range(type)))),
    readDirectory(db),
  ]);
  const events: InboxEvent[] = parts.flat();
  const episodes = buildEpisodes(events, settings, { now, resolveAgent: directory.resolve });
  return { from, now, episodes, live: liveView(episodes, now), directory };
}
