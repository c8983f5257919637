/**
 * events.ndjson, the raw event log (docs/formats.md): one JSON object per line, sorted by time
 * then id. Lines are produced one at a time so a million events never become one giant
 * string (lines.ts splits them again on import).
 */
import type { InboxEvent } from '../events';
import { byTimeThenId } from './merge';
import type { Range } from '../metrics/periods';

/** The export's lines (without newlines), sorted; only events with from ≤ at < to when a range is given. */
export function* eventsNdjsonLines(events: Iterable<InboxEvent>, range?: Range): Generator<string> {
  const chosen = [...events].filter((e) => {
    if (!range) return true;
    const t = Date.parse(e.at);
    return t >= range.from && t < range.to;
  });
  chosen.sort(byTimeThenId);
  for (const e of chosen) yield JSON.stringify(e);
}

/** The whole export as one string, each line ending with "\n". For small logs; stream the lines otherwise. */
export function toEventsNdjson(events: Iterable<InboxEvent>, range?: Range): string {
  let out = '';
  for (const line of eventsNdjsonLines(events, range)) out += `${line}\n`;
  return out;
}
