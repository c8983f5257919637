import type { ReadonlySignal } from '@preact/signals';
import { formatDuration } from '../../lib/format-duration';
import { t } from '../i18n';
import { useClockView, type Clock } from './clock';
import type { PlacedEpisode } from './timer-placement';

function RunningTime({ right, y, since, clock, locale }: PlacedEpisode & { clock: Clock; locale: string }) {
  const label = t('episodeRunningShort');
  const ref = useClockView<HTMLSpanElement>(clock, (at) => ({ text: `${label} ${formatDuration(Math.floor((at - since) / 1000), locale)}` }));
  return <span ref={ref} class="episode-time" title={t('episodeRunning')} style={{ transform: `translate(${-right}px, ${y}px) translateY(-50%)` }} />;
}

/** The open chat's episode time, just left of its conversation bar (which stays in the inbox page). */
export function EpisodeTime({ episode, clock, locale }: { episode: ReadonlySignal<PlacedEpisode | null>; clock: Clock; locale: string }) {
  const placed = episode.value;
  // Keyed by the episode's start: a new episode is a new running time, bound to the clock afresh.
  return placed && <RunningTime key={placed.since} {...placed} clock={clock} locale={locale} />;
}
