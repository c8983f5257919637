/** Labelled horizontal bars (routing distribution): readable at any width, no canvas needed. */
export function HBars({ items, format, formatShare }: {
  items: Array<{ key: string; label: string; value: number }>;
  format: (v: number) => string;
  formatShare: (share: number) => string;
}) {
  const max = Math.max(1, ...items.map((i) => i.value));
  const total = items.reduce((a, i) => a + i.value, 0) || 1;
  return (
    <ul class="hbar-list">
      {items.map((item, i) => (
        <li key={item.key}>
          <span class="hbar-label" title={item.label}>{item.label}</span>
          <span class="hbar-track" aria-hidden="true">
            <span class="hbar-fill" style={{ width: `${(item.value / max) * 100}%`, background: `var(--series-${(i % 8) + 1})` }} />
          </span>
          <span class="num">{format(item.value)} <span class="muted">({formatShare(item.value / total)})</span></span>
        </li>
      ))}
    </ul>
  );
}
