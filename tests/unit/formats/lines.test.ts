import { describe, expect, it } from 'vitest';
import { ImportError, parseEventsNdjson, parseEventsStream } from '../../../lib/formats/import';
import { MAX_LINE_LENGTH, lineBatches } from '../../../lib/formats/lines';

const status = (n: number): string =>
  JSON.stringify({ v: 1, id: `s${n}`, type: 'status', at: '2026-11-24T10:00:00.000Z', agent: 'ana', status: 'online', reason: 'heartbeat' });
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

async function rejection(run: Promise<unknown>): Promise<ImportError> {
  const err = await run.then(() => new Error('accepted'), (e: unknown) => e);
  if (!(err instanceof ImportError)) throw err;
  return err;
}

async function all(chunks: Iterable<string | Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of lineBatches(chunks)) out.push(...batch);
  return out;
}

/** `text` as UTF-8 chunks of `size` bytes. */
function* chunked(text: string, size: number): Generator<Uint8Array> {
  const b = bytes(text);
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

async function elapsed(run: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
}

describe('line splitting', () => {
  it('splits LF and CRLF lines across chunks, strips one leading byte-order mark, keeps a last line without newline', async () => {
    const text = '\uFEFFa\r\nbé\n\uFEFFc\n\nlast';
    for (const size of [1, 2, 3, 64]) expect(await all(chunked(text, size))).toEqual(['a', 'bé', '\uFEFFc', '', 'last']);
    expect(await all([text])).toEqual(['a', 'bé', '\uFEFFc', '', 'last']);
  });

  it('one long line costs about what as many bytes of short lines cost (one pass, not a rescan per chunk)', async () => {
    const size = MAX_LINE_LENGTH - 10;
    const long = `"${'x'.repeat(size - 2)}"\n`;
    const short = `${'"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"\n'.repeat(size / 50)}`;
    const count = async (text: string) => {
      let n = 0;
      for await (const batch of lineBatches(chunked(text, 64))) n += batch.length;
      return n;
    };
    const tShort = await elapsed(() => count(short));
    const tLong = await elapsed(async () => expect(await count(long)).toBe(1));
    // Loose on purpose: a rescan per chunk is thousands of times slower here.
    expect(tLong).toBeLessThan(Math.max(20 * tShort, 500));
  });

  it('stops an endless line at the limit, naming its line (`/dev/zero` does not hang)', async () => {
    function* zeros(): Generator<Uint8Array> {
      yield bytes(`${status(1)}\n`);
      for (;;) yield new Uint8Array(65536);
    }
    const err = await rejection(parseEventsStream(zeros()));
    expect([err.line, err.reason]).toEqual([2, `longer than ${MAX_LINE_LENGTH} bytes (1 MiB), the longest line accepted`]);
  });

  it('accepts a line of exactly the limit and refuses one more, in a text, a stream or given lines', async () => {
    const at = (n: number) => `"${'x'.repeat(n - 2)}"`;
    expect((await rejection(parseEventsNdjson(at(MAX_LINE_LENGTH)))).reason).toBe('not a JSON object');
    const inputs = [
      () => parseEventsNdjson(`${status(1)}\n${at(MAX_LINE_LENGTH + 1)}`),
      () => parseEventsStream(chunked(`${status(1)}\n${at(MAX_LINE_LENGTH + 1)}\n`, 4096)),
      () => parseEventsNdjson([status(1), at(MAX_LINE_LENGTH + 1)]),
    ];
    for (const input of inputs) {
      const err = await rejection(input());
      expect([err.line, err.reason]).toEqual([2, `longer than ${MAX_LINE_LENGTH} bytes (1 MiB), the longest line accepted`]);
    }
  });

  it('reports invalid UTF-8 on its own line, even deep inside one chunk', async () => {
    const good = bytes(`${status(1)}\n${status(2)}\n${status(3)}\n`);
    const bad = new Uint8Array([...good, 0x7b, 0xc3, 0x28, 0x7d, 0x0a, ...bytes(`${status(4)}\n`)]);
    const err = await rejection(parseEventsStream([bad]));
    expect([err.line, err.reason]).toEqual([4, 'not valid UTF-8']);
  });

  it('a bad line before invalid UTF-8 in the same chunk is the one reported', async () => {
    const chunk = new Uint8Array([...bytes(`${status(1)}\n{"v":1,\n${status(3)}\n`), 0xff, 0x0a]);
    const err = await rejection(parseEventsStream([chunk]));
    expect(err.line).toBe(2);
    expect(err.reason).toMatch(/^invalid JSON/);
  });

  it('a UTF-8 character split across chunks is not an error', async () => {
    const text = `${JSON.stringify({ v: 1, id: 'a', type: 'agent', at: '2026-11-24T10:00:00.000Z', agent: 'ana', name: 'Zoë 🎉', team: 't' })}\n`;
    for (const size of [1, 2, 3, 5]) expect((await parseEventsStream(chunked(text, size)))[0]!.name).toBe('Zoë 🎉');
  });
});
