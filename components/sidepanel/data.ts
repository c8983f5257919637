import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { InboxEvent } from '../../lib/events';
import type { Broadcast } from '../../lib/messaging';
import { defaultSettings, type Settings } from '../../lib/settings';
import { openPulseDb, type PulseDb } from '../../lib/store/db';
import { readEvents } from '../../lib/store/events-store';
import { loadSettings, settingsItem } from '../../lib/store/settings-item';

/** Coalesce bursts of `changed` broadcasts: at most one re-read per this many ms. */
const MIN_RELOAD_MS = 1000;

export interface EventLog {
  events: InboxEvent[] | null;
  loadedAt: number | null;
  error: string | null;
  reload(): void;
}

/**
 * The whole event log, read from IndexedDB (same origin as the worker), re-read when the
 * worker broadcasts `{kind: 'changed'}`. Episodes can start long before the period shown, so
 * the engine needs the history, not just the period.
 */
export function useEventLog(): EventLog {
  const [state, setState] = useState<Omit<EventLog, 'reload'>>({ events: null, loadedAt: null, error: null });
  const reloadRef = useRef<() => void>(() => undefined);
  useEffect(() => {
    let alive = true;
    let db: Promise<PulseDb> | null = null;
    let running = false;
    let pending = false;
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      if (running) { pending = true; return; }
      running = true;
      try {
        db ??= openPulseDb();
        const events = await readEvents(await db);
        last = Date.now();
        if (alive) setState({ events, loadedAt: last, error: null });
      } catch (e) {
        if (alive) setState((s) => ({ ...s, error: e instanceof Error ? e.message : String(e) }));
      } finally {
        running = false;
        if (pending && alive) { pending = false; schedule(); }
      }
    };
    const schedule = () => {
      if (timer !== undefined) return;
      const wait = Math.max(0, last + MIN_RELOAD_MS - Date.now());
      timer = setTimeout(() => { timer = undefined; void load(); }, wait);
    };
    reloadRef.current = schedule;
    const onMessage = (message: Broadcast) => { if (message?.kind === 'changed') schedule(); };
    browser.runtime.onMessage.addListener(onMessage);
    void load();
    return () => {
      alive = false;
      clearTimeout(timer);
      browser.runtime.onMessage.removeListener(onMessage);
      void db?.then((d) => d.close());
    };
  }, []);
  return { ...state, reload: () => reloadRef.current() };
}

/** Settings, following every save (options page, other surfaces) live. */
export function useSettings(): Settings | null {
  const [settings, setSettings] = useState<Settings | null>(null);
  useEffect(() => {
    let alive = true;
    void loadSettings().then((s) => { if (alive) setSettings(s); });
    const unwatch = settingsItem.watch((next) => setSettings({ ...defaultSettings(), ...(next ?? {}) }));
    return () => { alive = false; unwatch(); };
  }, []);
  return settings;
}
