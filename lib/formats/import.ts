/**
 * Import of events.ndjson: every line is validated before the caller may write anything
 * (FORMATS.md: one bad line rejects the whole file with its line number and reason).
 * Empty lines are allowed only at the end of the file.
 */
import type { InboxEvent } from '../events';
import { ImportError } from './import-error';
import { type Chunks, checkLineLength, lineBatches } from './lines';
import { eventProblem } from './validate';

export { ImportError };

export interface ParseOptions {
  /** Called with the number of lines validated so far, every `progressEvery` lines and at the end. */
  onProgress?: (linesDone: number) => void;
  progressEvery?: number;
}

/** Validates lines one by one and keeps the events. */
class LineReader {
  readonly events: InboxEvent[] = [];
  line = 0;
  private blankAt: number | null = null;

  push(text: string): void {
    this.line++;
    if (text.trim() === '') {
      this.blankAt ??= this.line;
      return;
    }
    if (this.blankAt !== null) throw new ImportError(this.blankAt, 'empty line before the end of the file');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new ImportError(this.line, `invalid JSON (${(err as Error).message})`);
    }
    const problem = eventProblem(value);
    if (problem) throw new ImportError(this.line, problem);
    this.events.push(value as InboxEvent);
  }
}

async function read(batches: AsyncIterable<string[]>, options: ParseOptions): Promise<InboxEvent[]> {
  const reader = new LineReader();
  const every = options.progressEvery ?? 10_000;
  let reported = 0;
  for await (const batch of batches) {
    for (const line of batch) {
      reader.push(line);
      if (options.onProgress && reader.line % every === 0) options.onProgress((reported = reader.line));
    }
  }
  if (reported !== reader.line) options.onProgress?.(reader.line);
  return reader.events;
}

/** Lines already split by the caller, held to the same length limit as a file's. */
async function* batched(lines: AsyncIterable<string> | Iterable<string>): AsyncGenerator<string[]> {
  let n = 0;
  for await (const line of lines) {
    checkLineLength(line.length, ++n);
    yield [line];
  }
}

/**
 * Parses a whole text, or an (async) iterable of lines, into validated events (in file
 * order, duplicates kept: merge them with formats/merge). Throws ImportError.
 */
export async function parseEventsNdjson(input: string | AsyncIterable<string> | Iterable<string>, options: ParseOptions = {}): Promise<InboxEvent[]> {
  return read(typeof input === 'string' ? lineBatches([input]) : batched(input), options);
}

/**
 * The streaming variant: raw chunks (strings or UTF-8 bytes, e.g. `file.stream()` or a Node
 * read stream) are split into lines as they arrive, so no whole-file string is ever built.
 */
export async function parseEventsStream(chunks: Chunks, options: ParseOptions = {}): Promise<InboxEvent[]> {
  return read(lineBatches(chunks), options);
}
