/**
 * Routing. The message text never reaches the event log: the content script matches the
 * configured options and keywords and writes the label in a customer message's `route`.
 * What the engine decides is which message's route counts, in docs/metrics.md's order:
 * 1. the route of the first customer message that answers a bot message (the latest outgoing
 *    message before it was the bot's, so a menu answer sent as a burst still counts), because
 *    a menu choice is the customer's explicit answer to the bot;
 * 2. else the route of the episode's first customer message (a keyword in the opening line);
 * 3. else `unrouted`.
 * A route carried by any other customer message is ignored.
 */
import type { Range } from './periods';

export const UNROUTED = 'unrouted';

export interface RouteCandidates {
  /** Route of the first customer message answering a bot message, once seen. */
  answer: string | null;
  /** Route of the first customer message; undefined until there is one. */
  first: string | null | undefined;
}

export function chooseRoute(c: RouteCandidates): string {
  return c.answer ?? c.first ?? UNROUTED;
}

export interface RouteCount {
  route: string;
  episodes: number;
}

/** Episodes per route, counted in the period of the episode start; most frequent first. */
export function routeDistribution(episodes: Iterable<{ route: string; openedAt: number }>, range: Range): RouteCount[] {
  const counts = new Map<string, number>();
  for (const ep of episodes) {
    if (ep.openedAt < range.from || ep.openedAt >= range.to) continue;
    counts.set(ep.route, (counts.get(ep.route) ?? 0) + 1);
  }
  return [...counts].map(([route, n]) => ({ route, episodes: n })).sort((a, b) => b.episodes - a.episodes || (a.route < b.route ? -1 : 1));
}
