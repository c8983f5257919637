import type { Summary } from '../../lib/metrics/aggregate';
import { t } from '../i18n';

/** SLA colour: green from 90 %, amber from 75 %, red below. */
export const slaLevel = (share: number | null): 'ok' | 'warn' | 'bad' | 'none' =>
  share === null ? 'none' : share >= 0.9 ? 'ok' : share >= 0.75 ? 'warn' : 'bad';

/**
 * A duration KPI: the mean large, p50/p95/p99 under it, the sample size, and SLA compliance
 * (share of values within the target) when the KPI has a target.
 */
export function KpiCard({ id, label, summary, format, formatCount, sla }: {
  id: string;
  label: string;
  summary: Summary;
  /** Seconds → text, e.g. `4m 12s`. */
  format: (seconds: number | null) => string;
  formatCount: (n: number) => string;
  sla?: { share: number | null; text: string };
}) {
  return (
    <section class="card kpi" aria-labelledby={`${id}-label`} data-kpi={id}>
      <h3 class="kpi-label" id={`${id}-label`}>{label}</h3>
      <p class="kpi-value">
        <span class="sr-only">{t('kpiMean')} </span>
        {format(summary.mean)}
        <small aria-hidden="true">{t('kpiMeanShort')}</small>
      </p>
      <dl class="kpi-stats">
        <div><dt>p50</dt><dd>{format(summary.p50)}</dd></div>
        <div><dt>p95</dt><dd>{format(summary.p95)}</dd></div>
        <div><dt>p99</dt><dd>{format(summary.p99)}</dd></div>
      </dl>
      <p class="muted kpi-count">
        {t('kpiCount', formatCount(summary.count))}
        {summary.approximate && <span title={t('kpiApproximateHint')}> · {t('kpiApproximate')}</span>}
      </p>
      {sla && <p class={`badge ${slaLevel(sla.share)}`}>{sla.text}</p>}
    </section>
  );
}

/** A plain number KPI (chats closed, online time). */
export function StatCard({ id, label, value, detail }: { id: string; label: string; value: string; detail?: string }) {
  return (
    <section class="card kpi" aria-labelledby={`${id}-label`} data-kpi={id}>
      <h3 class="kpi-label" id={`${id}-label`}>{label}</h3>
      <p class="kpi-value">{value}</p>
      {detail && <p class="muted kpi-count">{detail}</p>}
    </section>
  );
}
