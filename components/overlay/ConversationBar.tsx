import { useComputed, type ReadonlySignal } from '@preact/signals';
import { formatDuration } from '../../lib/format-duration';
import { t } from '../i18n';

export interface OpenEpisode { openedAt: number; firstResponseS: number | null }

function RunningTime({ since, now, locale }: { since: number; now: ReadonlySignal<number>; locale: string }) {
  const text = useComputed(() => formatDuration(Math.floor((now.value - since) / 1000), locale));
  return <span class="episode-time" title={t('episodeRunning')}>{t('episodeRunningShort')} {text}</span>;
}

/** Sits over the conversation header: the episode's running time, its FRT once known, and the two actions. */
export function ConversationBar({ top, right, episode, now, locale, onClose, onReturnToBot }: {
  top: number;
  right: number;
  episode: OpenEpisode | undefined;
  now: ReadonlySignal<number>;
  locale: string;
  onClose: () => void;
  onReturnToBot: () => void;
}) {
  return (
    <div class="conversation-bar" style={{ top: `${top}px`, right: `${right}px` }}>
      {episode && <RunningTime key={episode.openedAt} since={episode.openedAt} now={now} locale={locale} />}
      {episode?.firstResponseS != null && (
        <span class="episode-frt" data-frt-s={episode.firstResponseS}>{t('frtShort')} {formatDuration(episode.firstResponseS, locale)}</span>
      )}
      <button type="button" class="action close" onClick={onClose}>{t('actionClose')}</button>
      <button type="button" class="action return" onClick={onReturnToBot}>{t('actionReturnToBot')}</button>
    </div>
  );
}
