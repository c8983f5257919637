/**
 * The policies themselves, in SQL, without the hub's own checks: what a request role sees and
 * may write under each member identity (migrations/0001).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Query } from '../../hub/database';
import { BACKENDS } from './backends';
import { type TestHub, lines, message, startTestHub, status } from './harness';

describe.each(BACKENDS)('row-level security on %s', (backend) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub(backend);
    const north = await hub.token('north', 'supervisor', 'sue');
    const south = await hub.token('south', 'supervisor', 'sam');
    await hub.post(north, lines([status('alice', '2026-11-24T09:00:00.000Z'), status('bob', '2026-11-24T09:00:00.000Z'),
      message('c1', 'm1', '2026-11-24T09:01:00.000Z'), message('c1', 'm2', '2026-11-24T09:02:00.000Z', { agent: 'bob', attribution: 'local' })]));
    await hub.post(south, lines([status('sam', '2026-11-24T09:00:00.000Z')]));
  });
  afterAll(() => hub.close());

  /** Runs `work` as `role` with the given settings (none when omitted), always rolled back. */
  const as = (role: string, settings: Record<string, string>, work: (query: Query) => Promise<unknown>): Promise<unknown> =>
    hub.db.transaction(async ({ query }) => {
      for (const [name, value] of Object.entries(settings)) await query('SELECT set_config($1, $2, true)', [name, value]);
      await query(`SET LOCAL ROLE ${role}`);
      const result = await work(query);
      throw Object.assign(new Error('rollback'), { result });
    }).catch((err: Error & { result?: unknown }) => {
      if (err.message !== 'rollback') throw err;
      return err.result;
    });
  const count = (query: Query): Promise<number> => query<{ n: number }>('SELECT count(*)::int AS n FROM events').then((r) => r[0].n);

  it('a request role without the team setting sees zero rows', async () => {
    for (const role of ['hub_supervisor', 'hub_agent']) {
      expect(await as(role, {}, count)).toBe(0);
      expect(await as(role, { 'hub.team': '' }, count)).toBe(0);
    }
    // The same role with a team sees that team's rows: the zero above is the policy's doing.
    expect(await as('hub_supervisor', { 'hub.team': 'north' }, count)).toBe(4);
  });

  it('a supervisor sees its own team only and cannot write into another', async () => {
    expect(await as('hub_supervisor', { 'hub.team': 'south' }, count)).toBe(1);
    await expect(as('hub_supervisor', { 'hub.team': 'south' }, (q) =>
      q(`INSERT INTO events (team, body) VALUES ('north', $1::json)`, [JSON.stringify(status('sam', '2026-11-24T10:00:00.000Z'))]))).rejects.toThrow(/row-level security/);
    expect(await as('hub_supervisor', { 'hub.team': 'south' }, (q) => q(`UPDATE events SET supersedes = 'x' WHERE team = 'north' RETURNING id`))).toEqual([]);
  });

  it('an agent sees and writes its own facts and anyone\'s, never another agent\'s', async () => {
    const alice = { 'hub.team': 'north', 'hub.agent': 'alice' };
    const ids = (await as('hub_agent', alice, (q) => q<{ id: string }>('SELECT id FROM events ORDER BY id'))) as { id: string }[];
    expect(ids.map((r) => r.id)).toEqual(['m:whatsapp:c1:m1', 's:alice:2026-11-24T09:00:00.000Z:online']);
    await expect(as('hub_agent', alice, (q) => q('INSERT INTO events (body) VALUES ($1::json)', [JSON.stringify(status('bob', '2026-11-24T10:00:00.000Z'))])))
      .rejects.toThrow(/row-level security/);
    // The owner is derived from the event: it cannot be claimed.
    await expect(as('hub_agent', alice, (q) => q(`INSERT INTO events (body, owner) VALUES ($1::json, 'alice')`, [JSON.stringify(status('bob', '2026-11-24T10:00:00.000Z'))])))
      .rejects.toThrow(/owner/);
    expect(await as('hub_agent', alice, (q) => q(`UPDATE events SET supersedes = 'x' WHERE owner = 'bob' RETURNING id`))).toEqual([]);
    expect(await as('hub_agent', alice, (q) => q('INSERT INTO events (body) VALUES ($1::json) RETURNING owner', [JSON.stringify(status('alice', '2026-11-24T10:00:00.000Z'))])))
      .toEqual([{ owner: 'alice' }]);
  });

  it('request roles cannot read the members table', async () => {
    await expect(as('hub_supervisor', { 'hub.team': 'north' }, (q) => q('SELECT * FROM members'))).rejects.toThrow(/permission denied/);
  });

  // PGlite's only login is a superuser, which no policy binds.
  if (backend === 'postgres') {
    it('the hub\'s own login, not a superuser, passes no policy either (FORCE ROW LEVEL SECURITY)', async () => {
      expect(await hub.db.transaction(({ query }) => count(query))).toBe(0);
    });
  }
});
