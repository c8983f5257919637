import { describe, expect, it } from 'vitest';
import { initialStatus, stepStatus, type StatusInput, type StatusState } from '../../../lib/status/agent-status';

const run = (inputs: StatusInput[], start: StatusState = initialStatus()) =>
  inputs.reduce<{ state: StatusState; changes: string[] }>((acc, input) => {
    const { state, change } = stepStatus(acc.state, input);
    return { state, changes: change ? [...acc.changes, `${change.status}/${change.reason}`] : acc.changes };
  }, { state: start, changes: [] });

describe('agent status (METRICS.md § Agent status)', () => {
  it('online while the agent says so and the inbox tab is open', () => {
    expect(run([{ type: 'inbox', open: true }]).changes).toEqual(['online/tab']);
  });

  it('unavailable when the agent sets it, online again when the agent sets it back', () => {
    expect(run([{ type: 'inbox', open: true }, { type: 'manual', status: 'unavailable' }, { type: 'manual', status: 'online' }]).changes)
      .toEqual(['online/tab', 'unavailable/manual', 'online/manual']);
  });

  it('unavailable after idleAfter of no input, back to online on activity if the agent had been online', () => {
    expect(run([{ type: 'inbox', open: true }, { type: 'idle', state: 'idle' }, { type: 'idle', state: 'active' }]).changes)
      .toEqual(['online/tab', 'unavailable/idle', 'online/idle']);
  });

  it('unavailable when the screen locks', () => {
    expect(run([{ type: 'inbox', open: true }, { type: 'idle', state: 'locked' }]).changes).toEqual(['online/tab', 'unavailable/locked']);
  });

  it('activity does not bring back online an agent who chose unavailable', () => {
    const { changes, state } = run([{ type: 'inbox', open: true }, { type: 'manual', status: 'unavailable' }, { type: 'idle', state: 'idle' }, { type: 'idle', state: 'active' }]);
    expect(changes).toEqual(['online/tab', 'unavailable/manual']);
    expect(state.current).toBe('unavailable');
  });

  it('offline when no inbox tab is open, whatever the agent chose', () => {
    const { changes } = run([{ type: 'inbox', open: true }, { type: 'inbox', open: false }, { type: 'manual', status: 'unavailable' }, { type: 'manual', status: 'online' }]);
    expect(changes).toEqual(['online/tab', 'offline/tab']);
  });

  it('a heartbeat re-states the current status while the inbox is open, and nothing while offline', () => {
    expect(run([{ type: 'heartbeat' }]).changes).toEqual([]);
    expect(run([{ type: 'inbox', open: true }, { type: 'heartbeat' }]).changes).toEqual(['online/tab', 'online/heartbeat']);
  });
});
