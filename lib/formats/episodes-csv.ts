/** episodes.csv (docs/formats.md): one row per episode opened in the chosen period. */
import type { Episode } from '../metrics/episodes';
import type { Range } from '../metrics/periods';
import { type Cell, secondsCell, timeCell, toCsv } from './csv';

export const EPISODES_CSV_HEADER = [
  'episode_id', 'site', 'chat', 'chat_title', 'route', 'opened_at', 'closed_at', 'closed_by', 'owner',
  'first_response_s', 'responses', 'response_mean_s', 'response_max_s', 'close_s', 'handling_s',
  'bot_returns', 'bot_return_mean_s', 'first_response_bh_s', 'close_bh_s', 'before_recording',
] as const;

const mean = (xs: number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

export function episodeRow(ep: Episode): Cell[] {
  const waits = ep.waits.map((w) => w.ms);
  return [
    ep.id,
    ep.site,
    ep.chat,
    ep.chatTitle,
    ep.route,
    timeCell(ep.openedAt),
    timeCell(ep.closedAt),
    ep.closedBy ?? '',
    ep.owner,
    secondsCell(ep.waits[0]?.ms),
    ep.waits.length,
    secondsCell(mean(waits)),
    secondsCell(waits.length ? waits.reduce((a, b) => Math.max(a, b)) : null),
    secondsCell(ep.closeMs),
    secondsCell(ep.handlingMs),
    ep.botReturns.length,
    secondsCell(mean(ep.botReturns.map((r) => r.ms))),
    secondsCell(ep.waits[0]?.bhMs),
    secondsCell(ep.closeBhMs),
    // Opened before the log's recording start: listed, its durations counted in no KPI (docs/metrics.md).
    ep.beforeRecording ? 1 : 0,
  ];
}

/**
 * Episodes whose start lies in the period (so consecutive exports never repeat an
 * episode); all of them without a range.
 */
export function episodesCsv(episodes: Iterable<Episode>, range?: Range): string {
  const rows: Cell[][] = [];
  for (const ep of episodes) {
    if (range && (ep.openedAt < range.from || ep.openedAt >= range.to)) continue;
    rows.push(episodeRow(ep));
  }
  return toCsv(EPISODES_CSV_HEADER, rows);
}
