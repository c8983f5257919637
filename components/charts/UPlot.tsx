import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export type UPlotOptions = Omit<uPlot.Options, 'width' | 'height'>;

/**
 * The one uPlot wrapper (engineering.md §4): created once per `opts` (memoise them), fed with
 * setData when `data` changes (no VDOM work), resized by a ResizeObserver, and redrawn when the
 * colour scheme flips so the themed colour callbacks pick up the new palette.
 */
export function UPlot({ opts, data, height = 220 }: {
  opts: UPlotOptions;
  data: uPlot.AlignedData;
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const el = box.current!;
    const width = Math.max(120, Math.floor(el.getBoundingClientRect().width));
    const u = new uPlot({ ...opts, width, height }, data, el);
    plot.current = u;
    let last = width;
    const ro = new ResizeObserver(([entry]) => {
      const w = Math.max(120, Math.floor(entry.contentRect.width));
      if (w !== last) { last = w; u.setSize({ width: w, height }); }
    });
    ro.observe(el);
    const mq = matchMedia('(prefers-color-scheme: dark)');
    const onTheme = () => u.redraw(false);
    mq.addEventListener('change', onTheme);
    return () => {
      ro.disconnect();
      mq.removeEventListener('change', onTheme);
      u.destroy();
      plot.current = null;
    };
    // Data is applied by the effect below; recreating on data would lose the user's zoom.
  }, [opts, height]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  // The canvas and its hover legend are visual only; ChartFigure gives screen readers a data table.
  return <div class="chart" ref={box} aria-hidden="true" />;
}
