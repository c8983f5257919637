import type { ComponentChildren } from 'preact';

/**
 * A titled chart with its data as a visually hidden table, so the numbers behind the canvas
 * reach screen readers (and the empty state is said in words).
 */
export function ChartFigure({ id, title, columns, rows, empty, emptyText, actions, children }: {
  id: string;
  title: string;
  /** Header of the hidden table: the first column names the row (day, bin, agent…). */
  columns: string[];
  rows: string[][];
  empty?: boolean;
  emptyText?: string;
  /** Controls shown next to the title (granularity switch…). */
  actions?: ComponentChildren;
  children: ComponentChildren;
}) {
  return (
    <figure class="card chart-figure" aria-labelledby={`${id}-title`}>
      <header class="chart-head">
        <figcaption id={`${id}-title`}>{title}</figcaption>
        {actions}
      </header>
      {empty ? <p class="chart-empty">{emptyText}</p> : children}
      {!empty && (
        // A table ignores width: 1px, so the clipping box is a div around it.
        <div class="sr-only">
          <table>
            <caption>{title}</caption>
            <thead><tr>{columns.map((c) => <th key={c} scope="col">{c}</th>)}</tr></thead>
            <tbody>{rows.map((r, i) => <tr key={i}>{r.map((c, j) => (j === 0 ? <th key={j} scope="row">{c}</th> : <td key={j}>{c}</td>))}</tr>)}</tbody>
          </table>
        </div>
      )}
    </figure>
  );
}
