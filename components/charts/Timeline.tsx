import type { AgentStatus } from '../../lib/events';

export interface TimelineRowData {
  id: string;
  label: string;
  segments: Array<{ status: AgentStatus; from: number; to: number }>;
}

/**
 * Online / unavailable / offline per agent across the period, as positioned bars (a timeline
 * is rows of spans, which HTML draws and labels better than a canvas). Gaps are offline.
 */
export function Timeline({ rows, from, to, ticks, describe }: {
  rows: TimelineRowData[];
  from: number;
  to: number;
  /** Axis labels spread evenly under the tracks. */
  ticks: string[];
  /** Text of a segment for its tooltip and screen readers. */
  describe: (s: { status: AgentStatus; from: number; to: number }) => string;
}) {
  const span = Math.max(1, to - from);
  const pct = (t: number) => `${(((t - from) / span) * 100).toFixed(3)}%`;
  return (
    <div class="timeline">
      {rows.map((row) => (
        <div class="timeline-row" key={row.id}>
          <span class="hbar-label" title={row.label}>{row.label}</span>
          <div class="timeline-track" role="list" aria-label={row.label}>
            {row.segments.filter((s) => s.status !== 'offline').map((s, i) => (
              <span key={i} role="listitem" class={`timeline-seg ${s.status}`} title={describe(s)} aria-label={describe(s)}
                style={{ left: pct(s.from), width: `${(((s.to - s.from) / span) * 100).toFixed(3)}%` }} />
            ))}
          </div>
        </div>
      ))}
      <div class="timeline-row" aria-hidden="true">
        <span />
        <div class="timeline-ticks">{ticks.map((t, i) => <span key={i}>{t}</span>)}</div>
      </div>
    </div>
  );
}
