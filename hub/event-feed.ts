/**
 * GET /v1/events: the team's events in stored order, a page at a time. The cursor is the
 * last seq the reader has; events stored later (or replaced later) come after it.
 */
import type { Query } from './database';

export const DEFAULT_LIMIT = 1000;
export const MAX_LIMIT = 10_000;

export interface FeedPage { lines: string[]; cursor: string }

export class FeedError extends Error {}

function pageParams(after: string | undefined, limit: string | undefined): { after: string; limit: number } {
  if (after !== undefined && !/^\d{1,18}$/.test(after)) throw new FeedError('"after" must be a cursor from a Hub-Cursor header');
  if (limit !== undefined && !/^\d{1,6}$/.test(limit)) throw new FeedError(`"limit" must be a number from 1 to ${MAX_LIMIT}`);
  const n = limit === undefined ? DEFAULT_LIMIT : Number(limit);
  if (n < 1 || n > MAX_LIMIT) throw new FeedError(`"limit" must be a number from 1 to ${MAX_LIMIT}`);
  return { after: after ?? '0', limit: n };
}

export async function readFeed(query: Query, params: { after?: string; limit?: string }): Promise<FeedPage> {
  const { after, limit } = pageParams(params.after, params.limit);
  const rows = await query<{ cursor: string; body: string }>(
    'SELECT seq::text AS cursor, body::text AS body FROM events WHERE seq > $1::bigint ORDER BY seq LIMIT $2',
    [after, limit],
  );
  return { lines: rows.map((r) => r.body), cursor: rows.length ? rows[rows.length - 1].cursor : after };
}
