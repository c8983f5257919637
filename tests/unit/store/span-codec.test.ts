import { expect, it } from 'vitest';
import type { MetricKey } from '../../../lib/metrics/metric-aggs';
import type { RollupSpan, StoredAgg } from '../../../lib/store/rollup-types';
import { decodeAgents, encodeSpan } from '../../../lib/store/span-codec';
import { storedAggOf } from '../../../lib/store/stored-parts';

it('stores whole-ms values as 16-bit gaps and any other part as it is, the agents apart, and reads back the same values', () => {
  const dense = Array.from({ length: 500 }, (_, i) => 90_000 + ((i * 7919) % 40_000));
  const spread = [0, 32_767, 65_534, 65_535 + 65_534, 2 ** 31 - 1 + 131_069, 4_000_000_000]; // gaps around one and two words
  const span: RollupSpan = {
    size: 4,
    start: '2026-10-10',
    days: [],
    agents: {
      ana: {
        frt: storedAggOf(dense, 100_000),
        close: storedAggOf(spread, 100_000),
        handling: storedAggOf([5, 5 + 2 ** 31], 100_000), // a gap too long for two words
        rt: storedAggOf([1.5, 2.25, 3], 100_000), // not whole ms
      },
      bo: {
        frt: storedAggOf([7], 100_000),
        handling: storedAggOf([1, 2 ** 33], 100_000), // past 2³²
        bot_return: storedAggOf(dense, 10, true), // a sketch only
      },
    },
    team: { frt: storedAggOf(dense, 0, true) },
  };
  const { span: own, agents: stored } = encodeSpan(span);
  expect(own).not.toHaveProperty('agents');
  expect([stored.size, stored.start]).toEqual([own.size, own.start]);
  expect(Object.keys(stored.agents.ana.frt)).toContain('gaps');
  expect(Object.keys(stored.agents.bo.frt)).toContain('gaps');
  expect(Object.keys(stored.agents.ana.close ?? {})).toContain('gaps');
  for (const [agent, key] of [['ana', 'handling'], ['ana', 'rt'], ['bo', 'handling'], ['bo', 'bot_return']] as const) {
    expect(Object.keys(stored.agents[agent][key] ?? {})).not.toContain('gaps');
  }
  const read = decodeAgents(structuredClone(stored));
  for (const agent of ['ana', 'bo'] as const) {
    for (const [key, part] of Object.entries(span.agents[agent]) as Array<[MetricKey, StoredAgg]>) {
      const got = read[agent][key];
      expect({ ...got, values: got?.values && [...got.values] }, `${agent} ${key}`).toEqual({ ...part, values: part?.values && [...part.values] });
    }
  }
  expect(structuredClone(own).team).toEqual(span.team);
});
