import { describe, expect, it } from 'vitest';
import { ImportError, parseEventsNdjson, parseEventsStream } from '../../../lib/formats/import';
import { eventProblem } from '../../../lib/formats/validate';

const msg = {
  v: 1, id: 'm:whatsapp:c1:k1', type: 'message', at: '2026-11-24T10:41:07.250Z', site: 'whatsapp', chat: 'c1', chatTitle: 'Bob',
  msg: 'k1', dir: 'in', by: 'customer', attribution: 'none', live: true,
};
const valid = {
  agent: { v: 1, id: 'a:ana', type: 'agent', at: '2026-11-24T10:00:00.000Z', agent: 'ana', name: 'Ana', team: 'support' },
  message: msg,
  close: { v: 1, id: 'c1', type: 'close', at: '2026-11-24T10:00:00.000Z', site: 'whatsapp', chat: 'c1', agent: 'auto' },
  return_to_bot: { v: 1, id: 'r1', type: 'return_to_bot', at: '2026-11-24T10:00:00.000Z', site: 'whatsapp', chat: 'c1', agent: 'ana' },
  status: { v: 1, id: 's1', type: 'status', at: '2026-11-24T10:00:00.000Z', agent: 'ana', status: 'online', reason: 'heartbeat' },
};
const lines = (...objs: unknown[]): string => objs.map((o) => (typeof o === 'string' ? o : JSON.stringify(o))).join('\n');

async function rejection(input: string): Promise<ImportError> {
  try {
    await parseEventsNdjson(input);
  } catch (err) {
    if (err instanceof ImportError) return err;
    throw err;
  }
  throw new Error('accepted');
}

describe('event validation', () => {
  it('accepts every known type with its required fields', () => {
    for (const e of Object.values(valid)) expect(eventProblem(e)).toBeNull();
  });

  it.each([
    ['v must be 1', { ...msg, v: 2 }, '"v" must be 1'],
    ['id must be a non-empty string', { ...msg, id: '' }, '"id"'],
    ['unknown type is rejected', { ...msg, type: 'typing' }, 'unknown "type": "typing"'],
    ['at needs milliseconds', { ...msg, at: '2026-11-24T10:41:07Z' }, '"at" must be ISO-8601 UTC with milliseconds'],
    ['at must be UTC', { ...msg, at: '2026-11-24T10:41:07.250+01:00' }, '"at" must be ISO-8601'],
    ['at must be a real time', { ...msg, at: '2026-02-30T10:41:07.250Z' }, 'not a real time'],
    ['site enum', { ...msg, site: 'sms' }, '"site" must be one of whatsapp, telegram'],
    ['dir enum', { ...msg, dir: 'up' }, '"dir" must be one of in, out'],
    ['by enum', { ...msg, by: 'robot' }, '"by" must be one of'],
    ['by and dir agree', { ...msg, by: 'agent', agent: 'ana' }, 'does not go with'],
    ['agent messages name their agent', { ...msg, dir: 'out', by: 'agent' }, '"agent" must be a non-empty string'],
    ['attribution enum', { ...msg, attribution: 'phone' }, '"attribution" must be one of local, signature, none'],
    ['live is boolean', { ...msg, live: 'yes' }, '"live" must be true or false'],
    ['route is a label', { ...msg, route: 3 }, '"route"'],
    ['handoff is boolean', { ...msg, handoff: 1 }, '"handoff"'],
    ['chat is required', { ...msg, chat: undefined }, '"chat"'],
    ['status enum', { ...valid.status, status: 'away' }, '"status" must be one of online, unavailable, offline'],
    ['reason enum', { ...valid.status, reason: 'lunch' }, '"reason" must be one of'],
    ['close needs an agent', { ...valid.close, agent: '' }, '"agent"'],
    ['agent event needs a name', { ...valid.agent, name: undefined }, '"name" must be a string'],
    ['an array is not an event', [], 'not a JSON object'],
    ['not before WhatsApp existed', { ...msg, at: '2008-12-31T23:59:59.999Z' }, '"at" is before 2009-01-01, when WhatsApp began: 2008-12-31T23:59:59.999Z'],
    ['year zero', { ...msg, at: '0000-02-29T00:00:00.000Z' }, '"at"'],
    ['a link does not supersede its own message', { v: 1, id: 'l1', type: 'link', at: msg.at, site: 'whatsapp', chat: 'c1', msg: 'k1', toChat: 'c1', toMsg: 'k1' }, 'a message cannot supersede itself'],
  ])('%s', (_name, value, reason) => {
    expect(eventProblem(value)).toContain(reason);
  });

  it('refuses a time more than a day after the time of import, not one just within it', () => {
    const now = Date.parse('2026-11-24T10:00:00.000Z');
    expect(eventProblem({ ...msg, at: '2026-11-25T10:00:00.000Z' }, now)).toBeNull();
    expect(eventProblem({ ...msg, at: '2026-11-25T10:00:00.001Z' }, now)).toBe('"at" is more than a day after the time of import (2026-11-24T10:00:00.000Z): 2026-11-25T10:00:00.001Z');
    expect(eventProblem({ ...msg, at: '2009-01-01T00:00:00.000Z' }, now)).toBeNull();
  });

  it('refuses values nested deeper than 32 levels, however deep, and keeps shallower unknown fields', () => {
    const nested = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);
    expect(eventProblem({ ...msg, extra: nested(31) })).toBeNull();
    for (const depth of [32, 100_000]) expect(eventProblem({ ...msg, extra: nested(depth) })).toBe('nested more than 32 levels deep');
  });
});

