/**
 * GET /v1/report: the `report --json` object (lib/report) for the member's team, with the
 * report command's rules for from, to and tz. A message superseded by a link is left out.
 */
import type { InboxEvent } from '../lib/events';
import { parseInstant } from '../lib/metrics/periods';
import { isValidTimeZone } from '../lib/metrics/time-zone';
import { type ReportJson, buildReport } from '../lib/report/build';
import type { Settings } from '../lib/settings';
import type { Query } from './database';

export class ReportQueryError extends Error {}

export interface ReportParams { from?: string; to?: string; tz?: string }

function instant(name: string, text: string | undefined, tz: string): number | undefined {
  if (text === undefined) return undefined;
  const t = parseInstant(text, tz);
  if (t === null) throw new ReportQueryError(`bad "${name}": ${text} (expected an ISO-8601 time such as 2026-11-24T10:41:07.250Z, or a date YYYY-MM-DD)`);
  return t;
}

/** `to` by default: the time of the team's last event (now when there is none); `to=now`: now. */
async function periodEnd(query: Query, to: string | undefined, tz: string, now: number): Promise<number> {
  if (to === 'now') return now;
  if (to !== undefined) return instant('to', to, tz)!;
  const [{ last }] = await query<{ last: string | null }>('SELECT max(at) AS last FROM events');
  return last ? Date.parse(last) : now;
}

export async function teamReport(query: Query, params: ReportParams, settings: Settings, now: number): Promise<ReportJson> {
  const tz = params.tz ?? settings.timeZone;
  if (!isValidTimeZone(tz)) throw new ReportQueryError(`unknown time zone: ${tz}`);
  const from = instant('from', params.from, tz);
  const to = await periodEnd(query, params.to, tz, now);
  if (from !== undefined && from >= to) throw new ReportQueryError('"from" must be before "to"');
  return buildReport(await reportedEvents(query, to), { settings, from, to, tz });
}

/** The team's events before `to` that count: all but the messages a link superseded. */
export async function reportedEvents(query: Query, to: number): Promise<InboxEvent[]> {
  const rows = await query<{ body: string }>(
    `SELECT e.body::text AS body FROM events e
     WHERE e.at < $1 AND NOT EXISTS (SELECT 1 FROM events l WHERE l.team = e.team AND l.supersedes = e.id)`,
    [new Date(to).toISOString()],
  );
  return rows.map((r) => JSON.parse(r.body) as InboxEvent);
}
