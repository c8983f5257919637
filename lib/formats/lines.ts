/**
 * Splits events.ndjson as it arrives (text chunks or UTF-8 bytes, e.g. a File stream or a
 * Node read stream) into lines, in one pass: each chunk is searched once, and the pieces of
 * an unfinished line wait in a list until its newline comes, so a 100 MB line costs what 100 MB
 * of short lines cost. A line longer than MAX_LINE_LENGTH is refused when the limit is
 * crossed, before it is held whole, so an endless input (`/dev/zero`) stops after 1 MiB.
 * Bytes are split before they are decoded (a newline byte is never part of a UTF-8 sequence),
 * so invalid UTF-8 is reported on its own line.
 */
import { ImportError } from './import-error';

/**
 * The longest accepted line: 1 MiB (bytes of a file, characters of a text). A real event is a
 * few hundred bytes; the limit only bounds what one bad line can cost.
 */
export const MAX_LINE_LENGTH = 1 << 20;

type Chunk = string | Uint8Array;
export type Chunks = AsyncIterable<Chunk> | Iterable<Chunk>;

const tooLong = (line: number): ImportError => new ImportError(line, `longer than ${MAX_LINE_LENGTH} bytes (1 MiB), the longest line accepted`);

/** Throws when line `line` holds more than the limit. */
export function checkLineLength(length: number, line: number): void {
  if (length > MAX_LINE_LENGTH) throw tooLong(line);
}

const NEWLINE = 0x0a;
const indexOfNewline = (chunk: Chunk, from: number): number => (typeof chunk === 'string' ? chunk.indexOf('\n', from) : chunk.indexOf(NEWLINE, from));
const piece = (chunk: Chunk, start: number, end?: number): Chunk => (typeof chunk === 'string' ? chunk.slice(start, end) : chunk.subarray(start, end));

/** The pieces of the line being read, and their total length. */
class PendingLine {
  private parts: Chunk[] = [];
  private length = 0;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private readonly encoder = new TextEncoder();

  add(piece: Chunk, line: number): void {
    this.length += piece.length;
    checkLineLength(this.length, line);
    if (piece.length > 0) this.parts.push(piece);
  }

  get empty(): boolean {
    return this.parts.length === 0;
  }

  /** The line's text, without its CR; the pieces are released. */
  take(line: number): string {
    const parts = this.parts;
    this.parts = [];
    this.length = 0;
    const text = parts.every((p) => typeof p === 'string') ? parts.join('') : this.decode(parts, line);
    return text.endsWith('\r') ? text.slice(0, -1) : text;
  }

  private decode(parts: Chunk[], line: number): string {
    const bytes = parts.map((p) => (typeof p === 'string' ? this.encoder.encode(p) : p));
    const whole = new Uint8Array(bytes.reduce((n, b) => n + b.length, 0));
    let at = 0;
    for (const b of bytes) {
      whole.set(b, at);
      at += b.length;
    }
    try {
      return this.decoder.decode(whole);
    } catch {
      throw new ImportError(line, 'not valid UTF-8');
    }
  }
}

/**
 * The lines of `chunks`, one batch per chunk so a million lines cost a few hundred awaits,
 * not a million. Accepts LF and CRLF endings and a leading byte-order mark; a last line
 * without a newline is included. Throws ImportError (too long, not UTF-8) after yielding the
 * lines before the bad one, so a reader reports the first bad line of the file.
 */
export async function* lineBatches(chunks: Chunks): AsyncGenerator<string[]> {
  const pending = new PendingLine();
  let done = 0;
  let batch: string[] = [];
  const finishLine = (): void => {
    const text = pending.take(done + 1);
    batch.push(done === 0 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    done++;
  };
  try {
    for await (const chunk of chunks) {
      let start = 0;
      for (let nl = indexOfNewline(chunk, 0); nl !== -1; nl = indexOfNewline(chunk, start)) {
        pending.add(piece(chunk, start, nl), done + 1);
        finishLine();
        start = nl + 1;
      }
      pending.add(piece(chunk, start), done + 1);
      if (batch.length) yield batch;
      batch = [];
    }
    if (!pending.empty) finishLine();
  } catch (err) {
    if (batch.length) yield batch;
    throw err;
  }
  if (batch.length) yield batch;
}
