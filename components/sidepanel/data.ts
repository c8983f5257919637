import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { InboxEvent } from '../../lib/events';
import type { Broadcast } from '../../lib/messaging';
import { dayKey, type Range } from '../../lib/metrics/periods';
import type { Settings } from '../../lib/settings';
import { openPulseDb, type PulseDb } from '../../lib/store/db';
import { putEvents, type WriteResult } from '../../lib/store/events-store';
import { type KpiQueryResult, queryKpis } from '../../lib/store/kpi-query';
import { readRecent, type RecentEpisodes } from '../../lib/store/recent';
import { loadSettings, watchSettings } from '../../lib/store/settings-item';
import { nextPaint } from '../ui/use-after-paint';
import { type Clock, clockOf, filteredAgents, histogramEdgesMs, type PeriodData } from './model';

/** Coalesce bursts of `changed` broadcasts: at least this long between two reads… */
const MIN_RELOAD_MS = 400;
/** …and at least this many times the last read's duration, so a big log never keeps the page busy. */
const RELOAD_DUTY = 2;
/** The engine's "now" moves on its own too (auto-closes, running online time). */
const REFRESH_MS = 30_000;

let connection: Promise<PulseDb> | null = null;

/**
 * One connection for the page, opened on first use. A newer worker's upgrade closes it
 * (db.ts `blocking`); the read that then fails drops it, and the next read reopens.
 */
function panelDb(): Promise<PulseDb> {
  connection ??= openPulseDb().catch((error: unknown) => {
    connection = null;
    throw error;
  });
  return connection;
}

/**
 * Stores an imported file's events in ONE transaction (events-store.ts putEvents): all of them, or,
 * should the write fail (a full disk, say), none (docs/formats.md: "nothing is written").
 */
export async function importEvents(events: readonly InboxEvent[]): Promise<WriteResult> {
  return putEvents(await panelDb(), events);
}

export interface StoreRead<T> {
  value: T | null;
  /** When the value was read (ms). */
  at: number | null;
  error: string | null;
  /** Days rebuilt so far while a read has to rebuild many first (after an import), else null. */
  progress: Progress | null;
  reload(): void;
}

export interface Progress { done: number; total: number }
/** `early`: a first answer to show while the read goes on (only taken before anything is shown). */
type Read<T> = (db: PulseDb, now: number, progress: (done: number, total: number) => void, early: (value: T) => void) => Promise<T>;

/**
 * Runs `read` against IndexedDB (same origin as the worker) now, whenever `deps` change, after
 * the worker's `changed` broadcasts (coalesced) and every REFRESH_MS. A read started for old
 * deps never overwrites a newer one's answer.
 */
function useStoreRead<T>(read: Read<T> | null, deps: unknown[]): StoreRead<T> {
  const [state, setState] = useState<Omit<StoreRead<T>, 'reload'>>({ value: null, at: null, error: null, progress: null });
  const reloadRef = useRef<() => void>(() => undefined);
  // Reads start in layout effects: Preact runs plain effects a frame after the render, and the
  // first paint waits on the settings, then on the first read.
  useLayoutEffect(() => {
    if (!read) return undefined;
    let alive = true;
    let running = false;
    let pending = false;
    let next = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A refresh never steps back to an early answer: only the first read of these deps shows one.
    let shown = false;
    const early = (value: T) => {
      if (alive && !shown) setState((st) => ({ ...st, value, at: Date.now(), error: null }));
    };
    const load = async () => {
      if (running) { pending = true; return; }
      running = true;
      const started = Date.now();
      try {
        const progress = (done: number, total: number) => { if (alive && total > 1) setState((st) => ({ ...st, progress: { done, total } })); };
        const value = await read(await panelDb(), started, progress, early);
        shown = true;
        if (alive) setState({ value, at: Date.now(), error: null, progress: null });
      } catch (e) {
        if (e instanceof DOMException && e.name === 'InvalidStateError') {
          connection = null; // closed under us by an upgrade: read again on a new connection
          pending = true;
        } else if (alive) {
          setState((s) => ({ ...s, error: e instanceof Error ? e.message : String(e), progress: null }));
        }
      } finally {
        running = false;
        next = Date.now() + Math.max(MIN_RELOAD_MS, RELOAD_DUTY * (Date.now() - started));
        if (pending && alive) { pending = false; schedule(); }
      }
    };
    function schedule() {
      if (timer !== undefined) return;
      timer = setTimeout(() => { timer = undefined; void load(); }, Math.max(0, next - Date.now()));
    }
    reloadRef.current = schedule;
    const onMessage = (message: Broadcast) => { if (message?.kind === 'changed') schedule(); };
    browser.runtime.onMessage.addListener(onMessage);
    const refresh = setInterval(schedule, REFRESH_MS);
    void load();
    return () => {
      alive = false;
      clearTimeout(timer);
      clearInterval(refresh);
      browser.runtime.onMessage.removeListener(onMessage);
    };
  }, deps);
  return { ...state, reload: () => reloadRef.current() };
}

export interface PeriodFilter {
  agent: string | null;
  team: string | null;
  clock: Clock;
}

/**
 * The period's figures from the day rollups: one query for everyone, and one for the filtered
 * agents (their merged KPIs and series) when a filter is on.
 */
export function usePeriodData(settings: Settings | null, range: Range | null, filter: PeriodFilter): StoreRead<PeriodData> {
  const zone = settings?.timeZone ?? 'UTC';
  const from = range ? dayKey(range.from, zone) : '';
  const to = range ? dayKey(range.to, zone) : '';
  const read: Read<PeriodData> | null = settings && range ? async (db, now, onProgress, early) => {
    const base = { from, to, zone, settings, now, business: clockOf(settings, filter.clock) === 'business', histogramEdgesMs: histogramEdgesMs(settings) };
    // With a filter on, the cards show the filtered agents: nothing to show before the agents are read.
    const onTeam = filter.agent || filter.team ? undefined : (team: KpiQueryResult) => {
      early({ all: team, view: null });
      return nextPaint();
    };
    const all = await queryKpis(db, { ...base, onProgress, onTeam });
    const agents = filteredAgents(all, filter.agent, filter.team);
    return { all, view: agents ? await queryKpis(db, { ...base, agents }) : null };
  } : null;
  return useStoreRead(read, [settings, from, to, filter.agent, filter.team, filter.clock]);
}

/**
 * The recent events' episodes: the live lists and a single day's hourly trend. Started once
 * `after` holds (the period's figures are on screen), so it never delays the first paint.
 */
export function useRecent(settings: Settings | null, after: boolean): StoreRead<RecentEpisodes> {
  return useStoreRead(settings && after ? (db, now) => readRecent(db, settings, now) : null, [settings, after]);
}

/** Settings, following every save (options page, other surfaces) live. */
export function useSettings(): Settings | null {
  const [settings, setSettings] = useState<Settings | null>(null);
  useLayoutEffect(() => {
    let alive = true;
    // The first read needs both: the connection opens while the settings load.
    void panelDb().catch(() => undefined);
    void loadSettings().then((s) => { if (alive) setSettings(s); });
    const unwatch = watchSettings(setSettings);
    return () => { alive = false; unwatch(); };
  }, []);
  return settings;
}
