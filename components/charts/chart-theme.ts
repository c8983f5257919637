/**
 * Chart colours come from the CSS variables of components/theme.css, read at draw time, so a
 * switch between light and dark only needs a redraw (uPlot#1065: the canvas draws axes, grid
 * and ticks itself, so CSS alone cannot recolour them).
 */
export const cssVar = (name: string, fallback = '#888'): string => {
  if (typeof document === 'undefined') return fallback;
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
};

export const SERIES_COUNT = 8;
/** The i-th series colour (wraps after eight). */
export const seriesVar = (i: number): string => `--series-${(i % SERIES_COUNT) + 1}`;
export const seriesColor = (i: number): string => cssVar(seriesVar(i));

/** A translucent version of a colour for fills: works for #rrggbb. */
export function alpha(color: string, a: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(color);
  if (!m) return color;
  const n = parseInt(m[1], 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${a})`;
}

/** Axis styling as callbacks, re-evaluated on every draw. */
export function themedAxis<T extends object>(extra: T): T & {
  stroke: () => string;
  grid: { stroke: () => string; width: number };
  ticks: { stroke: () => string; width: number; size: number };
  font: string;
} {
  return {
    stroke: () => cssVar('--chart-axis'),
    grid: { stroke: () => cssVar('--chart-grid'), width: 1 },
    ticks: { stroke: () => cssVar('--chart-grid'), width: 1, size: 4 },
    font: '12px system-ui, sans-serif',
    ...extra,
  };
}

/** Nice steps for a duration axis in seconds: 1 s … 1 day. */
export const DURATION_INCRS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800];
/** Whole-number steps for counts. */
export const COUNT_INCRS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000];
