import { useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { PeriodKind } from '../../lib/metrics/periods';
import { formatTimeOfDay } from '../../lib/format-duration';
import { t } from '../i18n';
import { num, uiLocale } from '../ui/locale';
import { PeriodPicker } from '../ui/PeriodPicker';
import { isPeriodChoice, resolvePeriod, type PeriodChoice } from '../ui/periods';
import { useAfterPaint } from '../ui/use-after-paint';
import { useSavedState } from '../ui/use-saved-state';
import { AgentTable } from './AgentTable';
import { usePeriodData, useRecent, useSettings } from './data';
import { ImportSection } from './ImportSection';
import { KpiSection } from './KpiSection';
import { agentLabel } from './labels';
import { LiveSection } from './LiveSection';
import { dashboard, type Clock } from './model';

/** The charts' module (uPlot included) is fetched once the KPI cards are on screen. */
const loadCharts = () => import('./ChartsSection');

/** Periods are resolved against a day that moves: re-read "today" every minute. */
const PERIOD_CLOCK_MS = 60_000;

export function SidePanelApp() {
  const settings = useSettings();
  const [period, setPeriod] = useSavedState<PeriodChoice>('inbox-pulse:panel-period', { preset: 'today' }, isPeriodChoice);
  /** '' (everyone), `agent:<id>` or `team:<name>`. */
  const [filter, setFilter] = useSavedState<string>('inbox-pulse:panel-filter', '', (v): v is string => typeof v === 'string');
  const agent = filter.startsWith('agent:') ? filter.slice(6) : '';
  const team = filter.startsWith('team:') ? filter.slice(5) : '';
  const [clock, setClock] = useState<Clock>('calendar');
  const [closedBucket, setClosedBucket] = useState<PeriodKind>('day');
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), PERIOD_CLOCK_MS);
    return () => clearInterval(id);
  }, []);

  const zone = settings?.timeZone ?? 'UTC';
  const resolved = resolvePeriod(period, now, zone);
  // A new object only when the period moves, so the queries re-run only then.
  const range = useMemo(() => resolved, [resolved?.from, resolved?.to]);
  const data = usePeriodData(settings, range, { agent: agent || null, team: team || null, clock });
  const recent = useRecent(settings, data.value !== null);
  const loadedAt = data.at;
  const error = data.error ?? recent.error;
  const dash = useMemo(() => (data.value && settings && range
    ? dashboard(data.value, recent.value, settings, { range, now: data.value.all.now, zone, agent: agent || null, team: team || null, clock, closedBucket })
    : null), [data.value, recent.value, settings, range, zone, agent, team, clock, closedBucket]);
  const reload = () => { data.reload(); recent.reload(); };
  const charts = useAfterPaint(dash !== null, loadCharts);

  const openOptions = () => void browser.runtime.openOptionsPage();

  return (
    <div class="page sidepanel">
      <header class="page-header">
        <div class="brand"><span class="brand-mark" aria-hidden="true" /><h1>{t('panelTitle')}</h1></div>
        <div class="header-meta">
          {loadedAt && <span class="muted">{t('updatedAt', formatTimeOfDay(loadedAt, uiLocale(), zone))}</span>}
          <button type="button" class="btn small" onClick={openOptions}>{t('openSettings')}</button>
        </div>
      </header>

      <section class="card controls" aria-label={t('filtersLabel')}>
        <PeriodPicker value={period} onChange={setPeriod} invalid={period.preset === 'custom' && !range && !!(period.from && period.to)} />
        <div class="field">
          <label for="agent-filter">{t('filterLabel')}</label>
          <select id="agent-filter" value={filter} onChange={(e) => setFilter(e.currentTarget.value)}>
            <option value="">{t('filterTeam')}</option>
            {dash && dash.teams.length > 1 && (
              <optgroup label={t('filterTeams')}>
                {dash.teams.map((name) => <option key={name} value={`team:${name}`}>{name}</option>)}
              </optgroup>
            )}
            <optgroup label={t('filterAgents')}>
              {(dash?.agents ?? []).map((a) => <option key={a.id} value={`agent:${a.id}`}>{agentLabel(a.id, a.name)}</option>)}
              {/* Keep a chosen agent selectable in a period where they have no data. */}
              {agent && dash && !dash.agents.some((a) => a.id === agent) && <option value={filter}>{agent}</option>}
            </optgroup>
            {team && dash && !dash.teams.includes(team) && <option value={filter}>{team}</option>}
          </select>
        </div>
        {settings?.businessHours.enabled && (
          <div class="field">
            <span class="field-label" id="clock-label">{t('clockLabel')}</span>
            <div class="segmented" role="group" aria-labelledby="clock-label">
              <button type="button" aria-pressed={clock === 'calendar'} onClick={() => setClock('calendar')}>{t('clockCalendar')}</button>
              <button type="button" aria-pressed={clock === 'business'} onClick={() => setClock('business')}>{t('clockBusiness')}</button>
            </div>
          </div>
        )}
      </section>

      {error && <p class="status-msg bad" role="alert">{t('loadFailed', error)}</p>}
      {data.progress && (
        <div class="status-msg info" role="status">
          <p>{t('rebuildingDays', num(data.progress.done), num(data.progress.total))}</p>
          <progress class="progress" max={data.progress.total} value={data.progress.done} />
        </div>
      )}
      {!dash && !error && !data.progress && <p class="muted" role="status">{t('loading')}</p>}
      {dash && settings && (
        <>
          <LiveSection live={dash.live} targets={settings.targets} />
          {dash.businessHours && <p class="status-msg info">{t('businessHoursShown')}</p>}
          <KpiSection kpis={dash.kpis} targets={settings.targets} team={!filter} />
          <AgentTable rows={dash.rows} loading={!!data.value?.all.partial} onSelect={(id) => setFilter(`agent:${id}`)} />
          {charts && <charts.ChartsSection dash={dash} zone={zone} closedBucket={closedBucket} onClosedBucket={setClosedBucket} filtered={!!filter} />}
        </>
      )}
      <ImportSection onImported={reload} />
    </div>
  );
}
