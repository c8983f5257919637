/**
 * Import of events.ndjson: every line is validated before the caller may write anything
 * (docs/formats.md: one bad line rejects the whole file with its line number and reason).
 * Empty lines are allowed only at the end of the file. Copies of one event are merged, a
 * same-id event that is another fact rejects the file, and messages superseded by a link
 * are dropped (event-log.ts).
 */
import type { InboxEvent } from '../events';
import { EventLog } from './event-log';
import { ImportError } from './import-error';
import { type Chunks, checkLineLength, lineBatches } from './lines';
import { eventProblem } from './validate';

export { ImportError };

export interface ParseOptions {
  /** Called with the number of lines validated so far, every `progressEvery` lines and at the end. */
  onProgress?: (linesDone: number) => void;
  progressEvery?: number;
  /** The time of import (events more than a day later are refused); Date.now() by default. */
  now?: number;
  /** The file's name, for conflicts found across the files read into one log. */
  file?: string;
}

/** Validates lines one by one into the log. */
class LineReader {
  line = 0;
  private blankAt: number | null = null;

  constructor(
    private readonly log: EventLog,
    private readonly options: ParseOptions,
    private readonly now: number,
  ) {}

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
    const problem = eventProblem(value, this.now);
    if (problem) throw new ImportError(this.line, problem);
    this.log.add(value as InboxEvent, { file: this.options.file, line: this.line });
  }
}

async function read(log: EventLog, batches: AsyncIterable<string[]>, options: ParseOptions): Promise<void> {
  const reader = new LineReader(log, options, options.now ?? Date.now());
  const every = options.progressEvery ?? 10_000;
  let reported = 0;
  for await (const batch of batches) {
    for (const line of batch) {
      reader.push(line);
      if (options.onProgress && reader.line % every === 0) options.onProgress((reported = reader.line));
    }
  }
  if (reported !== reader.line) options.onProgress?.(reader.line);
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
 * Parses a whole text, or an (async) iterable of lines, into validated events, one per id.
 * Throws ImportError.
 */
export async function parseEventsNdjson(input: string | AsyncIterable<string> | Iterable<string>, options: ParseOptions = {}): Promise<InboxEvent[]> {
  const log = new EventLog();
  await read(log, typeof input === 'string' ? lineBatches([input]) : batched(input), options);
  return log.events();
}

/**
 * Reads raw chunks (strings or UTF-8 bytes, e.g. `file.stream()` or a Node read stream) into
 * `log`, split into lines as they arrive, so no whole-file string is ever built. Several files
 * read into one log merge as one: conflicts and links span them. Throws ImportError.
 */
export async function readEventsInto(log: EventLog, chunks: Chunks, options: ParseOptions = {}): Promise<void> {
  await read(log, lineBatches(chunks), options);
}

/** The events of one file's chunks, one per id (see readEventsInto). */
export async function parseEventsStream(chunks: Chunks, options: ParseOptions = {}): Promise<InboxEvent[]> {
  const log = new EventLog();
  await readEventsInto(log, chunks, options);
  return log.events();
}
