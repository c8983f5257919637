import type { ReadonlySignal } from '@preact/signals';
import { memo } from 'preact/compat';
import { formatDuration } from '../../lib/format-duration';
import { waitLevel } from '../../lib/wait-level';
import { useClockView, type Clock } from './clock';
import type { PlacedTimer } from './timer-placement';

/**
 * One timer: the clock writes its text and level class; a render only places it, by a transform
 * (no layout of anything else) at its row's right edge, vertically centred. Its props are plain
 * values, so the list re-renders only the timers whose row moved.
 */
const RowTimer = memo(function RowTimer({ chat, x, y, since, targetS, approximate, clock, locale }: PlacedTimer & { clock: Clock; locale: string }) {
  const ref = useClockView<HTMLSpanElement>(clock, (at) => {
    const waitS = Math.max(0, Math.floor((at - since) / 1000));
    // A wait from history (the backlog at load) is known to the minute only.
    return { text: `${approximate ? '≈ ' : ''}${formatDuration(waitS, locale)}`, className: `row-timer ${waitLevel(waitS, targetS)}` };
  });
  return <span ref={ref} data-chat={chat} role="timer" style={{ transform: `translate(${x}px, ${y}px) translate(-100%, -50%)` }} />;
});

/** The waiting chats' timers, each over its row. */
export function RowTimers({ timers, clock, locale }: { timers: ReadonlySignal<readonly PlacedTimer[]>; clock: Clock; locale: string }) {
  return (
    <>
      {timers.value.map((timer) => (
        // Keyed by chat and wait start: a new wait is a new timer, bound to the clock afresh.
        <RowTimer key={`${timer.chat}@${timer.since}@${timer.targetS}`} {...timer} clock={clock} locale={locale} />
      ))}
    </>
  );
}
