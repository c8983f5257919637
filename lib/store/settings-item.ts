import { storage } from 'wxt/utils/storage';
import { defaultSettings, type Settings } from '../settings';

/**
 * Settings live in extension storage (not IndexedDB) because the content script reads them too,
 * and `watch` lets every surface apply a change live.
 */
export const settingsItem = storage.defineItem<Settings>('local:settings', { fallback: defaultSettings() });

/** Stored settings may predate a newly added field: missing fields take their defaults. */
const complete = (stored: Partial<Settings> | null): Settings => ({ ...defaultSettings(), ...stored });

export async function loadSettings(): Promise<Settings> {
  return complete(await settingsItem.getValue());
}

/** Every change, completed with defaults like `loadSettings`; returns the unwatch function. */
export const watchSettings = (onChange: (settings: Settings) => void): (() => void) =>
  settingsItem.watch((stored) => onChange(complete(stored)));
