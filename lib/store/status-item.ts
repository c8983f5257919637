import { storage } from 'wxt/utils/storage';
import { initialStatus, type StatusState } from '../status/agent-status';

/** Persisted so a restarted worker continues the same status instead of starting over. */
export const statusItem = storage.defineItem<StatusState>('local:agentStatus', { fallback: initialStatus() });
