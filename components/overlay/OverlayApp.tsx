import { useComputed } from '@preact/signals';
import { browser } from 'wxt/browser';
import { useAgentStatus } from '../shared/use-agent-status';
import { ConversationBar } from './ConversationBar';
import { PausedBanner } from './PausedBanner';
import { RowTimers, type RunningWait } from './RowTimers';
import { StatusPill } from '../shared/StatusPill';
import type { OverlayState } from './overlay-state';

const locale = browser.i18n.getUILanguage();

export function OverlayApp({ state, onClose, onReturnToBot }: {
  state: OverlayState;
  onClose: (chat: string) => void;
  onReturnToBot: (chat: string) => void;
}) {
  const [status, toggleStatus] = useAgentStatus();
  const waits = useComputed(() => {
    const { frtS, rtS } = state.settings.value.targets;
    const running = new Map<string, RunningWait>();
    for (const chat of state.live.value.values()) {
      if (chat.waitingSince !== null) running.set(chat.chat, { since: chat.waitingSince, targetS: chat.firstResponseS === null ? frtS : rtS });
    }
    return running;
  });
  const open = state.openChat.value;
  const live = open ? state.live.value.get(open.chat) : undefined;
  return (
    <div class="layer">
      <RowTimers rows={state.rows.value} waits={waits.value} now={state.now} locale={locale} />
      {open && (
        <ConversationBar
          top={open.top}
          right={open.right}
          episode={live && { openedAt: live.openedAt, firstResponseS: live.firstResponseS }}
          now={state.now}
          locale={locale}
          onClose={() => onClose(open.chat)}
          onReturnToBot={() => onReturnToBot(open.chat)}
        />
      )}
      <StatusPill status={status} onToggle={toggleStatus} variant="status-pill" />
      {state.paused.value && <PausedBanner reason={state.paused.value} />}
    </div>
  );
}
