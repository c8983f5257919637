import { useComputed, useSignal, type Signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import { useAgentStatus } from '../shared/use-agent-status';
import { ConversationBar } from './ConversationBar';
import { PausedBanner } from './PausedBanner';
import { UnsavedBanner } from './UnsavedBanner';
import { StatusPill } from '../shared/StatusPill';
import type { OverlayState } from './overlay-state';
import { placeTimers, type FrameView, type RunningWait } from './timer-placement';
import { TimersFrame } from './TimersFrame';
import { trusted } from './trusted';

const locale = browser.i18n.getUILanguage();
/** Room between the episode's running time and the conversation bar. */
const EPISODE_GAP = 6;

export function OverlayApp({ state, onClose, onReturnToBot }: {
  state: OverlayState;
  onClose: (chat: string) => void;
  onReturnToBot: (chat: string) => void;
}) {
  const [status, toggleStatus] = useAgentStatus();
  const barWidth = useSignal(0);
  const waits = useComputed(() => {
    const { frtS, rtS } = state.settings.value.targets;
    const running = new Map<string, RunningWait>();
    for (const chat of state.live.value.values()) {
      if (chat.waitingSince !== null) running.set(chat.chat, { since: chat.waitingSince, targetS: chat.firstResponseS === null ? frtS : rtS, approximate: !!chat.approximate });
    }
    return running;
  });
  // Rows move far more often than waits start or end: the waits are not rebuilt with them.
  const view = useComputed((): FrameView => {
    const open = state.openChat.value;
    const live = open ? state.live.value.get(open.chat) : undefined;
    const episode = open && live && barWidth.value > 0 ? { right: open.right + barWidth.value + EPISODE_GAP, y: open.top, since: live.openedAt } : null;
    return { timers: placeTimers(state.rows.value, waits.value), episode };
  });
  return (
    <div class="layer">
      <TimersFrame view={view} />
      <OpenChatBar state={state} barWidth={barWidth} onClose={onClose} onReturnToBot={onReturnToBot} />
      <StatusPill status={status} onToggle={trusted(toggleStatus)} variant="status-pill" />
      {state.paused.value && <PausedBanner reason={state.paused.value} />}
      {state.unsaved.value && <UnsavedBanner {...state.unsaved.value} />}
    </div>
  );
}

/**
 * The open chat's bar: re-renders when the open chat or its first response time change, not with
 * the list, nor with every live board the worker sends (one per stored batch during a burst).
 */
function OpenChatBar({ state, barWidth, onClose, onReturnToBot }: {
  state: OverlayState;
  barWidth: Signal<number>;
  onClose: (chat: string) => void;
  onReturnToBot: (chat: string) => void;
}) {
  const firstResponseS = useComputed(() => {
    const open = state.openChat.value;
    return (open && state.live.value.get(open.chat)?.firstResponseS) ?? null;
  });
  const open = state.openChat.value;
  return open && (
    <ConversationBar
      top={open.top}
      right={open.right}
      firstResponseS={firstResponseS.value}
      locale={locale}
      onWidth={(px) => { barWidth.value = px; }}
      onClose={() => onClose(open.chat)}
      onReturnToBot={() => onReturnToBot(open.chat)}
    />
  );
}
