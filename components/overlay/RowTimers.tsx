import { formatDuration } from '../../lib/format-duration';
import { waitLevel } from '../../lib/wait-level';

export interface RowPlacement { chat: string; top: number; right: number; height: number }

/** One timer per visible waiting chat, drawn over its row; answered chats get nothing. */
export function RowTimers({ rows, waitingSince, now, targetS, locale }: {
  rows: RowPlacement[];
  waitingSince: ReadonlyMap<string, number>;
  now: number;
  targetS: number;
  locale: string;
}) {
  return (
    <>
      {rows.map((row) => {
        const since = waitingSince.get(row.chat);
        if (since === undefined) return null;
        const waitS = Math.max(0, (now - since) / 1000);
        return (
          <span
            key={row.chat}
            class={`row-timer ${waitLevel(waitS, targetS)}`}
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
