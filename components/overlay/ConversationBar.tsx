import { formatDuration } from '../../lib/format-duration';
import { t } from '../i18n';

export interface OpenEpisode { openedAt: number; firstResponseS: number | null }

/** Sits over the conversation header: the episode's running time, its FRT once known, and the two actions. */
export function ConversationBar({ top, right, episode, now, locale, onClose, onReturnToBot }: {
  top: number;
  right: number;
  episode: OpenEpisode | undefined;
  now: number;
  locale: string;
  onClose: () => void;
  onReturnToBot: () => void;
}) {
  return (
    <div class="conversation-bar" style={{ top: `${top}px`, right: `${right}px` }}>
      {episode && (
        <span class="episode-time" title={t('episodeRunning')}>
          {t('episodeRunningShort')} {formatDuration(Math.floor((now - episode.openedAt) / 1000), locale)}
        </span>
      )}
      {episode?.firstResponseS != null && (
        <span class="episode-frt" data-frt-s={episode.firstResponseS}>{t('frtShort')} {formatDuration(episode.firstResponseS, locale)}</span>
      )}
      <button type="button" class="action close" onClick={onClose}>{t('actionClose')}</button>
      <button type="button" class="action return" onClick={onReturnToBot}>{t('actionReturnToBot')}</button>
    </div>
  );
}
