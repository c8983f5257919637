// @vitest-environment node
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, expect, it } from 'vitest';
import { type PulseDb, openPulseDb } from '../../../lib/store/db';
import { SPAN_SIZES, SPAN_STORES, buildSpans, dayNumber, dayOfNumber, dropSpansOf, readCover, readSpanAgents } from '../../../lib/store/rollup-spans';
import type { DayRollup } from '../../../lib/store/rollup-types';
import { decodeAgents } from '../../../lib/store/span-codec';
import { mergeParts } from '../../../lib/store/stored-parts';
import { dayRollupOf, rng } from './rollup-fixtures';

let db: PulseDb;
beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  db = await openPulseDb();
});

const FIRST = 64 * 324; // a day number on a 64-day boundary (2026-10-10)
const DAYS = 70;
async function putDays(count = DAYS): Promise<DayRollup[]> {
  const r = rng(3);
  const records = Array.from({ length: count }, (_, i) => dayRollupOf(FIRST + i, r));
  for (const record of records) await db.put('rollups', record);
  return records;
}

const later = { zone: 'UTC', now: (FIRST + 400) * 86_400_000, heartbeatMs: 900_000 };

it('builds every settled aligned block, each size from four of the size before', async () => {
  const records = await putDays();
  expect(await buildSpans(db, later)).toEqual({ built: 18 + 5 + 2, unsettled: [] });
  const keys = await db.getAllKeys('rollup_spans');
  expect(keys.filter(([size]) => size === 4)).toHaveLength(18); // 72 days: the last block holds two empty days
  // The blocks from day 64 on hold six days: their quarters without a day record count as empty.
  expect(keys.filter(([size]) => size === 16).map(([, start]) => start)).toEqual([0, 16, 32, 48, 64].map((i) => dayOfNumber(FIRST + i)));
  expect(keys.filter(([size]) => size === 64).map(([, start]) => start)).toEqual([0, 64].map((i) => dayOfNumber(FIRST + i)));
  expect(await db.getAllKeys('span_agents')).toEqual(keys);
  const stored = await db.get('span_agents', [64, dayOfNumber(FIRST)]);
  expect(stored?.agents.ana.frt).toHaveProperty('gaps'); // whole ms, close together: two bytes each
  const own = await db.get('rollup_spans', [64, dayOfNumber(FIRST)]);
  const quarter = own && stored && { ...own, agents: decodeAgents(stored) };
  expect(quarter?.days.map((d) => d.day)).toEqual(records.slice(0, 64).map((r) => r.day));
  const { values, ...totals } = mergeParts(records.slice(0, 64).map((r) => r.facts?.agents.ana.frt ?? { count: 0, sum: 0, min: null, max: null }));
  const { values: read, ...readTotals } = quarter?.agents.ana.frt ?? {};
  expect(readTotals).toEqual(totals);
  expect([...read ?? []]).toEqual([...values ?? []]);
  expect(quarter?.team.frt?.count).toBe(quarter?.agents.ana.frt?.count);
  expect(quarter?.days[5].closes).toEqual({ ana: records[5].facts?.agents.ana.close?.count ?? 0 });
  expect(await buildSpans(db, later)).toEqual({ built: 0, unsettled: [] });
});

it('leaves out blocks with a dirty day or a day not over yet, and reports days whose status is stale', async () => {
  const records = await putDays(40);
  await db.put('dirty_days', { day: records[5].day, gen: 1, facts: true, status: false });
  await db.put('rollups', { ...records[9], status: { ...records[9].status!, final: false } });
  const now = (FIRST + 33) * 86_400_000 + 3_600_000; // day 33 has begun: days up to 32 are over
  const built = await buildSpans(db, { zone: 'UTC', now, heartbeatMs: 900_000 });
  expect(built.unsettled).toEqual([records[9].day]);
  const starts = (await db.getAllKeys('rollup_spans')).filter(([size]) => size === 4).map(([, start]) => dayNumber(start) - FIRST);
  expect(starts).toEqual([0, 12, 16, 20, 24, 28]);
  expect(await db.count('rollup_spans', IDBKeyRange.bound([16, ''], [16, '\uffff']))).toBe(1);
});

it('drops the span of each size that holds a rewritten day, both its records', async () => {
  await putDays();
  await buildSpans(db, later);
  const before = await db.count('rollup_spans');
  const tx = db.transaction(SPAN_STORES, 'readwrite');
  await Promise.all([dropSpansOf(SPAN_STORES.map((name) => tx.objectStore(name)), [dayOfNumber(FIRST + 21), dayOfNumber(FIRST + 22)]), tx.done]);
  const gone = SPAN_SIZES.map((size) => [size, dayOfNumber(FIRST + 21 - (21 % size))] as [number, string]);
  for (const name of SPAN_STORES) {
    expect(await db.count(name)).toBe(before - 3);
    for (const key of gone) expect(await db.get(name, key)).toBeUndefined();
  }
});

it('covers a range with the largest spans that fit, and the days left over', async () => {
  await putDays();
  await buildSpans(db, later);
  const cover = await readCover(db, dayOfNumber(FIRST + 1), dayOfNumber(FIRST + 69));
  expect(cover.spans.map((s) => [s.size, dayNumber(s.start) - FIRST])).toEqual([[4, 4], [4, 8], [4, 12], [16, 16], [16, 32], [16, 48], [4, 64]]);
  expect(cover.days.map((d) => dayNumber(d.day) - FIRST)).toEqual([1, 2, 3, 68]);
  expect((await readSpanAgents(db, cover.spans))?.map((agents) => agents.ana.frt?.count)).toEqual(cover.spans.map((s) => s.team.frt?.count));
  // A span built again since the cover was read: its agents are of another build.
  const { build: _b, ...rest } = (await db.get('span_agents', [16, dayOfNumber(FIRST + 16)]))!;
  await db.put('span_agents', { ...rest, build: 'another' });
  expect(await readSpanAgents(db, cover.spans)).toBeNull();
  const whole = await readCover(db, dayOfNumber(FIRST), dayOfNumber(FIRST + 64));
  expect(whole.spans.map((s) => s.size)).toEqual([64]);
  expect(whole.days).toEqual([]);
});
