import { storage } from 'wxt/utils/storage';
import type { StatusEvent } from '../events';
import { initialStatus, type StatusState } from '../status/agent-status';

/** Persisted so a restarted worker continues the same status instead of starting over. */
export const statusItem = storage.defineItem<StatusState>('local:agentStatus', { fallback: initialStatus() });
/** Status events not stored yet (their write failed): kept, and written again before anything newer, until stored. */
export const unsavedStatusItem = storage.defineItem<StatusEvent[]>('local:unsavedStatusEvents', { fallback: [] });

/** The status and the events still to store, saved together: a change is never taken without its event. */
export const saveStatus = (state: StatusState, unsaved: StatusEvent[]): Promise<void> =>
  storage.setItems([{ item: statusItem, value: state }, { item: unsavedStatusItem, value: unsaved }]);
