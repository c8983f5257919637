import type { PulseDb } from '../../lib/store/db';
import { recomputeDirtyDays } from '../../lib/store/rollups-store';
import { loadSettings } from '../../lib/store/settings-item';

/** At most one rebuild per this many ms while batches keep landing. */
export const ROLLUP_DELAY_MS = 2000;

/**
 * Keeps the KPI rollups (lib/store/rollups-store.ts) up to date in the worker: every stored batch
 * has already marked its days dirty in its own transaction; this rebuilds them a little later,
 * so a burst of batches costs one rebuild. A settings change (zone, auto-close, …) or a new agent
 * identity changes the rollup basis, and the next run rebuilds every day. Nothing is lost if the
 * worker stops first: the marks stay, and the next run (or the side panel's query) picks them up.
 */
export function createRollupMaintenance(db: Promise<PulseDb>) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let again = false;

  const run = async (): Promise<void> => {
    if (running) { again = true; return; }
    running = true;
    try {
      await recomputeDirtyDays(await db, { settings: await loadSettings(), now: Date.now() });
    } catch (error) {
      console.error('Inbox Pulse: rollups not rebuilt', error);
    } finally {
      running = false;
      if (again) { again = false; schedule(); }
    }
  };

  // Not reset by later calls: under steady traffic it still fires every ROLLUP_DELAY_MS.
  function schedule(): void {
    if (timer !== undefined) return;
    timer = setTimeout(() => { timer = undefined; void run(); }, ROLLUP_DELAY_MS);
  }

  return { schedule };
}
