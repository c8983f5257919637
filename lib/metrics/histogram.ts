/**
 * The FRT histogram's bins. Fixed edges (seconds) so histograms of any period or agent compare,
 * plus the team's target as an edge so no bin straddles it.
 */
export const HISTOGRAM_EDGES_S = [0, 30, 60, 120, 180, 300, 600, 900, 1800, 3600, 7200, 14_400, 28_800, 86_400];

export function histogramEdges(targetS: number): number[] {
  return [...new Set([...HISTOGRAM_EDGES_S, targetS])].sort((a, b) => a - b);
}

/** Counts `n` values `v` in the bin [edge i, edge i+1) holding it; the last bin is open-ended. */
export function binAdd(counts: number[], edges: readonly number[], v: number, n = 1): void {
  let i = edges.length - 1;
  while (i > 0 && v < edges[i]) i--;
  counts[i] += n;
}

export interface Histogram {
  edges: number[];
  counts: number[];
  target: number;
}

/** Drops the empty bins past the target at the end, so a long tail of empty bins is not drawn. */
export function trimHistogram(edges: readonly number[], counts: readonly number[], target: number): Histogram {
  let last = counts.length - 1;
  const targetIndex = edges.indexOf(target);
  while (last > targetIndex && counts[last] === 0) last--;
  return { edges: edges.slice(0, last + 1), counts: counts.slice(0, last + 1), target };
}

/** The histogram of values in seconds against the FRT target (seconds). */
export function histogram(valuesS: Iterable<number>, targetS: number): Histogram {
  const edges = histogramEdges(targetS);
  const counts = new Array<number>(edges.length).fill(0);
  for (const v of valuesS) binAdd(counts, edges, v);
  return trimHistogram(edges, counts, targetS);
}
