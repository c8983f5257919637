import { formatDuration } from '../../lib/format-duration';
import { t } from '../i18n';
import { useClockView, type Clock } from './clock';

export interface OpenEpisode { openedAt: number; firstResponseS: number | null }

function RunningTime({ since, clock, locale }: { since: number; clock: Clock; locale: string }) {
  const label = t('episodeRunningShort');
  const ref = useClockView<HTMLSpanElement>(clock, (at) => ({ text: `${label} ${formatDuration(Math.floor((at - since) / 1000), locale)}` }));
  return <span ref={ref} class="episode-time" title={t('episodeRunning')} />;
}

/** Sits over the conversation header: the episode's running time, its FRT once known, and the two actions. */
export function ConversationBar({ top, right, episode, clock, locale, onClose, onReturnToBot }: {
  top: number;
  right: number;
  episode: OpenEpisode | undefined;
  clock: Clock;
  locale: string;
  onClose: () => void;
  onReturnToBot: () => void;
}) {
  return (
    <div class="conversation-bar" style={{ top: `${top}px`, right: `${right}px` }}>
      {episode && <RunningTime key={episode.openedAt} since={episode.openedAt} clock={clock} locale={locale} />}
      {episode?.firstResponseS != null && (
        <span class="episode-frt" data-frt-s={episode.firstResponseS}>{t('frtShort')} {formatDuration(episode.firstResponseS, locale)}</span>
      )}
      <button type="button" class="action close" onClick={onClose}>{t('actionClose')}</button>
      <button type="button" class="action return" onClick={onReturnToBot}>{t('actionReturnToBot')}</button>
    </div>
  );
}
