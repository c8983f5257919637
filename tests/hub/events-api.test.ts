import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkId, messageId } from '../../lib/events';
import { BACKENDS } from './backends';
import { type TestHub, lines, message, ndjson, startTestHub, status } from './harness';

describe.each(BACKENDS)('POST and GET /v1/events on %s', (backend) => {
  let hub: TestHub;
  let alice: string;
  let bob: string;
  let sue: string;
  beforeAll(async () => {
    hub = await startTestHub(backend);
    alice = await hub.token('north', 'agent', 'alice');
    bob = await hub.token('north', 'agent', 'bob');
    sue = await hub.token('north', 'supervisor', 'sue');
  });
  afterAll(() => hub.close());

  it('answers /healthz without a token', async () => {
    const r = await hub.get(null, '/healthz');
    expect([r.status, r.json()]).toEqual([200, { ok: true }]);
  });

  it('stores an agent\'s own facts and anyone\'s once, counting the repeats as duplicates', async () => {
    const batch = [status('alice', '2026-11-24T09:00:00.000Z'), message('c1', 'm1', '2026-11-24T09:01:00.000Z'), message('c1', 'm2', '2026-11-24T09:02:00.000Z', { agent: 'alice', attribution: 'local' })];
    const first = await hub.post(alice, lines(batch));
    expect([first.status, first.json()]).toEqual([200, { accepted: 3, duplicates: 0 }]);
    const again = await hub.post(alice, lines([...batch, batch[0]]));
    expect(again.json()).toEqual({ accepted: 0, duplicates: 4 });
    expect((await hub.stored('north')).map((e) => e.id)).toEqual(batch.map((e) => e.id));
  });

  it('keeps the strongest attribution, as the import does, and moves the replaced event to the end of the stored order', async () => {
    const signed = message('c2', 'm1', '2026-11-24T10:00:00.000Z', { agent: 'Bob', attribution: 'signature' });
    const local = { ...signed, agent: 'bob', attribution: 'local' as const };
    expect((await hub.post(alice, lines([signed]))).json()).toEqual({ accepted: 1, duplicates: 0 });
    const before = await hub.get(sue, '/v1/events?limit=10000');
    expect((await hub.post(bob, lines([local]))).json()).toEqual({ accepted: 1, duplicates: 0 });
    // The weaker copy again changes nothing.
    expect((await hub.post(alice, lines([signed]))).json()).toEqual({ accepted: 0, duplicates: 1 });
    const after = await hub.get(sue, `/v1/events?after=${before.headers['hub-cursor']}`);
    expect(ndjson(after.body)).toEqual([local]);
    expect((await hub.stored('north')).filter((e) => e.id === local.id)).toEqual([local]);
  });

  it('validates the whole body first: one bad line is a 400 with its number and reason, and nothing is stored', async () => {
    const good = status('alice', '2026-11-24T11:00:00.000Z');
    const r = await hub.post(alice, `${JSON.stringify(good)}\n{"v":1,"id":"x","type":"status","at":"2026-11-24T11:00:00Z","agent":"alice","status":"online","reason":"manual"}\n`);
    expect(r.status).toBe(400);
    expect(r.json()).toEqual({ error: 'line 2: "at" must be ISO-8601 UTC with milliseconds (YYYY-MM-DDTHH:MM:SS.sssZ)' });
    expect((await hub.post(alice, 'not json\n')).json().error).toMatch(/^line 1: invalid JSON/);
    expect((await hub.stored('north')).some((e) => e.id === good.id)).toBe(false);
  });

  it('refuses an agent\'s events sent with another agent\'s token (403, nothing of the batch stored)', async () => {
    const own = status('alice', '2026-11-24T12:00:00.000Z');
    const forged = [status('bob', '2026-11-24T12:00:00.000Z'), message('c3', 'm1', '2026-11-24T12:01:00.000Z', { agent: 'bob', attribution: 'local' }),
      { v: 1, id: 'c:whatsapp:c3:x', type: 'close', at: '2026-11-24T12:02:00.000Z', site: 'whatsapp', chat: 'c3', agent: 'bob' },
      { v: 1, id: 'r:whatsapp:c3:x', type: 'return_to_bot', at: '2026-11-24T12:02:00.000Z', site: 'whatsapp', chat: 'c3', agent: 'bob' },
      { v: 1, id: 'a:bob:Bob:north', type: 'agent', at: '2026-11-24T12:02:00.000Z', agent: 'bob', name: 'Bob', team: 'north' }];
    for (const event of forged) {
      const r = await hub.post(alice, lines([own, event]));
      expect([r.status, r.json()]).toEqual([403, { error: `line 2: an agent token may only send its own events (this one is bob's)` }]);
    }
    const ids = new Set((await hub.stored('north')).map((e) => e.id));
    expect([own, ...forged].filter((e) => ids.has(e.id))).toEqual([]);
    // A supervisor may send any event of its team.
    expect((await hub.post(sue, lines(forged))).json()).toEqual({ accepted: forged.length, duplicates: 0 });
  });

  it('takes signature and unattributed replies, customer messages and links from any agent', async () => {
    const anyone = [
      message('c4', 'm1', '2026-11-24T13:00:00.000Z', { agent: 'bob', attribution: 'signature' }),
      message('c4', 'm2', '2026-11-24T13:00:01.000Z', { agent: 'unknown', attribution: 'none' }),
      message('c4', 'm3', '2026-11-24T13:00:02.000Z'),
      { v: 1, id: linkId('whatsapp', 'c4', 'row-1'), type: 'link', at: '2026-11-24T13:00:03.000Z', site: 'whatsapp', chat: 'c4', msg: 'row-1' },
    ];
    expect((await hub.post(alice, lines(anyone))).json()).toEqual({ accepted: 4, duplicates: 0 });
  });

  it('limits a request to 5 MB and 20 000 lines, and wants NDJSON', async () => {
    const big = await hub.post(alice, 'x'.repeat(5 * 1024 * 1024 + 1));
    expect(big.status).toBe(413);
    expect(Object.keys(big.json())).toEqual(['error']);
    const many = lines(Array.from({ length: 20_001 }, (_, i) => status('alice', new Date(Date.parse('2026-11-20T00:00:00.000Z') + i * 1000).toISOString())));
    const tooMany = await hub.post(alice, many);
    expect([tooMany.status, tooMany.json()]).toEqual([413, { error: 'at most 20000 lines per request' }]);
    const json = await hub.post(alice, JSON.stringify(status('alice', '2026-11-24T14:00:00.000Z')), 'application/json');
    expect([json.status, json.json()]).toEqual([415, { error: 'send NDJSON (Content-Type: application/x-ndjson)' }]);
    expect((await hub.post(alice, lines([status('alice', '2026-11-24T14:00:00.000Z')]), 'text/plain')).json()).toEqual({ accepted: 1, duplicates: 0 });
  });

  it('serves the stored order in pages with a cursor, to supervisors only', async () => {
    const all = await hub.stored('north');
    const seen = [];
    let cursor = '0';
    for (;;) {
      const page = await hub.get(sue, `/v1/events?after=${cursor}&limit=3`);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/^application\/x-ndjson/);
      if (page.body === '') {
        expect(page.headers['hub-cursor']).toBe(cursor);
        break;
      }
      seen.push(...ndjson(page.body));
      cursor = page.headers['hub-cursor'] as string;
    }
    expect(seen).toEqual(all);
    expect((await hub.get(alice, '/v1/events')).status).toBe(403);
    expect((await hub.get(sue, '/v1/events?after=-1')).status).toBe(400);
    expect((await hub.get(sue, '/v1/events?limit=0')).status).toBe(400);
  });

  it('answers 401 without a token, with a bad one and with a revoked one', async () => {
    const { revoke } = await import('../../hub/members');
    const carl = await hub.token('north', 'agent', 'carl');
    expect((await hub.post(carl, lines([status('carl', '2026-11-24T15:00:00.000Z')]))).status).toBe(200);
    await revoke(hub.db, carl.slice(0, 14));
    for (const token of [null, 'hub_nope', carl]) {
      const r = await hub.post(token, lines([status('carl', '2026-11-24T15:01:00.000Z')]));
      expect(r.status).toBe(401);
      expect(Object.keys(r.json())).toEqual(['error']);
      expect((await hub.get(token, '/v1/report')).status).toBe(401);
    }
    expect((await hub.stored('north')).some((e) => e.at === '2026-11-24T15:01:00.000Z')).toBe(false);
  });

  it('never shows a team another team\'s events, even under the same ids', async () => {
    const southAgent = await hub.token('south', 'agent', 'alice');
    const southBoss = await hub.token('south', 'supervisor', 'sam');
    const shared = message('c1', 'm1', '2026-11-24T09:01:00.000Z');
    expect((await hub.post(southAgent, lines([shared]))).json()).toEqual({ accepted: 1, duplicates: 0 });
    const south = await hub.get(southBoss, '/v1/events');
    expect(ndjson(south.body)).toEqual([shared]);
    expect((await hub.get(southBoss, '/v1/report?from=2026-11-24T00:00:00.000Z&to=2026-11-25T00:00:00.000Z')).json().agents).toEqual([]);
    expect((await hub.stored('north')).filter((e) => e.id === messageId('whatsapp', 'c1', 'm1'))).toHaveLength(1);
  });

  it('stores SQL-looking text in every field as text, and refuses it in parameters and tokens', async () => {
    const evil = `x'); DROP TABLE events; --"\\`;
    const team = `t'; DELETE FROM members; --`;
    const agent = await hub.token(team, 'agent', evil);
    const boss = await hub.token(team, 'supervisor', evil);
    const events = [
      { ...message(evil, evil, '2026-11-24T16:00:00.000Z', { agent: evil, attribution: 'local' }), chatTitle: evil, route: evil, [evil]: evil },
      { ...status(evil, '2026-11-24T16:00:01.000Z'), id: evil },
      { v: 1, id: `l:${evil}`, type: 'link', at: '2026-11-24T16:00:02.000Z', site: 'whatsapp', chat: evil, msg: evil, toChat: evil, toMsg: evil },
    ];
    expect((await hub.post(agent, lines(events))).json()).toEqual({ accepted: 3, duplicates: 0 });
    expect(ndjson((await hub.get(boss, '/v1/events')).body)).toEqual(events);
    const q = encodeURIComponent(evil);
    for (const url of [`/v1/events?after=${q}`, `/v1/events?limit=${q}`, `/v1/report?from=${q}`, `/v1/report?to=${q}`, `/v1/report?tz=${q}`]) {
      const r = await hub.get(boss, url);
      expect([url, r.status]).toEqual([url, 400]);
    }
    expect((await hub.get(`hub_${evil}`, '/v1/events')).status).toBe(401);
    // Both teams are intact.
    expect((await hub.stored('north')).length).toBeGreaterThan(10);
  });
});
