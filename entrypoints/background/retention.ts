import { iso } from '../../lib/events';
import type { PulseDb } from '../../lib/store/db';
import { dayKey } from '../../lib/metrics/periods';
import { pruneEventsBefore, pruneEventsFrom, pruneRollupsOutside } from '../../lib/store/retention';
import { loadSettings } from '../../lib/store/settings-item';

export const RETENTION_ALARM = 'retention';
const DAY_MS = 24 * 3600 * 1000;
/** How far ahead of this clock an event may be dated (another browser's clock, a zone's day). */
const FUTURE_SLACK_MS = DAY_MS;

/**
 * Applies the retention setting, daily and when the worker starts: events older than it are
 * deleted, and so are events dated more than a day ahead, retention or not (they would never age
 * out); the rollups of the days wholly outside that window go, and its edge days are rebuilt.
 */
export async function applyRetention(db: Promise<PulseDb>): Promise<void> {
  const { retentionDays, timeZone } = await loadSettings();
  const now = Date.now();
  const ahead = now + FUTURE_SLACK_MS;
  const cutoff = retentionDays > 0 ? now - retentionDays * DAY_MS : null;
  if (cutoff !== null) await pruneEventsBefore(await db, iso(cutoff));
  await pruneEventsFrom(await db, iso(ahead));
  await pruneRollupsOutside(await db, { first: cutoff === null ? undefined : dayKey(cutoff, timeZone), last: dayKey(ahead, timeZone) });
}