describe('parseEventsNdjson', () => {
  it('parses every line, keeping unknown fields', async () => {
    const events = await parseEventsNdjson(lines(valid.agent, { ...msg, extra: { x: 1 } }, valid.status) + '\n');
    expect(events.map((e) => e.type)).toEqual(['agent', 'message', 'status']);
    expect(events[1]!.extra).toEqual({ x: 1 });
  });

  it('one bad line rejects the file with its 1-based line number and reason', async () => {
    const err = await rejection(lines(valid.agent, msg, { ...msg, type: 'typing' }, valid.status));
    expect([err.line, err.reason]).toEqual([3, 'unknown "type": "typing"']);
    expect(err.message).toBe('line 3: unknown "type": "typing"');
  });

  it('reports invalid JSON with its line', async () => {
    const err = await rejection(lines(valid.agent, '{"v":1,'));
    expect(err.line).toBe(2);
    expect(err.reason).toMatch(/^invalid JSON/);
  });

  it('empty lines at the end are allowed, not in the middle', async () => {
    expect(await parseEventsNdjson(lines(valid.agent) + '\n\n  \n')).toHaveLength(1);
    const err = await rejection(lines(valid.agent, '', valid.status));
    expect([err.line, err.reason]).toEqual([2, 'empty line before the end of the file']);
    expect(await parseEventsNdjson('')).toEqual([]);
  });

  it('accepts CRLF and a byte-order mark', async () => {
    expect(await parseEventsNdjson('\uFEFF' + JSON.stringify(valid.agent) + '\r\n' + JSON.stringify(msg) + '\r\n')).toHaveLength(2);
  });

  it('the same event twice with a deeply nested unknown field is refused on its first line, not a crash', async () => {
    const deep = `{"x":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
    const line = JSON.stringify(msg).replace(/}$/, `,"extra":${deep}}`);
    const err = await rejection(lines(valid.agent, line, line));
    expect([err.line, err.reason]).toEqual([2, 'nested more than 32 levels deep']);
  });

  it('refuses a file whose events lie in the future of the import', async () => {
    const err = await (parseEventsNdjson(lines(valid.agent, msg), { now: Date.parse('2026-11-23T10:00:00.000Z') }).catch((e: unknown) => e)) as ImportError;
    expect([err.line, err.reason]).toEqual([2, '"at" is more than a day after the time of import (2026-11-23T10:00:00.000Z): 2026-11-24T10:41:07.250Z']);
  });

  it('accepts an iterable of lines', async () => {
    async function* gen() {
      yield JSON.stringify(valid.agent);
      yield JSON.stringify(msg);
    }
    expect(await parseEventsNdjson(gen())).toHaveLength(2);
  });
});

describe('parseEventsStream', () => {
  it('validates chunk by chunk, lines and UTF-8 characters split across chunks', async () => {
    const text = lines({ ...msg, chatTitle: 'Zoë 🎉' }, valid.status) + '\n';
    const bytes = new TextEncoder().encode(text);
    async function* chunks() {
      for (let i = 0; i < bytes.length; i += 7) yield bytes.slice(i, i + 7);
    }
    const events = await parseEventsStream(chunks());
    expect(events.map((e) => e.chatTitle ?? e.type)).toEqual(['Zoë 🎉', 'status']);
  });

  it('rejects invalid UTF-8', async () => {
    async function* chunks() {
      yield new Uint8Array([0x7b, 0xff, 0x7d, 0x0a]);
    }
    await expect(parseEventsStream(chunks())).rejects.toBeInstanceOf(ImportError);
  });

  it('handles 1 million lines in chunks, reporting progress', async () => {
    const N = 1_000_000;
    const template = JSON.stringify(valid.status);
    async function* chunks() {
      const per = 5_000;
      for (let i = 0; i < N; i += per) {
        let chunk = '';
        for (let j = i; j < i + per; j++) chunk += template.replace('"s1"', `"s${j}"`) + '\n';
        yield chunk;
      }
    }
    const progress: number[] = [];
    const events = await parseEventsStream(chunks(), { onProgress: (n) => progress.push(n), progressEvery: 250_000 });
    expect(events).toHaveLength(N);
    expect(progress).toEqual([250_000, 500_000, 750_000, 1_000_000]);
  }, 60_000);
});
