// @vitest-environment node
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, expect, it } from 'vitest';
import { EXACT_LIMIT } from '../../../lib/metrics/aggregate';
import { type PulseDb, openPulseDb } from '../../../lib/store/db';
import { type KpiQueryResult, queryKpis } from '../../../lib/store/kpi-query';
import { buildSpans, dayOfNumber } from '../../../lib/store/rollup-spans';
import { ensureRollupBasis } from '../../../lib/store/rollups-store';
import { dayRollupOf, rng, settingsFor } from './rollup-fixtures';

let db: PulseDb;
beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  db = await openPulseDb();
});

const FIRST = 64 * 324; // aligned: days FIRST … FIRST + 7 make two spans of 4
const settings = settingsFor({ timeZone: 'UTC' });
const now = (FIRST + 400) * 86_400_000;
/** The query over the eight days (the spans and their agents' records). */
const EIGHT_DAYS = { from: dayOfNumber(FIRST), to: dayOfNumber(FIRST + 8), zone: 'UTC', settings, now, histogramEdgesMs: [0, 60_000, 300_000] };

/** Eight settled days of `perDay` FRT values and closes each, in spans; the query over them, and its early answers. */
async function queryOver(perDay: number): Promise<{ early: KpiQueryResult[]; final: KpiQueryResult }> {
  await ensureRollupBasis(db, settings, 'UTC'); // no events: nothing to rebuild, the records below stay
  const r = rng(5);
  for (let i = 0; i < 8; i++) await db.put('rollups', dayRollupOf(FIRST + i, r, perDay));
  expect((await buildSpans(db, { zone: 'UTC', now, heartbeatMs: 900_000 })).built).toBeGreaterThanOrEqual(2);
  const early: KpiQueryResult[] = [];
  const final = await queryKpis(db, { ...EIGHT_DAYS, onTeam: (e) => { early.push(e); } });
  return { early, final };
}

it('answers the team first, from the spans alone, when every team sample is past the exact path', async () => {
  const { early, final } = await queryOver(EXACT_LIMIT / 4);
  expect(final.team.summaries.frt.count).toBe(2 * EXACT_LIMIT);
  expect(final.partial).toBeUndefined();
  expect(final.agents.map((a) => [a.agent, a.summaries.frt.count])).toEqual([['ana', 2 * EXACT_LIMIT]]);
  expect(early).toHaveLength(1);
  expect(early[0].partial).toBe(true);
  expect(early[0].agents).toEqual([]);
  const { agents: _a, partial: _p, ...rest } = early[0];
  const { agents: _b, ...finalRest } = final;
  expect(rest).toEqual(finalRest); // the team, series, routes, histogram and timeline: all already final
});

it('reads everything again when a span is rebuilt between the early answer and the agents', async () => {
  const { final } = await queryOver(EXACT_LIMIT / 4);
  const early: KpiQueryResult[] = [];
  const again = await queryKpis(db, {
    ...EIGHT_DAYS,
    onTeam: async (e) => {
      early.push(e);
      // Another build of the first span lands meanwhile: same figures, another build.
      const key: [number, string] = [4, dayOfNumber(FIRST)];
      const [own, agents] = await Promise.all([db.get('rollup_spans', key), db.get('span_agents', key)]);
      await Promise.all([db.put('rollup_spans', { ...own!, build: 'other' }), db.put('span_agents', { ...agents!, build: 'other' })]);
    },
  });
  expect(early).toHaveLength(1);
  // The directory is read again too (its lookups are new functions).
  expect({ ...again, directory: null }).toEqual({ ...final, directory: null });
});

it('gives no early answer while a team sample is exact (it needs every agent value)', async () => {
  const { early, final } = await queryOver(1000);
  expect(final.team.summaries.frt.count).toBe(8000);
  expect(early).toEqual([]);
});
