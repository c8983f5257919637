import type { ReadonlySignal } from '@preact/signals';
import { memo } from 'preact/compat';
import { formatDuration } from '../../lib/format-duration';
import { waitLevel } from '../../lib/wait-level';
import { useClockView, type Clock } from './clock';

export interface RowPlacement { chat: string; top: number; right: number; height: number }

/** A running wait and the target it is measured against (FRT before the first reply, RT after). */
export interface RunningWait { since: number; targetS: number }

/**
 * One timer: the clock writes its text and level class; a render only places it, by a transform
 * (no layout of anything else) at its row's right edge, vertically centred. Its props are plain
 * values, so the list re-renders only the timers whose row moved.
 */
const RowTimer = memo(function RowTimer({ chat, x, y, since, targetS, clock, locale }: {
  chat: string; x: number; y: number; since: number; targetS: number; clock: Clock; locale: string;
}) {
  const ref = useClockView<HTMLSpanElement>(clock, (at) => {
    const waitS = Math.max(0, Math.floor((at - since) / 1000));
    return { text: formatDuration(waitS, locale), className: `row-timer ${waitLevel(waitS, targetS)}` };
  });
  return <span ref={ref} data-chat={chat} role="timer" style={{ transform: `translate(${x}px, ${y}px) translate(-100%, -50%)` }} />;
});

/**
 * One timer per visible waiting chat, drawn over its row; answered chats get nothing. Reads the
 * placements and the waits itself, so a row that moves re-renders the timers and nothing else.
 */
export function RowTimers({ rows, waits, clock, locale }: {
  rows: ReadonlySignal<RowPlacement[]>;
  waits: ReadonlySignal<ReadonlyMap<string, RunningWait>>;
  clock: Clock;
  locale: string;
}) {
  const running = waits.value;
  return (
    <>
      {rows.value.map((row) => {
        const wait = running.get(row.chat);
        // Keyed by chat and wait start: a new wait is a new timer, bound to the clock afresh.
        return wait && (
          <RowTimer key={`${row.chat}@${wait.since}@${wait.targetS}`} chat={row.chat} x={row.right} y={row.top + row.height / 2}
            since={wait.since} targetS={wait.targetS} clock={clock} locale={locale} />
        );
      })}
    </>
  );
}
