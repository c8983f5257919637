import { signal } from '@preact/signals';
import type { LiveChat, SaveFailure } from '../../lib/messaging';
import { defaultSettings, type Settings } from '../../lib/settings';
import type { RowPlacement } from './timer-placement';

/** Everything the inbox overlay draws, as signals the content script updates. */
export function createOverlayState() {
  return {
    rows: signal<RowPlacement[]>([]),
    live: signal<ReadonlyMap<string, LiveChat>>(new Map()),
    openChat: signal<{ chat: string; top: number; right: number } | null>(null),
    paused: signal<string | null>(null),
    /** Events the worker could not store (kept in the tab and retried). */
    unsaved: signal<SaveFailure | null>(null),
    settings: signal<Settings>(defaultSettings()),
  };
}

export type OverlayState = ReturnType<typeof createOverlayState>;
