import type { PulseDb } from '../../lib/store/db';
import { recomputeDirtyDays } from '../../lib/store/rollups-store';
import { loadSettings } from '../../lib/store/settings-item';
import { debounce } from '../../lib/debounce';

/** A rebuild waits for this many ms without a stored batch… */
const ROLLUP_QUIET_MS = 2000;
/**
 * …but no longer than this: a rebuild reads the whole of each dirty day (today's grows all day), so
 * under steady traffic it runs twice a minute rather than every 2 s, on a core the inbox page
 * shares. The side panel's query rebuilds what is still dirty itself: its figures never wait.
 */
const ROLLUP_MAX_WAIT_MS = 30_000;

/**
 * Keeps the KPI rollups (lib/store/rollups-store.ts) up to date in the worker: every stored batch
 * has already marked its days dirty in its own transaction; this rebuilds them a little later,
 * so a burst of batches costs one rebuild. A settings change (zone, auto-close, …) or a new agent
 * identity changes the rollup basis, and the next run rebuilds every day. Nothing is lost if the
 * worker stops first: the marks stay, and the next run (or the side panel's query) picks them up.
 */
export function createRollupMaintenance(db: Promise<PulseDb>) {
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
      if (again) { again = false; rebuild.request(); }
    }
  };
  const rebuild = debounce(() => void run(), ROLLUP_QUIET_MS, ROLLUP_MAX_WAIT_MS);

  return { schedule: rebuild.request };
}
