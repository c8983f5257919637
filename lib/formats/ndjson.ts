/**
 * events.ndjson, the raw event log (FORMATS.md): one JSON object per line, sorted by time
 * then id. Lines are produced and consumed one at a time so a million events never become
 * one giant string.
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

/**
 * Splits text chunks (or UTF-8 bytes, e.g. from a File stream) into lines, accepting LF and
 * CRLF endings and a leading byte-order mark. A last line without a newline is yielded too.
 */
export async function* linesOf(chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let buffer = '';
  let first = true;
  const take = function* (text: string): Generator<string> {
    buffer += text;
    if (first && buffer.length > 0) {
      if (buffer.charCodeAt(0) === 0xfeff) buffer = buffer.slice(1);
      first = false;
    }
    let start = 0;
    for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n', start)) {
      const end = nl > start && buffer.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      yield buffer.slice(start, end);
      start = nl + 1;
    }
    buffer = buffer.slice(start);
  };
  for await (const chunk of chunks) yield* take(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
  yield* take(decoder.decode());
  if (buffer.length > 0) yield buffer.endsWith('\r') ? buffer.slice(0, -1) : buffer;
}
