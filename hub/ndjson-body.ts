/**
 * A POST /v1/events body: at most 20 000 lines (the 5 MB limit is the server's), every line
 * validated by the extension's own import before anything is stored.
 */
import type { InboxEvent } from '../lib/events';
import { ImportError, parseEventsNdjson } from '../lib/formats/import';

export const MAX_BODY_BYTES = 5 * 1024 * 1024;
export const MAX_LINES = 20_000;

export class BodyError extends Error {
  constructor(readonly status: 400 | 413, message: string) {
    super(message);
  }
}

function lineCount(text: string): number {
  let lines = text.length > 0 && !text.endsWith('\n') ? 1 : 0;
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', nl + 1)) lines++;
  return lines;
}

/** The body's events, in order; throws BodyError. */
export async function parseBody(text: string): Promise<InboxEvent[]> {
  if (lineCount(text) > MAX_LINES) throw new BodyError(413, `at most ${MAX_LINES} lines per request`);
  try {
    return await parseEventsNdjson(text);
  } catch (err) {
    if (err instanceof ImportError) throw new BodyError(400, err.message);
    throw err;
  }
}
