/**
 * The set of aggregates one agent (or the team) carries for a period: each duration KPI in
 * calendar time and in business time.
 */
import { type Agg, aggAdd, aggMerge, emptyAgg, summarize, type Summary, EXACT_LIMIT } from './aggregate';
import { DURATION_METRICS, type DurationMetric, type Fact } from './facts';

export type MetricKey = DurationMetric | `${DurationMetric}_bh`;
export const METRIC_KEYS: readonly MetricKey[] = [...DURATION_METRICS, ...DURATION_METRICS.map((m) => `${m}_bh` as const)];

export type MetricAggs = Record<MetricKey, Agg>;
export type MetricSummaries = Record<MetricKey, Summary>;

export function emptyMetricAggs(): MetricAggs {
  return Object.fromEntries(METRIC_KEYS.map((k) => [k, emptyAgg()])) as MetricAggs;
}

/** Adds a fact's calendar value, and its business-hours value when there is one (mutates). */
export function addFact(aggs: MetricAggs, fact: Fact, keepLimit = EXACT_LIMIT): void {
  aggAdd(aggs[fact.metric], fact.ms, keepLimit);
  if (fact.bhMs !== null) aggAdd(aggs[`${fact.metric}_bh`], fact.bhMs, keepLimit);
}

export function mergeMetricAggs(a: MetricAggs, b: MetricAggs): MetricAggs {
  return Object.fromEntries(METRIC_KEYS.map((k) => [k, aggMerge(a[k], b[k])])) as MetricAggs;
}

export function summarizeAll(aggs: MetricAggs): MetricSummaries {
  return Object.fromEntries(METRIC_KEYS.map((k) => [k, summarize(aggs[k])])) as MetricSummaries;
}
