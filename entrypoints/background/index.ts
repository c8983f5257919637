import type { SetStatus } from '../../lib/messaging';
import { localAgent, type Settings } from '../../lib/settings';
import { openPulseDb } from '../../lib/store/db';
import { loadSettings, watchSettings } from '../../lib/store/settings-item';
import { recordAgentIdentity } from './agent-identity';
import { createStatusRecorder, HEARTBEAT_ALARM, HEARTBEAT_MINUTES } from './agent-status';
import { createInboxPorts } from './inbox-port';
import { keepAliveWhile } from './keep-alive';
import { createLiveBoard } from './live-board';
import { notifyPages } from './notify-pages';
import { injectIntoOpenInboxes } from './reinject';
import { createRollupMaintenance } from './rollup-maintenance';
import { applyRetention, RETENTION_ALARM } from './retention';

// Chrome's idle API accepts 15 s at the least.
const idleInterval = (seconds: number) => Math.max(15, Math.round(seconds));

export default defineBackground({
  type: 'module',
  // Must stay synchronous: listeners registered after an await miss the event that woke the worker.
  main() {
    // A schema upgrade of a large log takes minutes: the worker must not be stopped halfway.
    const db = keepAliveWhile(openPulseDb());
    const rollups = createRollupMaintenance(db);
    const status = createStatusRecorder(db, () => { notifyPages(); rollups.schedule(); });
    const board = createLiveBoard(db, (chats) => inboxes.broadcastLive(chats));
    const inboxes = createInboxPorts(db, status, board, rollups.schedule);

    browser.runtime.onConnect.addListener(inboxes.serve);
    browser.runtime.onInstalled.addListener((details) => void injectIntoOpenInboxes(details));
    browser.runtime.onMessage.addListener((message: SetStatus) => {
      if (message.kind === 'set-status') void status.apply({ type: 'manual', status: message.status });
    });
    browser.idle.onStateChanged.addListener((state) => void status.apply({ type: 'idle', state }));
    browser.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name === HEARTBEAT_ALARM && inboxes.open > 0) void status.apply({ type: 'heartbeat' });
      if (alarm.name === RETENTION_ALARM) void applyRetention(db);
    });
    void browser.alarms.create(HEARTBEAT_ALARM, { periodInMinutes: HEARTBEAT_MINUTES });
    void browser.alarms.create(RETENTION_ALARM, { periodInMinutes: 24 * 60 });
    void applyRetention(db);
    let agent: string | undefined;
    const applySettings = (s: Settings) => {
      void browser.idle.setDetectionInterval(idleInterval(s.idleAfterS));
      void recordAgentIdentity(db, s);
      // A new identity re-states the current status under its own name.
      if (agent !== undefined && agent !== localAgent(s)) void status.apply({ type: 'heartbeat' });
      agent = localAgent(s);
    };
    void loadSettings().then(applySettings);
    watchSettings(applySettings);
    // Leftover marks from a worker that stopped, a first build, or a basis changed by new settings.
    rollups.schedule();
    watchSettings(() => rollups.schedule());
  },
});
