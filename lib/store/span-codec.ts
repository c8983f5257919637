/**
 * How a span is stored: each agent part's sorted values as the gaps between neighbours, in 16-bit
 * words (a gap under 32 768 ms in one word, a larger one in two), so a quarter's spans are about
 * half the bytes of its days. Chromium's IndexedDB reads a large record at a cost per byte, which
 * is what a long query waits on; rebuilding the values is one pass of additions.
 */
import type { DayFigures, RollupSpan, StoredAgg, StoredAggs } from './rollup-types';
import { packInto, packValues } from './stored-parts';

/** A stored part whose values are kept as gaps from `min` (gapsOf). */
export interface GapsAgg extends Omit<StoredAgg, 'values'> {
  gaps: Uint16Array;
}

/**
 * A span's own record: each day's figures and the team's parts (sketches), without the agents'
 * values. `build` names this build of the span: the agents' record of the same build carries it.
 */
export interface StoredSpan extends Omit<RollupSpan, 'agents'> {
  build: string;
}

/** The agents' parts of the span under the same key, in their own record (store `span_agents`). */
export interface StoredSpanAgents {
  size: number;
  start: string;
  build: string;
  agents: Record<string, Record<string, StoredAgg | GapsAgg>>;
}

const isGaps = (p: StoredAgg | GapsAgg): p is GapsAgg => 'gaps' in p;

const ONE_WORD = 0x8000;

/**
 * The gaps values[i] − values[i − 1] (i ≥ 1) of sorted whole-ms values: one word when under
 * 2¹⁵, else two (the high half with the top bit set, then the low half). Null when a value is not
 * a whole ms in 0 … 2³² − 1 or a gap reaches 2³¹: the part then keeps its values.
 */
function gapsOf(values: Float64Array | Uint32Array): Uint16Array | null {
  const first = values[0];
  if (!(Number.isInteger(first) && first >= 0 && values[values.length - 1] <= 0xffffffff)) return null;
  const words: number[] = [];
  for (let i = 1; i < values.length; i++) {
    const gap = values[i] - values[i - 1];
    if (!Number.isInteger(gap) || gap < 0 || gap >= 2 ** 31) return null;
    if (gap < ONE_WORD) words.push(gap);
    else words.push(ONE_WORD | Math.floor(gap / 0x10000), gap % 0x10000);
  }
  return Uint16Array.from(words);
}

/** The `count` values from `min` and the gaps, into `out`. */
function valuesOf(min: number, gaps: Uint16Array, out: Uint32Array): void {
  let v = min;
  let j = 0;
  out[0] = v;
  for (let i = 1; i < out.length; i++) {
    const word = gaps[j++];
    v += word < ONE_WORD ? word : (word - ONE_WORD) * 0x10000 + gaps[j++];
    out[i] = v;
  }
}

export function encodeSpan(span: RollupSpan): { span: StoredSpan; agents: StoredSpanAgents } {
  const agents: StoredSpanAgents['agents'] = {};
  const gapParts: GapsAgg[] = [];
  const valueParts: Record<string, StoredAggs> = {};
  for (const [agent, aggs] of Object.entries(span.agents)) {
    const out: Record<string, StoredAgg | GapsAgg> = {};
    const kept: StoredAggs = {};
    for (const [key, part] of Object.entries(aggs) as Array<[keyof StoredAggs, StoredAgg]>) {
      const gaps = part.values && part.values.length > 0 ? gapsOf(part.values) : null;
      if (gaps) {
        const { values: _values, ...rest } = part;
        const g: GapsAgg = { ...rest, gaps };
        gapParts.push(g);
        out[key] = g;
      } else {
        kept[key] = { ...part };
        out[key] = kept[key] as StoredAgg;
      }
    }
    valueParts[agent] = kept;
    agents[agent] = out;
  }
  packValues(valueParts);
  // One buffer for every part's gaps, as packValues does for values: one block to clone.
  const gaps = packInto(gapParts.map((p) => p.gaps), (n) => new Uint16Array(n));
  gapParts.forEach((p, i) => { p.gaps = gaps[i]; });
  const { size, start, days, team } = span;
  const build = crypto.randomUUID();
  return { span: { size, start, build, team, days: packStatus(days) }, agents: { size, start, build, agents } };
}

/** Every day's status spans as views into one buffer: a record's cost grows with its buffers too. */
function packStatus(days: readonly DayFigures[]): DayFigures[] {
  const views = packInto(days.flatMap((d) => Object.values(d.status?.agents ?? {}).map((a) => a.spans)), (n) => new Float64Array(n));
  let i = 0;
  return days.map((d) => {
    if (!d.status) return d;
    const agents = Object.fromEntries(Object.entries(d.status.agents).map(([agent, a]) => [agent, { ...a, spans: views[i++] }]));
    return { ...d, status: { ...d.status, agents } };
  });
}

export function decodeAgents(stored: StoredSpanAgents): Record<string, StoredAggs> {
  let total = 0;
  for (const aggs of Object.values(stored.agents)) for (const p of Object.values(aggs)) if (isGaps(p)) total += p.count;
  const buffer = new Uint32Array(total);
  let at = 0;
  const agents: Record<string, StoredAggs> = {};
  for (const [agent, aggs] of Object.entries(stored.agents)) {
    const out: StoredAggs = {};
    for (const [key, p] of Object.entries(aggs) as Array<[keyof StoredAggs, StoredAgg | GapsAgg]>) {
      if (!isGaps(p)) {
        out[key] = p;
        continue;
      }
      const { gaps, ...rest } = p;
      const values = buffer.subarray(at, at + p.count);
      valuesOf(p.min ?? 0, gaps, values);
      at += p.count;
      out[key] = { ...rest, values };
    }
    agents[agent] = out;
  }
  return agents;
}
