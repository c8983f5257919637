import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { AgentStatus } from '../../lib/events';
import type { SetStatus } from '../../lib/messaging';
import { initialStatus } from '../../lib/status/agent-status';
import { statusItem } from '../../lib/store/status-item';

/**
 * The agent's current status, live, and a toggle that asks the worker to change it. The toggle
 * flips what the agent chose, not what idle made of it: an idle agent who clicks stays online.
 */
export function useAgentStatus(): [AgentStatus, () => void] {
  const [state, setState] = useState(initialStatus());
  useEffect(() => {
    void statusItem.getValue().then(setState);
    return statusItem.watch(setState);
  }, []);
  const toggle = () => {
    const message: SetStatus = { kind: 'set-status', status: state.chosen === 'online' ? 'unavailable' : 'online' };
    void browser.runtime.sendMessage(message);
  };
  return [state.current, toggle];
}
