import { storage } from 'wxt/utils/storage';
import { defaultSettings, type Settings } from '../settings';

/**
 * Settings live in extension storage (not IndexedDB) because the content script reads them too,
 * and `watch` lets every surface apply a change live.
 */
export const settingsItem = storage.defineItem<Settings>('local:settings', { fallback: defaultSettings() });

/** Stored settings may predate a newly added field: missing fields take their defaults. */
export async function loadSettings(): Promise<Settings> {
  return { ...defaultSettings(), ...(await settingsItem.getValue()) };
}
