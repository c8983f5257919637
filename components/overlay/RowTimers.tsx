import { formatDuration } from '../../lib/format-duration';
import { waitLevel } from '../../lib/wait-level';

export interface RowPlacement { chat: string; top: number; right: number; height: number }

/** One timer per visible waiting chat, drawn over its row; answered chats get nothing. */
/** A running wait and the target it is measured against (FRT before the first reply, RT after). */
export interface RunningWait { since: number; targetS: number }

export function RowTimers({ rows, waits, now, locale }: {
  rows: RowPlacement[];
  waits: ReadonlyMap<string, RunningWait>;
  now: number;
  locale: string;
}) {
  return (
    <>
      {rows.map((row) => {
        const wait = waits.get(row.chat);
        if (!wait) return null;
        const waitS = Math.max(0, (now - wait.since) / 1000);
        return (
          <span
            key={row.chat}
            class={`row-timer ${waitLevel(waitS, wait.targetS)}`}
            data-chat={row.chat}
            role="timer"
            style={{ top: `${row.top + row.height / 2}px`, left: `${row.right}px` }}
          >
            {formatDuration(Math.floor(waitS), locale)}
          </span>
        );
      })}
    </>
  );
}
