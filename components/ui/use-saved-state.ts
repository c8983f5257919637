import { useState } from 'preact/hooks';

/**
 * State kept in the extension origin's localStorage, so a page reopens on the user's last
 * choice (the side panel's period and filter). Read synchronously: the first render already
 * uses it, with no flash of the default. Anything unreadable or rejected by `valid` falls back
 * to `initial`.
 */
export function useSavedState<T>(key: string, initial: T, valid: (value: unknown) => value is T): [T, (value: T) => void] {
  const [value, setValue] = useState<T>(() => {
    try {
      const saved: unknown = JSON.parse(localStorage.getItem(key) ?? 'null');
      return valid(saved) ? saved : initial;
    } catch {
      return initial;
    }
  });
  const save = (next: T) => {
    setValue(next);
    try { localStorage.setItem(key, JSON.stringify(next)); } catch { /* storage full or disabled: the choice just is not remembered */ }
  };
  return [value, save];
}
