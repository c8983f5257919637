import { useMemo } from 'preact/hooks';
import type { PeriodKind } from '../../lib/metrics/periods';
import { formatDateTime, formatShortDate, formatTimeOfDay } from '../../lib/format-duration';
import { ChartFigure } from '../charts/ChartFigure';
import { HBars } from '../charts/HBars';
import { SeriesChart, type SeriesSpec } from '../charts/SeriesChart';
import { Timeline } from '../charts/Timeline';
import { t } from '../i18n';
import { dur, num, pct, uiLocale } from '../ui/locale';
import { agentLabel, bucketLabel, routeLabel } from './labels';
import type { Dashboard } from './model';

const MAX_AGENT_SERIES = 7;

/** The supervisor's charts: trends, closes per agent, FRT histogram, status timeline, routing. */
export function ChartsSection({ dash, zone, closedBucket, onClosedBucket, filtered }: {
  dash: Dashboard;
  /** An agent or team filter is on (routing is per conversation, so it stays team-wide). */
  filtered: boolean;
  zone: string;
  closedBucket: PeriodKind;
  onClosedBucket: (kind: PeriodKind) => void;
}) {
  const locale = uiLocale();
  const trendLabels = useMemo(
    () => dash.trend.keys.map((k, i) => bucketLabel(dash.trend.kind, k, dash.trend.starts[i], locale, zone)),
    [dash.trend, locale, zone],
  );
  const closedLabels = useMemo(
    () => dash.closed.keys.map((k, i) => bucketLabel(dash.closed.kind, k, dash.closed.starts[i], locale, zone)),
    [dash.closed, locale, zone],
  );
  const bucketWord = t({ hour: 'bucketHour', day: 'bucketDay', week: 'bucketWeek', month: 'bucketMonth' }[dash.trend.kind]);

  const responseSeries = useMemo<SeriesSpec[]>(() => [
    { label: t('seriesFrtMean'), values: dash.trend.frtMean, color: 0 },
    { label: t('seriesFrtP95'), values: dash.trend.frtP95, color: 0, dash: true },
    { label: t('seriesRtMean'), values: dash.trend.rtMean, color: 1 },
    { label: t('seriesRtP95'), values: dash.trend.rtP95, color: 1, dash: true },
  ], [dash.trend]);
  const botSeries = useMemo<SeriesSpec[]>(() => [
    { label: t('seriesMean'), values: dash.trend.botMean, color: 3 },
    { label: t('seriesP95'), values: dash.trend.botP95, color: 3, dash: true },
  ], [dash.trend]);
  const closedSeries = useMemo<SeriesSpec[]>(() => {
    const top = dash.closed.series.slice(0, MAX_AGENT_SERIES);
    const rest = dash.closed.series.slice(MAX_AGENT_SERIES);
    const specs: SeriesSpec[] = top.map((s, i) => ({ label: agentLabel(s.agent, s.name), values: s.values, color: i }));
    if (rest.length) {
      specs.push({
        label: t('seriesOthers', String(rest.length)),
        values: dash.closed.keys.map((_, i) => rest.reduce((a, s) => a + s.values[i], 0)),
        color: MAX_AGENT_SERIES,
      });
    }
    return specs;
  }, [dash.closed]);

  const h = dash.histogram;
  const binLabels = useMemo(() => h.edges.map((e, i) => (i === h.edges.length - 1 ? `≥ ${dur(e)}` : `${dur(e)}–${dur(h.edges[i + 1])}`)), [h]);
  const histSeries = useMemo<SeriesSpec[]>(() => [
    { label: t('seriesWithinTarget', dur(h.target)), values: h.counts.map((c, i) => (h.edges[i] < h.target ? c : null)), color: 2, bars: true },
    { label: t('seriesOverTarget', dur(h.target)), values: h.counts.map((c, i) => (h.edges[i] >= h.target ? c : null)), color: 4, bars: true },
  ], [h]);
  const histTotal = h.counts.reduce((a, b) => a + b, 0);

  const hasTrend = dash.trend.frtMean.some((v) => v !== null) || dash.trend.rtMean.some((v) => v !== null);
  const hasBot = dash.trend.botMean.some((v) => v !== null);
  const span = dash.range.to - dash.range.from;
  const tickFormat = span <= 86_400_000 * 1.01
    ? (x: number) => formatTimeOfDay(x, locale, zone)
    : (x: number) => formatShortDate(x, locale, zone);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => tickFormat(dash.range.from + f * span));
  const statusWord = (s: string) => t(s === 'online' ? 'statusOnline' : s === 'unavailable' ? 'statusUnavailable' : 'statusOffline');

  const closedActions = (
    <div class="segmented" role="group" aria-label={t('closedGranularity')}>
      {(['day', 'week', 'month'] as const).map((k) => (
        <button key={k} type="button" aria-pressed={closedBucket === k} onClick={() => onClosedBucket(k)}>
          {t(k === 'day' ? 'bucketDay' : k === 'week' ? 'bucketWeek' : 'bucketMonth')}
        </button>
      ))}
    </div>
  );

  return (
    <section aria-labelledby="charts-title" class="charts">
      <h2 id="charts-title" class="sr-only">{t('chartsTitle')}</h2>
      <div class="section-grid">
        <ChartFigure id="chart-response" title={t('chartResponse')} empty={!hasTrend} emptyText={t('noDataPeriod')}
          columns={[bucketWord, ...responseSeries.map((s) => s.label)]}
          rows={trendLabels.map((l, i) => [l, ...responseSeries.map((s) => dur(s.values[i]))])}>
          <SeriesChart labels={trendLabels} xLabel={bucketWord} series={responseSeries} format={dur} kind="duration" />
        </ChartFigure>

        <ChartFigure id="chart-closed" title={t('chartClosed')} actions={closedActions}
          empty={closedSeries.length === 0} emptyText={t('noClosesPeriod')}
          columns={[t('colPeriod'), ...closedSeries.map((s) => s.label)]}
          rows={closedLabels.map((l, i) => [l, ...closedSeries.map((s) => num(s.values[i]))])}>
          {closedLabels.length === 1
            // One bucket (today): a line has nothing to join, so compare agents side by side.
            ? <HBars items={closedSeries.map((c) => ({ key: c.label, label: c.label, value: c.values[0] ?? 0 }))} format={(v) => num(v)} formatShare={pct} />
            : <SeriesChart labels={closedLabels} xLabel={t('colPeriod')} series={closedSeries} format={(v) => num(v)} kind="count" />}
        </ChartFigure>

        <ChartFigure id="chart-histogram" title={t('chartHistogram')} empty={histTotal === 0} emptyText={t('noDataPeriod')}
          columns={[t('colWait'), t('colResponses')]}
          rows={binLabels.map((l, i) => [l, num(h.counts[i])])}>
          <SeriesChart labels={binLabels} xLabel={t('colWait')} series={histSeries} format={(v) => num(v)} kind="count" />
        </ChartFigure>

        <ChartFigure id="chart-bot" title={t('chartBotReturn')} empty={!hasBot} emptyText={t('noBotReturns')}
          columns={[bucketWord, ...botSeries.map((s) => s.label)]}
          rows={trendLabels.map((l, i) => [l, ...botSeries.map((s) => dur(s.values[i]))])}>
          <SeriesChart labels={trendLabels} xLabel={bucketWord} series={botSeries} format={dur} kind="duration" />
        </ChartFigure>

        <ChartFigure id="chart-timeline" title={t('chartTimeline')} empty={dash.timeline.length === 0} emptyText={t('noStatus')}
          columns={[t('colAgent'), t('statusOnline'), t('statusUnavailable')]}
          rows={dash.timeline.map((r) => [agentLabel(r.agent, r.name), dur(r.onlineS), dur(r.unavailableS)])}>
          <div class="legend" aria-hidden="true">
            <span><span class="swatch" style={{ background: 'var(--status-online)' }} />{t('statusOnline')}</span>
            <span><span class="swatch" style={{ background: 'var(--status-unavailable)' }} />{t('statusUnavailable')}</span>
            <span><span class="swatch" style={{ background: 'var(--status-offline)' }} />{t('statusOffline')}</span>
          </div>
          <Timeline from={dash.range.from} to={dash.range.to} ticks={ticks}
            rows={dash.timeline.map((r) => ({ id: r.agent, label: agentLabel(r.agent, r.name), segments: r.segments }))}
            describe={(s) => t('segmentText', statusWord(s.status), formatDateTime(s.from, locale, zone), formatDateTime(s.to, locale, zone), dur((s.to - s.from) / 1000))} />
        </ChartFigure>

        <ChartFigure id="chart-routes" title={t(filtered ? 'chartRoutesAll' : 'chartRoutes')} empty={dash.routes.length === 0} emptyText={t('noDataPeriod')}
          columns={[t('colRoute'), t('colEpisodes')]}
          rows={dash.routes.map((r) => [routeLabel(r.route), num(r.episodes)])}>
          <HBars items={dash.routes.map((r) => ({ key: r.route, label: routeLabel(r.route), value: r.episodes }))} format={(v) => num(v)} formatShare={pct} />
        </ChartFigure>
      </div>
    </section>
  );
}
