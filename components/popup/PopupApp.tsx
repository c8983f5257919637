import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { iso } from '../../lib/events';
import { buildExport, EXPORT_LOOKBACK_MS, type ExportKind } from '../../lib/exports';
import type { Broadcast } from '../../lib/messaging';
import { localAgent } from '../../lib/settings';
import { readAgentNumbers, type AgentPeriods } from '../../lib/store/agent-numbers';
import { openPulseDb } from '../../lib/store/db';
import { readEvents } from '../../lib/store/events-store';
import { loadInboxConnection, type InboxConnection } from '../../lib/store/inbox-connection';
import { loadSettings } from '../../lib/store/settings-item';
import { t } from '../i18n';
import { StatusPill } from '../shared/StatusPill';
import { useAgentStatus } from '../shared/use-agent-status';
import { resolvePeriod, type PeriodPreset } from '../ui/periods';
import { ConnectionStatus } from './ConnectionStatus';
import { ExportPanel } from './ExportPanel';
import { MyNumbers } from './MyNumbers';

const db = openPulseDb();

async function download(kind: ExportKind, preset: PeriodPreset): Promise<void> {
  const [settings, store] = [await loadSettings(), await db];
  const now = Date.now();
  const range = resolvePeriod({ preset }, now, settings.timeZone)!;
  const events = await readEvents(store, iso(range.from - EXPORT_LOOKBACK_MS));
  const file = buildExport(kind, events, settings, range, now);
  const url = URL.createObjectURL(new Blob([file.text], { type: file.mime }));
  const link = Object.assign(document.createElement('a'), { href: url, download: file.filename });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Chrome opens the side panel only from a user gesture; Firefox calls it the sidebar. */
function openSidePanel(): void {
  const api = browser as unknown as { sidePanel?: { open(o: { windowId: number }): Promise<void> }; sidebarAction?: { open(): Promise<void> } };
  if (api.sidePanel) void browser.windows.getCurrent().then((w) => api.sidePanel!.open({ windowId: w.id! })).then(() => window.close());
  else void api.sidebarAction?.open();
}

export function PopupApp() {
  const [connection, setConnection] = useState<InboxConnection | undefined>();
  const [numbers, setNumbers] = useState<AgentPeriods | undefined>();
  const [status, toggleStatus] = useAgentStatus();
  useEffect(() => {
    const refresh = async () => {
      const [store, settings] = [await db, await loadSettings()];
      const now = Date.now();
      setConnection(await loadInboxConnection(store));
      setNumbers(await readAgentNumbers(store, settings, localAgent(settings), now));
    };
    const onMessage = (message: Broadcast) => { if (message.kind === 'changed') void refresh(); };
    void refresh();
    browser.runtime.onMessage.addListener(onMessage);
    return () => browser.runtime.onMessage.removeListener(onMessage);
  }, []);
  return (
    <main class="popup">
      <header>
        <h1>Inbox Pulse</h1>
        <StatusPill status={status} onToggle={toggleStatus} variant="status-toggle" />
      </header>
      <ConnectionStatus connection={connection} />
      <MyNumbers numbers={numbers} />
      <ExportPanel onExport={download} />
      <button type="button" class="open-panel" onClick={openSidePanel}>{t('openSidePanel')}</button>
    </main>
  );
}
