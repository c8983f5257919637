/**
 * Storing a batch of validated events, as the member of the current transaction (see
 * session.ts): each id is stored once per team and, as in the import, the preferred copy
 * wins (formats/merge.ts). A replaced event takes a new seq, so a reader following the
 * stored order (event-feed.ts) sees its new copy.
 */
import { type InboxEvent, messageId } from '../lib/events';
import { mergeInto, shouldReplace } from '../lib/formats/merge';
import type { Query } from './database';

export interface StoreResult { accepted: number; duplicates: number }

const supersedes = (e: InboxEvent): string | null => (e.type === 'link' ? messageId(e.site, e.chat, e.msg) : null);

export async function storeEvents(query: Query, events: InboxEvent[]): Promise<StoreResult> {
  const batch = new Map<string, InboxEvent>();
  mergeInto(batch, events);
  const incoming = [...batch.values()];
  await query('SELECT hub_lock_team()');
  // The bodies travel as one text, a line each (JSON has no raw newline): a text[] parameter
  // would cost escaping every quote of every event, on both sides.
  const inserted = await query<{ id: string }>(
    `INSERT INTO events (body, supersedes) SELECT b::json, s FROM unnest(string_to_array($1, E'\\n'), $2::text[]) AS u(b, s)
     ON CONFLICT (team, id) DO NOTHING RETURNING id`,
    [incoming.map((e) => JSON.stringify(e)).join('\n'), incoming.map(supersedes)],
  );
  const isNew = new Set(inserted.map((r) => r.id));
  const replaced = await replaceWeaker(query, incoming.filter((e) => !isNew.has(e.id)));
  const accepted = inserted.length + replaced;
  return { accepted, duplicates: events.length - accepted };
}

/**
 * Overwrites the stored copies that `events` beat; returns how many. A copy this member may
 * not see (another agent's own fact) stays as it is: an agent never overwrites another's.
 */
async function replaceWeaker(query: Query, events: InboxEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  const stored = await query<{ body: string }>('SELECT body::text AS body FROM events WHERE id = ANY($1::text[]) FOR UPDATE', [events.map((e) => e.id)]);
  const existing = new Map(stored.map((r) => {
    const e = JSON.parse(r.body) as InboxEvent;
    return [e.id, e];
  }));
  const winners = events.filter((e) => existing.has(e.id) && shouldReplace(existing.get(e.id), e));
  if (winners.length === 0) return 0;
  await query(
    `UPDATE events SET body = u.b::json, supersedes = u.s, seq = DEFAULT
     FROM unnest($1::text[], $2::text[], $3::text[]) AS u(id, b, s) WHERE events.id = u.id`,
    [winners.map((e) => e.id), winners.map((e) => JSON.stringify(e)), winners.map(supersedes)],
  );
  return winners.length;
}
