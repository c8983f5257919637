import './row-timers.css';
import { signal } from '@preact/signals';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { createClock } from '../../components/overlay/clock';
import { RowTimers } from '../../components/overlay/RowTimers';
import { receiveTimers } from '../../components/overlay/timers-link';
import type { PlacedTimer } from '../../components/overlay/timer-placement';

// Framed over the inbox by the content script (components/overlay/TimersFrame.tsx).
const timers = signal<readonly PlacedTimer[]>([]);
receiveTimers((next) => { timers.value = next; });
render(<RowTimers timers={timers} clock={createClock()} locale={browser.i18n.getUILanguage()} />, document.body);
