/**
 * Generated bad and extreme events.ndjson files, thrown at the import parser and at the
 * report command's entry function (in process). Each file is a few valid lines, one bad line
 * of a known kind, then anything: every file must be refused at exactly its bad line with a
 * one-line reason (exit 2 for the command, nothing written), in time linear in its size.
 */
import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImportError, parseEventsStream } from '../../../lib/formats/import';
import { MAX_LINE_LENGTH } from '../../../lib/formats/lines';
import { main } from '../../../lib/report/cli';

vi.setConfig({ testTimeout: 300_000 });

const NOW = Date.parse('2026-12-01T12:00:00.000Z');
const tmp = mkdtempSync(join(tmpdir(), 'inbox-pulse-fuzz-'));

type Obj = Record<string, unknown>;
const base = (i: number, at: string): Obj => ({ v: 1, id: `e${i}`, at });
const wordArb = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: 1, maxLength: 8 });
const atArb = fc.integer({ min: Date.parse('2020-01-01T00:00:00.000Z'), max: NOW }).map((t) => new Date(t).toISOString());

/** A valid event, numbered so that valid lines never share an id. */
const validEvent = (i: number): fc.Arbitrary<Obj> =>
  fc.tuple(atArb, fc.constantFrom('customer', 'agent', 'close', 'status', 'agent-info'), wordArb).map(([at, kind, word]) => {
    if (kind === 'customer' || kind === 'agent') {
      return {
        ...base(i, at), type: 'message', site: 'whatsapp', chat: `c${word}`, chatTitle: word, msg: `k${i}`,
        dir: kind === 'customer' ? 'in' : 'out', by: kind, ...(kind === 'agent' ? { agent: word } : {}), attribution: 'none', live: true,
      };
    }
    if (kind === 'close') return { ...base(i, at), type: 'close', site: 'whatsapp', chat: `c${word}`, agent: word };
    if (kind === 'status') return { ...base(i, at), type: 'status', agent: word, status: 'online', reason: 'heartbeat' };
    return { ...base(i, at), type: 'agent', agent: word, name: word, team: 't' };
  });

interface Bad {
  kind: string;
  /** The bad line (without newline), as text or raw bytes. */
  line: string | Uint8Array;
  /** What the reason must say. */
  reason: RegExp;
  /** The line of the earlier copy this one conflicts with (1-based), for conflicts; the reason names it. */
  conflictsWith?: number;
}

const enc = new TextEncoder();
function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}
// No strings: a title or a name may be any string.
const wrongValue = fc.constantFrom<unknown>(null, 7, true, [], {});
const REQUIRED: Record<string, string[]> = {
  message: ['site', 'chat', 'msg', 'dir', 'by', 'attribution', 'live', 'chatTitle'],
  close: ['site', 'chat', 'agent'],
  status: ['agent', 'status', 'reason'],
  agent: ['agent', 'name', 'team'],
};

/** One bad line, built from a valid event `e` (the events before it are `prefix`). */
function badLine(e: Obj, prefix: Obj[]): fc.Arbitrary<Bad> {
  const text = JSON.stringify(e);
  const kinds: Array<fc.Arbitrary<Bad>> = [
    fc.integer({ min: 1, max: text.length - 1 }).map((n) => ({ kind: 'truncated JSON', line: text.slice(0, n), reason: /^invalid JSON|^not a JSON object/ })),
    fc.string({ minLength: 1, maxLength: 40 }).map((s) => ({ kind: 'garbage', line: `{${s}`, reason: /./ })),
    fc.constantFrom('3', '"x"', 'null', '[]', 'true').map((s) => ({ kind: 'not an object', line: s, reason: /^not a JSON object$/ })),
    fc.tuple(fc.constantFrom(...(REQUIRED[e.type as string] as string[])), wrongValue).map(([field, value]) => ({
      kind: 'wrong type', line: JSON.stringify({ ...e, [field]: value }), reason: /"\w+"/,
    })).filter((b) => b.line !== text),
    fc.constantFrom<unknown>(2, '1', null, undefined).map((v) => ({ kind: 'bad version', line: JSON.stringify({ ...e, v }), reason: /^"v" must be 1$/ })),
    fc.constantFrom('typing', 'Message', '', 42).map((type) => ({ kind: 'unknown type', line: JSON.stringify({ ...e, type }), reason: /^unknown "type"/ })),
    fc.oneof(
      fc.integer({ min: Date.parse('1970-01-01T00:00:00.000Z'), max: Date.parse('2008-12-31T23:59:59.999Z') }),
      fc.integer({ min: NOW + 24 * 3600 * 1000 + 1, max: Date.parse('9999-12-31T23:59:59.999Z') }),
    ).map((t) => ({ kind: 'far date', line: JSON.stringify({ ...e, at: new Date(t).toISOString() }), reason: /^"at" is (before 2009-01-01|more than a day after)/ })),
    fc.constantFrom('2026-02-30T10:00:00.000Z', '2026-13-01T10:00:00.000Z', '2026-11-24T10:00:00Z', '2026-11-24 10:00:00.000Z', '+275760-09-13T00:00:00.000Z').map((at) => ({
      kind: 'bad time', line: JSON.stringify({ ...e, at }), reason: /^"at"/,
    })),
    fc.integer({ min: 33, max: 50_000 }).map((depth) => ({
      kind: 'deep', line: JSON.stringify({ ...e, extra: 0 }).replace('0}', `${'['.repeat(depth)}${']'.repeat(depth)}}`), reason: /^nested more than 32 levels deep$/,
    })),
    fc.integer({ min: MAX_LINE_LENGTH + 1, max: MAX_LINE_LENGTH + 5000 }).map((n) => ({
      kind: 'long line', line: JSON.stringify({ ...e, extra: '' }).replace('""}', `"${'x'.repeat(n)}"}`), reason: /^longer than 1048576 bytes/,
    })),
    fc.tuple(fc.integer({ min: 0, max: text.length }), fc.integer({ min: 0x80, max: 0xff })).map(([at, byte]) => {
      const b = enc.encode(text);
      return { kind: 'bad UTF-8', line: concat(b.subarray(0, at), Uint8Array.of(byte), b.subarray(at)), reason: /^not valid UTF-8$/ };
    }),
  ];
  // Another fact under an id already read: a close by someone else, a status with another reason.
  const closes = prefix.map((p, i) => [p, i] as const).filter(([p]) => p.type === 'close' || p.type === 'status');
  if (closes.length > 0) {
    kinds.push(fc.constantFrom(...closes).map(([p, i]) => ({
      kind: 'conflicting copy',
      line: JSON.stringify(p.type === 'close' ? { ...p, agent: `${p.agent as string}-other` } : { ...p, reason: 'manual' }),
      reason: /^same id as .+:?\d+ but another "(agent|reason)"/,
      conflictsWith: i + 1,
    })));
  }
  return fc.oneof(...kinds);
}

