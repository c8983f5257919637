/**
 * One fact, one stored event: events are keyed by id, and when the same id arrives again
 * (a second file, a second browser, a re-import) the preferred copy is kept. The choice is a
 * total order, so merging is idempotent, commutative and associative: any files in any order
 * give the same store, and importing a file twice changes nothing.
 *
 * Copies of one fact may differ only where observers legitimately differ (a message's
 * attribution, liveness, time seen, title; when an agent identity was recorded; unknown
 * fields). A copy that differs in what makes the fact (conflictOf) is another fact under the
 * same id: a file that holds one is rejected (event-log.ts), never merged.
 */
import { ATTRIBUTION_RANK, type EventType, type InboxEvent } from '../events';
import { withoutSuperseded } from './links';

/** Per type, the fields that make the fact; ids are derived from them (events.ts). */
const IDENTITY: Record<EventType, readonly string[]> = {
  agent: ['agent', 'name', 'team'],
  message: ['site', 'chat', 'msg', 'dir'],
  close: ['at', 'site', 'chat', 'agent'],
  return_to_bot: ['at', 'site', 'chat', 'agent'],
  status: ['at', 'agent', 'status', 'reason'],
  link: ['site', 'chat', 'msg', 'toChat', 'toMsg'],
};

/** The first field that makes two same-id events different facts; null when they are copies of one. */
export function conflictOf(a: InboxEvent, b: InboxEvent): string | null {
  if (a.type !== b.type) return 'type';
  return IDENTITY[a.type].find((field) => a[field] !== b[field]) ?? null;
}

/**
 * The copy to keep: the strongest attribution (local > signature > none, docs/metrics.md); then a
 * live observation over a backfilled one (its time is the one live timers saw); then the
 * earliest time; then, only to make the choice deterministic, the smaller serialisation.
 */
export function preferredEvent(a: InboxEvent, b: InboxEvent): InboxEvent {
  if (a.type === 'message' && b.type === 'message') {
    const rank = ATTRIBUTION_RANK[a.attribution] - ATTRIBUTION_RANK[b.attribution];
    if (rank !== 0) return rank > 0 ? a : b;
    if (a.live !== b.live) return a.live ? a : b;
  }
  if (a.at !== b.at) return a.at < b.at ? a : b;
  return JSON.stringify(a) <= JSON.stringify(b) ? a : b;
}

/** True when `incoming` should overwrite `existing` (same id) in a store. */
export function shouldReplace(existing: InboxEvent | undefined, incoming: InboxEvent): boolean {
  if (!existing) return true;
  return preferredEvent(existing, incoming) !== existing && JSON.stringify(existing) !== JSON.stringify(incoming);
}

export interface MergeStats {
  added: number;
  replaced: number;
  unchanged: number;
}

/** Merges `incoming` into `store` (mutated) by id. */
export function mergeInto(store: Map<string, InboxEvent>, incoming: Iterable<InboxEvent>): MergeStats {
  const stats: MergeStats = { added: 0, replaced: 0, unchanged: 0 };
  for (const e of incoming) {
    const existing = store.get(e.id);
    if (!shouldReplace(existing, e)) stats.unchanged++;
    else {
      store.set(e.id, e);
      if (existing) stats.replaced++;
      else stats.added++;
    }
  }
  return stats;
}

/** All events of all lists, one per id, without the messages a link supersedes (links.ts). */
export function mergeEvents(...lists: Iterable<InboxEvent>[]): InboxEvent[] {
  const store = new Map<string, InboxEvent>();
  for (const list of lists) mergeInto(store, list);
  return withoutSuperseded([...store.values()]);
}

/** Export order (docs/formats.md): by time, ties by id. ISO strings of one format sort as times. */
export const byTimeThenId = (a: InboxEvent, b: InboxEvent): number =>
  a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
