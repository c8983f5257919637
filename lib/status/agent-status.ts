import type { AgentStatus, StatusReason } from '../events';

/**
 * The agent's status as docs/metrics.md defines it: what the agent chose, overridden by idle or a locked
 * screen while it lasts, and offline whenever no inbox tab is open. Pure, so the worker can persist
 * the state and rebuild it after being stopped.
 */
export interface StatusState {
  chosen: 'online' | 'unavailable';
  /** Set while the machine is idle or locked; cleared by activity. */
  away: 'idle' | 'locked' | null;
  inboxOpen: boolean;
  current: AgentStatus;
}

export type StatusInput =
  | { type: 'manual'; status: 'online' | 'unavailable' }
  | { type: 'idle'; state: 'active' | 'idle' | 'locked' }
  | { type: 'inbox'; open: boolean }
  | { type: 'heartbeat' };

export interface StatusChange { status: AgentStatus; reason: StatusReason }

export const initialStatus = (): StatusState => ({ chosen: 'online', away: null, inboxOpen: false, current: 'offline' });

const effective = (s: Omit<StatusState, 'current'>): AgentStatus =>
  !s.inboxOpen ? 'offline' : s.chosen === 'unavailable' || s.away ? 'unavailable' : 'online';

function reasonFor(input: StatusInput): StatusReason {
  switch (input.type) {
    case 'manual': return 'manual';
    case 'idle': return input.state === 'locked' ? 'locked' : 'idle';
    case 'inbox': return 'tab';
    case 'heartbeat': return 'heartbeat';
  }
}

/** Applies one input; `change` is the status event to record, if any. */
export function stepStatus(state: StatusState, input: StatusInput): { state: StatusState; change?: StatusChange } {
  const next = { ...state };
  if (input.type === 'manual') next.chosen = input.status;
  if (input.type === 'idle') next.away = input.state === 'active' ? null : input.state;
  if (input.type === 'inbox') next.inboxOpen = input.open;
  next.current = effective(next);
  const reason = reasonFor(input);
  // A heartbeat re-states the current status so a closed browser's offline time can be inferred later.
  if (input.type === 'heartbeat') return next.current === 'offline' ? { state: next } : { state: next, change: { status: next.current, reason } };
  // Activity after idle only ends the idle interval; the status that follows is the reason's own.
  const changeReason = input.type === 'idle' && input.state === 'active' ? 'idle' : reason;
  return next.current === state.current ? { state: next } : { state: next, change: { status: next.current, reason: changeReason } };
}