interface Case {
  bad: Bad;
  /** 1-based line of the bad line. */
  lineNo: number;
  bytes: Uint8Array;
  chunkSize: number;
}

const caseArb: fc.Arbitrary<Case> = fc
  .integer({ min: 0, max: 5 })
  .chain((n) => fc.tuple(fc.tuple(...Array.from({ length: n + 1 }, (_, i) => validEvent(i))), fc.array(fc.oneof(validEvent(100), fc.string()), { maxLength: 3 }), fc.boolean(), fc.integer({ min: 64, max: 4096 })))
  .chain(([events, suffix, crlf, chunkSize]) => {
    const prefix = events.slice(0, -1);
    return badLine(events[events.length - 1]!, prefix).map((bad) => {
      const nl = crlf ? '\r\n' : '\n';
      const text = (lines: unknown[]) => enc.encode(lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l)) + nl).join(''));
      const line = typeof bad.line === 'string' ? enc.encode(bad.line + nl) : concat(bad.line, enc.encode(nl));
      const bytes = concat(text(prefix), line, text(suffix));
      return { bad, lineNo: prefix.length + 1, bytes, chunkSize };
    });
  });

function* chunksOf(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** Loose on purpose: a linear pass is ~100x faster; a rescan per chunk or a quadratic loop is not. */
const linearBudgetMs = (bytes: number): number => 500 + bytes / 500;

const kindsSeen = new Set<string>();

describe('bad and extreme files', () => {
  it('the import parser refuses each at its bad line with a one-line reason, in linear time', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ bad, lineNo, bytes, chunkSize }) => {
        kindsSeen.add(bad.kind);
        const t0 = performance.now();
        const err = await parseEventsStream(chunksOf(bytes, chunkSize), { now: NOW }).then(() => null, (e: unknown) => e);
        expect(performance.now() - t0).toBeLessThan(linearBudgetMs(bytes.length));
        expect(err, bad.kind).toBeInstanceOf(ImportError);
        const { line, reason, message } = err as ImportError;
        expect([bad.kind, line]).toEqual([bad.kind, lineNo]);
        expect(reason).toMatch(bad.reason);
        if (bad.conflictsWith) expect(reason).toContain(`same id as line ${bad.conflictsWith} `);
        expect(message).not.toMatch(/[\r\n]/);
      }),
      { numRuns: 300 },
    );
    // Every kind of bad line was thrown.
    expect(kindsSeen.size).toBeGreaterThanOrEqual(11);
  });

  it('the report command exits 2 with one line naming the file and line, and writes nothing', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ bad, lineNo, bytes }) => {
        const file = join(tmp, `case-${++n}.ndjson`);
        const csv = join(tmp, `case-${n}.csv`);
        writeFileSync(file, bytes);
        let stdout = '';
        let stderr = '';
        const t0 = performance.now();
        const code = await main([file, '--episodes-csv', csv, '--agents-csv', `${csv}.agents`], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), clock: () => NOW });
        expect(performance.now() - t0).toBeLessThan(linearBudgetMs(bytes.length));
        expect([bad.kind, code, stdout]).toEqual([bad.kind, 2, '']);
        expect(stderr.startsWith(`report: ${file}:${lineNo}: `)).toBe(true);
        expect(stderr.slice(`report: ${file}:${lineNo}: `.length, -1)).toMatch(bad.reason);
        if (bad.conflictsWith) expect(stderr).toContain(`same id as ${file}:${bad.conflictsWith} `);
        expect(stderr.indexOf('\n')).toBe(stderr.length - 1);
        expect([existsSync(csv), existsSync(`${csv}.agents`)]).toEqual([false, false]);
      }),
      { numRuns: 300 },
    );
  });
});
