import { iso } from '../../lib/events';
import type { PulseDb } from '../../lib/store/db';
import { pruneEventsBefore } from '../../lib/store/retention';
import { loadSettings } from '../../lib/store/settings-item';

export const RETENTION_ALARM = 'retention';
const DAY_MS = 24 * 3600 * 1000;

/** Applies the retention setting: events older than it are deleted, daily and when the worker starts. */
export async function applyRetention(db: Promise<PulseDb>): Promise<void> {
  const { retentionDays } = await loadSettings();
  if (!(retentionDays > 0)) return;
  await pruneEventsBefore(await db, iso(Date.now() - retentionDays * DAY_MS));
}
