import { useComputed } from '@preact/signals';
import { useMemo } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { useAgentStatus } from '../shared/use-agent-status';
import { createClock, type Clock } from './clock';
import { ConversationBar } from './ConversationBar';
import { PausedBanner } from './PausedBanner';
import { StatusPill } from '../shared/StatusPill';
import type { OverlayState } from './overlay-state';
import { placeTimers, type RunningWait } from './timer-placement';
import { TimersFrame } from './TimersFrame';

const locale = browser.i18n.getUILanguage();

export function OverlayApp({ state, onClose, onReturnToBot }: {
  state: OverlayState;
  onClose: (chat: string) => void;
  onReturnToBot: (chat: string) => void;
}) {
  const [status, toggleStatus] = useAgentStatus();
  const clock = useMemo(() => createClock(), []);
  const waits = useComputed(() => {
    const { frtS, rtS } = state.settings.value.targets;
    const running = new Map<string, RunningWait>();
    for (const chat of state.live.value.values()) {
      if (chat.waitingSince !== null) running.set(chat.chat, { since: chat.waitingSince, targetS: chat.firstResponseS === null ? frtS : rtS });
    }
    return running;
  });
  // Rows move far more often than waits start or end: the waits are not rebuilt with them.
  const timers = useComputed(() => placeTimers(state.rows.value, waits.value));
  return (
    <div class="layer">
      <TimersFrame timers={timers} />
      <OpenChatBar state={state} clock={clock} onClose={onClose} onReturnToBot={onReturnToBot} />
      <StatusPill status={status} onToggle={toggleStatus} variant="status-pill" />
      {state.paused.value && <PausedBanner reason={state.paused.value} />}
    </div>
  );
}

/** The open chat's bar: re-renders when the open chat or the live chats change, not with the list. */
function OpenChatBar({ state, clock, onClose, onReturnToBot }: {
  state: OverlayState;
  clock: Clock;
  onClose: (chat: string) => void;
  onReturnToBot: (chat: string) => void;
}) {
  const open = state.openChat.value;
  const live = open ? state.live.value.get(open.chat) : undefined;
  return open && (
    <ConversationBar
      top={open.top}
      right={open.right}
      episode={live && { openedAt: live.openedAt, firstResponseS: live.firstResponseS }}
      clock={clock}
      locale={locale}
      onClose={() => onClose(open.chat)}
      onReturnToBot={() => onReturnToBot(open.chat)}
    />
  );
}
