/**
 * Stored shapes of the KPI rollups (rollups-store.ts). Kept apart so db.ts can type its stores
 * without importing the code that fills them.
 */
import type { Summary } from '../metrics/aggregate';
import type { MetricKey } from '../metrics/metric-aggs';
import type { Sketch } from '../metrics/sketch';

/**
 * A lib/metrics Agg as stored: the raw values, sorted ascending, as a typed array (structured clone
 * copies it as one block, where a number[] costs a step per element; sorted, a query reads order
 * statistics across parts without merging them). In a stored day the agents' values are
 * views into one shared buffer, Uint32 when every value is a whole number of ms below 2³²
 * (durations under 49 days), which halves what a query reads.
 */
export interface StoredAgg {
  count: number;
  /** ms */
  sum: number;
  min: number | null;
  max: number | null;
  values?: Float64Array | Uint32Array;
  sketch?: Sketch;
}

export type StoredAggs = Partial<Record<MetricKey, StoredAgg>>;

/**
 * An episode still open when its day was computed, whose auto-close (credited to `auto` at its
 * last message, inside the day) happens once `now` reaches `due` unless a later event of its
 * chat arrives, which marks the day dirty and replaces this record.
 */
export interface PendingAutoClose {
  due: number;
  /** The last message: the instant the close is credited at. */
  at: number;
  closeMs: number;
  closeBhMs: number | null;
  handlingMs: number;
  handlingBhMs: number | null;
}

export interface FactsSection {
  computedAt: number;
  /** Per credited agent (`auto` included): values while ≤ EXACT_LIMIT, else a sketch. */
  agents: Record<string, StoredAggs>;
  /**
   * Every agent together (`auto` included) as count, sum, min, max and the sketch only: long
   * ranges merge these instead of every agent's parts. Exact team figures come from the agents' values.
   */
  team: StoredAggs;
  /** The day's team summaries of the side panel's per-day series (read when no agent filter is on). */
  series: DaySeries;
  /** Episodes opened in the day, per route (routing is per conversation, so team-wide only). */
  routes: Record<string, number>;
  pending: PendingAutoClose[];
}

/** The metrics the side panel draws per day, in calendar and business time. */
export const SERIES_KEYS = ['frt', 'rt', 'bot_return', 'frt_bh', 'rt_bh', 'bot_return_bh'] as const satisfies readonly MetricKey[];
export type DaySeries = Record<(typeof SERIES_KEYS)[number], Summary>;

export interface StatusSection {
  computedAt: number;
  /** The day ended more than a heartbeat timeout before `computedAt`: time alone cannot change it. */
  final: boolean;
  agents: Record<string, AgentDayStatus>;
}

/** One agent's status in a day: the totals, and the intervals (clipped to the day) for the timeline. */
export interface AgentDayStatus {
  onlineMs: number;
  unavailableMs: number;
  /** (from, to, status code) triples in time order, SEGMENT_CODES; one typed array clones as one block. */
  spans: Float64Array;
}

export interface StatusSegment {
  status: 'online' | 'unavailable';
  from: number;
  to: number;
}

/** Status of a span code in AgentDayStatus.spans (its index). */
export const SEGMENT_CODES = ['online', 'unavailable'] as const;

/** One local day (team zone) of every agent's rollups. */
export interface DayRollup {
  /** 'YYYY-MM-DD' in the basis zone. */
  day: string;
  facts: FactsSection | null;
  status: StatusSection | null;
}

/** What a query reads of one day in a span: the per-day figures, without the agents' values. */
export interface DayFigures {
  day: string;
  /** Null on a day without facts. */
  series: DaySeries | null;
  /** Chats closed per credited agent (`auto`: auto-closes), every agent with a fact in the day. */
  closes: Record<string, number>;
  routes: Record<string, number>;
  pending: PendingAutoClose[];
  status: StatusSection | null;
}

/**
 * Consecutive days merged for long queries (rollup-spans.ts): the agents' and the team's parts
 * of all its days as one part each, and each day's own figures.
 */
export interface RollupSpan {
  /** Days in the span: one of SPAN_SIZES. */
  size: number;
  /** Its first day 'YYYY-MM-DD' (aligned: rollup-spans.ts). */
  start: string;
  days: DayFigures[];
  agents: Record<string, StoredAggs>;
  team: StoredAggs;
}

/** A day whose rollup is out of date; `gen` tells a recompute whether it was re-marked meanwhile. */
export interface DirtyMark {
  day: string;
  gen: number;
  facts: boolean;
  status: boolean;
}

/** What the rollups were computed with; any difference means every day is rebuilt. */
export interface RollupBasis {
  version: number;
  zone: string;
  autoCloseAfterS: number;
  heartbeatTimeoutS: number;
  /** JSON of the business-hours schedule when active, else ''. */
  businessHours: string;
  /** The agent directory (agent events) the credits were resolved with. */
  directory: string;
}

export const BASIS_KEY = 'rollups-basis';
export const DIRTY_GEN_KEY = 'rollups-dirty-gen';
