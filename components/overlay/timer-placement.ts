/** A rendered chat row's box in the viewport, `right` where a timer's right edge goes. */
export interface RowPlacement { chat: string; top: number; right: number; height: number }

/**
 * A running wait and the target it is measured against (FRT before the first reply, RT after);
 * `approximate` when it started with a history message known to the minute only.
 */
export interface RunningWait { since: number; targetS: number; approximate: boolean }

/**
 * One timer as the timers frame draws it: its right edge at `x`, centred on `y` (viewport pixels),
 * counting from `since`. Only ids, times and positions: no message text crosses into the frame.
 */
export interface PlacedTimer { chat: string; x: number; y: number; since: number; targetS: number; approximate: boolean }

/** A timer for every visible row whose chat is waiting; answered chats get none. */
export const placeTimers = (rows: readonly RowPlacement[], waits: ReadonlyMap<string, RunningWait>): PlacedTimer[] =>
  rows.flatMap((row) => {
    const wait = waits.get(row.chat);
    return wait ? [{ chat: row.chat, x: row.right, y: row.top + row.height / 2, since: wait.since, targetS: wait.targetS, approximate: wait.approximate }] : [];
  });

/** The open chat's running episode time, drawn just left of its bar: `right` px from the viewport's right edge, centred on `y`. */
export interface PlacedEpisode { right: number; y: number; since: number }

/** Everything the timers frame draws: the only running times on screen. */
export interface FrameView { timers: readonly PlacedTimer[]; episode: PlacedEpisode | null }

export const samePlacedTimers = (a: readonly PlacedTimer[], b: readonly PlacedTimer[]): boolean =>
  a.length === b.length && a.every((p, i) => {
    const q = b[i];
    return p.chat === q.chat && p.x === q.x && p.y === q.y && p.since === q.since && p.targetS === q.targetS && p.approximate === q.approximate;
  });

const sameEpisode = (a: PlacedEpisode | null, b: PlacedEpisode | null): boolean =>
  a === b || (a !== null && b !== null && a.right === b.right && a.y === b.y && a.since === b.since);

export const sameFrameView = (a: FrameView, b: FrameView): boolean => samePlacedTimers(a.timers, b.timers) && sameEpisode(a.episode, b.episode);
