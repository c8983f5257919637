import { useMemo } from 'preact/hooks';
import uPlot from 'uplot';
import { alpha, COUNT_INCRS, cssVar, DURATION_INCRS, seriesVar, themedAxis } from './chart-theme';
import { UPlot, type UPlotOptions } from './UPlot';

export interface SeriesSpec {
  label: string;
  values: (number | null)[];
  /** Palette index (components/theme.css --series-N). */
  color: number;
  dash?: boolean;
  /** Bars instead of a line. */
  bars?: boolean;
}

/** Whole-number x steps: the x axis is bucket indices labelled with `labels`. */
const INDEX_INCRS = [1, 2, 3, 4, 5, 7, 10, 14, 15, 20, 30, 50, 100];

/**
 * Lines (or bars) over labelled buckets: days, weeks, months or histogram bins. The x axis is
 * the bucket index rather than time, so labels follow the team's zone and not the browser's.
 */
export function SeriesChart({ labels, xLabel, series, format, kind, height = 220 }: {
  labels: string[];
  /** What a bucket is (Day, Week, Wait…), shown in the hover legend. */
  xLabel: string;
  series: SeriesSpec[];
  /** Formats a y value (duration or count) for the axis and the legend. */
  format: (v: number) => string;
  kind: 'duration' | 'count';
  height?: number;
}) {
  const shape = `${xLabel}|${labels.join('\u0001')}|${series.map((s) => `${s.label}:${s.color}:${s.dash}:${s.bars}`).join('|')}|${kind}`;
  const opts = useMemo<UPlotOptions>(() => {
    const bars = uPlot.paths.bars!({ size: [0.7, 56], align: 0 });
    return {
      legend: { live: true },
      cursor: { points: { size: 7 }, drag: { x: false, y: false } },
      scales: {
        x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] },
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : kind === 'count' ? 5 : 60] },
      },
      axes: [
        themedAxis({
          incrs: INDEX_INCRS,
          space: 56,
          values: (_u: uPlot, splits: number[]) => splits.map((i) => (Number.isInteger(i) ? labels[i] ?? '' : '')),
        }),
        themedAxis({
          incrs: kind === 'duration' ? DURATION_INCRS : COUNT_INCRS,
          space: 32,
          size: 64,
          values: (_u: uPlot, splits: number[]) => splits.map((v) => format(v)),
        }),
      ],
      series: [
        { label: xLabel, value: (_u, i) => (i === null ? '—' : labels[i] ?? '—') },
        ...series.map((s): uPlot.Series => ({
          label: s.label,
          stroke: () => cssVar(seriesVar(s.color)),
          fill: s.bars ? () => alpha(cssVar(seriesVar(s.color)), 0.85) : undefined,
          width: s.bars ? 0 : 2,
          dash: s.dash ? [6, 4] : undefined,
          points: { show: !s.bars, size: 6, fill: () => cssVar('--surface') },
          paths: s.bars ? bars : undefined,
          spanGaps: false,
          value: (_u, v) => (v === null || v === undefined ? '—' : format(v)),
        })),
      ],
    };
    // `shape` captures labels and series styling; values alone only need setData.
  }, [shape]);
  const data = useMemo<uPlot.AlignedData>(
    () => [labels.map((_, i) => i), ...series.map((s) => s.values)] as uPlot.AlignedData,
    [labels, series],
  );
  return <UPlot opts={opts} data={data} height={height} />;
}
