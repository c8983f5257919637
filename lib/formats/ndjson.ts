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
 * Splits text chunks (or UTF-8 bytes, e.g. from a File stream) into lines, one batch per
 * chunk so a million lines cost a few hundred awaits, not a million. Accepts LF and CRLF
 * endings and a leading byte-order mark; a last line without a newline is included.
 * Throws a TypeError on invalid UTF-8.
 */
export async function* lineBatches(chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>): AsyncGenerator<string[]> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let buffer = '';
  let first = true;
  const take = (text: string): string[] => {
    buffer += text;
    if (first && buffer.length > 0) {
      if (buffer.charCodeAt(0) === 0xfeff) buffer = buffer.slice(1);
      first = false;
    }
    const lines: string[] = [];
    let start = 0;
    for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n', start)) {
      lines.push(buffer.slice(start, nl > start && buffer.charCodeAt(nl - 1) === 13 ? nl - 1 : nl));
      start = nl + 1;
    }
    buffer = buffer.slice(start);
    return lines;
  };
  for await (const chunk of chunks) {
    const lines = take(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (lines.length) yield lines;
  }
  const last = take(decoder.decode());
  if (buffer.length > 0) last.push(buffer.endsWith('\r') ? buffer.slice(0, -1) : buffer);
  if (last.length) yield last;
}

/** The lines of `chunks`, one by one (see lineBatches). */
export async function* linesOf(chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>): AsyncGenerator<string> {
  for await (const batch of lineBatches(chunks)) yield* batch;
}
