import { iso, statusId, type StatusEvent } from '../../lib/events';
import { localAgent } from '../../lib/settings';
import { stepStatus, type StatusInput } from '../../lib/status/agent-status';
import type { PulseDb } from '../../lib/store/db';
import { putEvents } from '../../lib/store/events-store';
import { loadSettings } from '../../lib/store/settings-item';
import { saveStatus, statusItem, unsavedStatusItem } from '../../lib/store/status-item';

export const HEARTBEAT_ALARM = 'status-heartbeat';
export const HEARTBEAT_MINUTES = 1;

/**
 * Feeds idle, lock, tab and manual changes through the pure status machine and records each
 * change as a `status` event. Inputs are applied one at a time so two quick changes cannot race.
 * A change's event is saved with the new state as unsaved, and stays so until a write stores it:
 * a failed write is retried with the next input (a heartbeat comes every minute while an inbox is
 * open), so a change is never lost (ids make a repeated write harmless).
 */
export function createStatusRecorder(db: Promise<PulseDb>, onChange: () => void) {
  let queue = Promise.resolve();
  const apply = (input: StatusInput): Promise<void> => {
    queue = queue.then(async () => {
      const { state, change } = stepStatus(await statusItem.getValue(), input);
      const unsaved = await unsavedStatusItem.getValue();
      if (change) {
        const agent = localAgent(await loadSettings());
        const at = iso(Date.now());
        unsaved.push({ v: 1, id: statusId(agent, at, change.status), at, type: 'status', agent, ...change } satisfies StatusEvent);
      }
      await saveStatus(state, unsaved);
      if (unsaved.length === 0) return;
      await putEvents(await db, unsaved);
      await unsavedStatusItem.setValue([]);
      onChange();
    }).catch((error) => console.error('Inbox Pulse: status not recorded yet', error));
    return queue;
  };
  return { apply };
}
