import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { sortRows, type SortDir, type SortValue } from './sort';

export interface Column<R> {
  key: string;
  label: string;
  /** The value sorted on. */
  value: (row: R) => SortValue;
  /** What the cell shows (defaults to the value). */
  render?: (row: R) => ComponentChildren;
  /** Direction of the first click: numbers usually start descending. */
  firstDir?: SortDir;
  /** Longer header text for tooltips and screen readers. */
  title?: string;
}

/**
 * A data table whose headers are buttons (click, Enter or Space) and carry aria-sort, so the
 * current order is announced. The first column is the row header and stays visible when the
 * table scrolls sideways in a narrow panel.
 */
export function SortableTable<R>({ columns, rows, rowKey, caption, initial, locale, onRowClick }: {
  columns: Column<R>[];
  rows: readonly R[];
  rowKey: (row: R) => string;
  caption: string;
  initial: { key: string; dir: SortDir };
  locale?: string;
  onRowClick?: (row: R) => void;
}) {
  const [sort, setSort] = useState(initial);
  const column = columns.find((c) => c.key === sort.key) ?? columns[0];
  const sorted = sortRows(rows, column.value, sort.dir, locale);
  const toggle = (c: Column<R>) =>
    setSort((s) => (s.key === c.key
      ? { key: c.key, dir: s.dir === 'ascending' ? 'descending' : 'ascending' }
      : { key: c.key, dir: c.firstDir ?? 'ascending' }));
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table class="data">
        <caption class="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => {
              const active = c.key === column.key;
              return (
                <th key={c.key} scope="col" aria-sort={active ? sort.dir : undefined} title={c.title}>
                  <button type="button" class="sort" onClick={() => toggle(c)}>
                    {c.label}
                    <span class="arrow" aria-hidden="true">{active ? (sort.dir === 'ascending' ? '▲' : '▼') : '↕'}</span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={rowKey(r)} onClick={onRowClick ? () => onRowClick(r) : undefined}>
              {columns.map((c, i) => {
                const content = c.render ? c.render(r) : String(c.value(r) ?? '—');
                return i === 0 ? <th key={c.key} scope="row">{content}</th> : <td key={c.key}>{content}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
