/**
 * The live sections (open chats per owner, unanswered chats), as of `now`. Build the episodes
 * with the same `now` so idle episodes are already auto-closed.
 */
import type { Site } from '../events';
import type { Episode } from './episodes';

/** Open episodes can outlive autoCloseAfter only by being active, so a week of history covers any real one. */
export const LIVE_LOOKBACK_MS = 7 * 24 * 3600 * 1000;

export interface OwnerCount {
  owner: string;
  episodes: number;
}

export interface UnansweredChat {
  episodeId: string;
  site: Site;
  chat: string;
  chatTitle: string;
  owner: string;
  waitingSince: number;
  /** How long the wait has been running at `now`. */
  waitingMs: number;
  /** The wait started with a history message: known to the minute only (shown with ≈). */
  approximate: boolean;
}

export interface LiveView {
  open: OwnerCount[];
  unanswered: UnansweredChat[];
}

export function liveView(episodes: Iterable<Episode>, now: number): LiveView {
  const owners = new Map<string, number>();
  const unanswered: UnansweredChat[] = [];
  for (const ep of episodes) {
    if (ep.closedAt !== null || ep.openedAt > now) continue;
    owners.set(ep.owner, (owners.get(ep.owner) ?? 0) + 1);
    // Waits known from history count too (the backlog at load), marked approximate.
    if (ep.waitingSince === null) continue;
    unanswered.push({
      episodeId: ep.id,
      site: ep.site,
      chat: ep.chat,
      chatTitle: ep.chatTitle,
      owner: ep.owner,
      waitingSince: ep.waitingSince,
      waitingMs: now - ep.waitingSince,
      approximate: ep.waitingApprox,
    });
  }
  return {
    open: [...owners].map(([owner, n]) => ({ owner, episodes: n })).sort((a, b) => b.episodes - a.episodes || (a.owner < b.owner ? -1 : 1)),
    // Longest wait first.
    unanswered: unanswered.sort((a, b) => a.waitingSince - b.waitingSince || (a.chat < b.chat ? -1 : a.chat > b.chat ? 1 : 0)),
  };
}
