import { useComputed, type ReadonlySignal } from '@preact/signals';
import { formatDuration } from '../../lib/format-duration';
import { waitLevel } from '../../lib/wait-level';

export interface RowPlacement { chat: string; top: number; right: number; height: number }

/** A running wait and the target it is measured against (FRT before the first reply, RT after). */
export interface RunningWait { since: number; targetS: number }

/**
 * One timer. The clock is read only inside computed signals bound to the text and the class, so
 * the shared tick updates those two DOM values and re-renders no component.
 */
function RowTimer({ row, wait, now, locale }: { row: RowPlacement; wait: RunningWait; now: ReadonlySignal<number>; locale: string }) {
  const waitS = useComputed(() => Math.max(0, Math.floor((now.value - wait.since) / 1000)));
  const text = useComputed(() => formatDuration(waitS.value, locale));
  const level = useComputed(() => `row-timer ${waitLevel(waitS.value, wait.targetS)}`);
  return (
    <span class={level} data-chat={row.chat} role="timer" style={{ top: `${row.top + row.height / 2}px`, left: `${row.right}px` }}>
      {text}
    </span>
  );
}

/** One timer per visible waiting chat, drawn over its row; answered chats get nothing. */
export function RowTimers({ rows, waits, now, locale }: {
  rows: RowPlacement[];
  waits: ReadonlyMap<string, RunningWait>;
  now: ReadonlySignal<number>;
  locale: string;
}) {
  return (
    <>
      {rows.map((row) => {
        const wait = waits.get(row.chat);
        // Keyed by chat and wait start: a new wait is a new timer, so its computed signals start afresh.
        return wait ? <RowTimer key={`${row.chat}@${wait.since}@${wait.targetS}`} row={row} wait={wait} now={now} locale={locale} /> : null;
      })}
    </>
  );
}
