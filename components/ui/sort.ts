export type SortDir = 'ascending' | 'descending';
export type SortValue = number | string | null | undefined;

/**
 * Stable sort by one key. Missing values (null/undefined/NaN) go last in both directions, so
 * agents without data never crowd the top; strings compare with the UI locale.
 */
export function sortRows<R>(rows: readonly R[], value: (r: R) => SortValue, dir: SortDir, locale = 'en'): R[] {
  const collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
  const missing = (v: SortValue) => v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
  const sign = dir === 'ascending' ? 1 : -1;
  return rows
    .map((r, i) => ({ r, i, v: value(r) }))
    .sort((a, b) => {
      const ma = missing(a.v), mb = missing(b.v);
      if (ma || mb) return ma === mb ? a.i - b.i : ma ? 1 : -1;
      const c = typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : collator.compare(String(a.v), String(b.v));
      return c === 0 ? a.i - b.i : sign * c;
    })
    .map((x) => x.r);
}
