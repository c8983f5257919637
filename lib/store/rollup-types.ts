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
  /** The day's team FRT and RT summaries (the side panel's per-day series without an agent filter). */
  teamSeries: { frt: Summary; rt: Summary };
  /** Episodes opened in the day, per route (routing is per conversation, so team-wide only). */
  routes: Record<string, number>;
  pending: PendingAutoClose[];
}

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
