import { iso, statusId, type StatusEvent } from '../../lib/events';
import { localAgent } from '../../lib/settings';
import { stepStatus, type StatusInput } from '../../lib/status/agent-status';
import type { PulseDb } from '../../lib/store/db';
import { putEvents } from '../../lib/store/events-store';
import { loadSettings } from '../../lib/store/settings-item';
import { statusItem } from '../../lib/store/status-item';

export const HEARTBEAT_ALARM = 'status-heartbeat';
export const HEARTBEAT_MINUTES = 1;

/**
 * Feeds idle, lock, tab and manual changes through the pure status machine and records each
 * change as a `status` event. Inputs are applied one at a time so two quick changes cannot race.
 */
export function createStatusRecorder(db: Promise<PulseDb>, onChange: () => void) {
  let queue = Promise.resolve();
  const apply = (input: StatusInput): Promise<void> => {
    queue = queue.then(async () => {
      const { state, change } = stepStatus(await statusItem.getValue(), input);
      await statusItem.setValue(state);
      if (!change) return;
      const agent = localAgent(await loadSettings());
      const at = iso(Date.now());
      const event: StatusEvent = { v: 1, id: statusId(agent, at, change.status), at, type: 'status', agent, ...change };
      await putEvents(await db, [event]);
      onChange();
    }).catch((error) => console.error('Inbox Pulse: status not recorded', error));
    return queue;
  };
  return { apply };
}
