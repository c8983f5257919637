/**
 * Benchmark-only page for scripts/bench/scale.mjs: exposes the real store and engine functions to
 * page.evaluate in an extension page (same IndexedDB origin as the worker). It does nothing by
 * itself; the benchmark runs in a throwaway browser profile.
 */
import { deleteDB } from 'idb';
import { agentDirectory } from '../../lib/metrics/agent-directory';
import { summarize } from '../../lib/metrics/aggregate';
import { buildEpisodes } from '../../lib/metrics/episodes';
import { computeKpis } from '../../lib/metrics/kpis';
import { summarizeAll } from '../../lib/metrics/metric-aggs';
import { slaCompliance } from '../../lib/metrics/sla';
import { statusIntervals } from '../../lib/metrics/status-intervals';
import { dayRange } from '../../lib/store/days';
import { openPulseDb } from '../../lib/store/db';
import { countEvents, putEvents, readEvents } from '../../lib/store/events-store';
import { queryKpis } from '../../lib/store/kpi-query';
import { countDirtyDays, ensureRollupBasis, readDirectory, recomputeDirtyDays } from '../../lib/store/rollups-store';
import { settingsItem } from '../../lib/store/settings-item';
import { defaultSettings, type Settings } from '../../lib/settings';

const saveSettings = (over: Partial<Settings>) => settingsItem.setValue({ ...defaultSettings(), ...over });

const api = {
  deleteDB, saveSettings, openPulseDb, putEvents, readEvents, countEvents,
  ensureRollupBasis, recomputeDirtyDays, countDirtyDays, readDirectory, queryKpis, dayRange,
  agentDirectory, buildEpisodes, statusIntervals, computeKpis, summarize, summarizeAll, slaCompliance,
};

declare global {
  interface Window { pulseBench?: typeof api }
}

window.pulseBench = api;
