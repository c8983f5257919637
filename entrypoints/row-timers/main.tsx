import './row-timers.css';
import { signal } from '@preact/signals';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { createClock } from '../../components/overlay/clock';
import { EpisodeTime } from '../../components/overlay/EpisodeTime';
import { RowTimers } from '../../components/overlay/RowTimers';
import { receiveFrameView } from '../../components/overlay/timers-link';
import type { PlacedEpisode, PlacedTimer } from '../../components/overlay/timer-placement';

// Framed over the inbox by the content script (components/overlay/TimersFrame.tsx).
const timers = signal<readonly PlacedTimer[]>([]);
const episode = signal<PlacedEpisode | null>(null);
receiveFrameView((view) => {
  timers.value = view.timers;
  episode.value = view.episode;
});
const clock = createClock();
const locale = browser.i18n.getUILanguage();
render(
  <>
    <RowTimers timers={timers} clock={clock} locale={locale} />
    <EpisodeTime episode={episode} clock={clock} locale={locale} />
  </>,
  document.body,
);
