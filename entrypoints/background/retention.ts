import { iso } from '../../lib/events';
import type { PulseDb } from '../../lib/store/db';
import { dayKey } from '../../lib/metrics/periods';
import { pruneEventsBefore, pruneRollupsBefore } from '../../lib/store/retention';
import { loadSettings } from '../../lib/store/settings-item';

export const RETENTION_ALARM = 'retention';
const DAY_MS = 24 * 3600 * 1000;

/**
 * Applies the retention setting, daily and when the worker starts: events older than it are
 * deleted, and the rollups of the days wholly before it.
 */
export async function applyRetention(db: Promise<PulseDb>): Promise<void> {
  const { retentionDays, timeZone } = await loadSettings();
  if (!(retentionDays > 0)) return;
  const cutoff = Date.now() - retentionDays * DAY_MS;
  await pruneEventsBefore(await db, iso(cutoff));
  await pruneRollupsBefore(await db, dayKey(cutoff, timeZone));
}
