import type { Settings } from '../../lib/settings';
import { formatClock } from '../../lib/format-duration';
import { t } from '../i18n';
import { dur, num } from '../ui/locale';
import { useTick } from '../ui/tick';
import { agentLabel } from './labels';
import type { LiveOwner, LiveWait } from './model';

/**
 * Open chats per owner and the unanswered list, longest wait first, waits running on one shared
 * tick; `live` is null while the recent events are still being read.
 */
export function LiveSection({ live, targets }: { live: { open: LiveOwner[]; unanswered: LiveWait[] } | null; targets: Settings['targets'] }) {
  const header = <h2 id="live-title"><span class="live-dot" aria-hidden="true" />{t('liveTitle')}</h2>;
  if (!live) {
    return <section class="card live" aria-labelledby="live-title"><header>{header}<p class="muted" role="status">{t('loading')}</p></header></section>;
  }
  const { open, unanswered } = live;
  const totalOpen = open.reduce((a, o) => a + o.episodes, 0);
  return (
    <section class="card live" aria-labelledby="live-title">
      <header>
        {header}
        <p class="muted">{t('liveSummary', num(totalOpen), num(unanswered.length))}</p>
      </header>
      <div class="live-grid">
        <div>
          <h3 id="unanswered-title">{t('unansweredTitle')}</h3>
          {unanswered.length === 0
            ? <p class="muted live-empty">{t('unansweredNone')}</p>
            : <UnansweredList items={unanswered} targetS={targets.frtS} />}
        </div>
        <div>
          <h3 id="open-title">{t('openTitle')}</h3>
          {open.length === 0
            ? <p class="muted live-empty">{t('openNone')}</p>
            : (
              <ul class="live-list" aria-labelledby="open-title">
                {open.map((o) => (
                  <li key={o.owner}><span>{agentLabel(o.owner, o.name)}</span><span class="num">{num(o.episodes)}</span></li>
                ))}
              </ul>
            )}
        </div>
      </div>
    </section>
  );
}

function UnansweredList({ items, targetS }: { items: LiveWait[]; targetS: number }) {
  const now = useTick().value;
  return (
    <ol class="live-list" aria-labelledby="unanswered-title">
      {items.map((u) => {
        const s = Math.max(0, (now - u.waitingSince) / 1000);
        const level = s > targetS ? 'over' : s > targetS * 0.75 ? 'near' : '';
        return (
          <li key={u.episodeId} data-chat={u.chat}>
            <span class="live-chat">
              <span class="chat-title">{u.chatTitle || u.chat}</span>
              <span class="muted"> · {agentLabel(u.owner, u.ownerName)}</span>
            </span>
            {/* The visible clock ticks; screen readers get a calmer rounded duration. */}
            {/* A wait from history (the backlog at load) is known to the minute only. */}
            <span class={`wait ${level}`} aria-hidden="true">{u.approximate ? `≈ ${formatClock(s)}` : formatClock(s)}</span>
            <span class="sr-only">{t('waitingFor', dur(Math.floor(s / 60) * 60 || s))}</span>
          </li>
        );
      })}
    </ol>
  );
}
