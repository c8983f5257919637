import { t } from '../i18n';
import { dur, num, pct, uiLocale } from '../ui/locale';
import { SortableTable, type Column } from '../ui/SortableTable';
import { agentLabel } from './labels';
import type { AgentRow } from './model';

/** Per-agent KPIs for the period, sortable on every column. */
/** `loading`: the team's figures are shown and the agents' are still being read. */
export function AgentTable({ rows, loading = false, onSelect }: { rows: AgentRow[]; loading?: boolean; onSelect?: (agent: string) => void }) {
  const d = (v: (r: AgentRow) => number | null): Pick<Column<AgentRow>, 'value' | 'render' | 'firstDir'> => ({
    value: v, render: (r) => dur(v(r)), firstDir: 'descending',
  });
  const columns: Column<AgentRow>[] = [
    { key: 'agent', label: t('colAgent'), value: (r) => agentLabel(r.agent, r.name), render: (r) => (
      <span class="agent-cell">{agentLabel(r.agent, r.name)}{r.team && <span class="muted"> · {r.team}</span>}</span>
    ) },
    { key: 'closed', label: t('colClosed'), title: t('kpiChatsClosed'), value: (r) => r.chatsClosed, render: (r) => num(r.chatsClosed), firstDir: 'descending' },
    { key: 'frtMean', label: t('colFrtMean'), title: t('colFrtMeanTitle'), ...d((r) => r.frt.mean) },
    { key: 'frtP95', label: t('colFrtP95'), title: t('colFrtP95Title'), ...d((r) => r.frt.p95) },
    { key: 'frtSla', label: t('colFrtSla'), title: t('colFrtSlaTitle'), value: (r) => r.frtSla, render: (r) => pct(r.frtSla), firstDir: 'descending' },
    { key: 'rtMean', label: t('colRtMean'), title: t('colRtMeanTitle'), ...d((r) => r.rt.mean) },
    { key: 'rtP95', label: t('colRtP95'), title: t('colRtP95Title'), ...d((r) => r.rt.p95) },
    { key: 'closeMean', label: t('colCloseMean'), title: t('colCloseMeanTitle'), ...d((r) => r.close.mean) },
    { key: 'handlingMean', label: t('colHandlingMean'), title: t('colHandlingMeanTitle'), ...d((r) => r.handling.mean) },
    { key: 'botMean', label: t('colBotMean'), title: t('colBotMeanTitle'), ...d((r) => r.botReturn.mean) },
    { key: 'online', label: t('colOnline'), title: t('kpiOnline'), ...d((r) => r.onlineS) },
    { key: 'unavailable', label: t('colUnavailable'), title: t('colUnavailableTitle'), ...d((r) => r.unavailableS) },
  ];
  return (
    <section class="card" aria-labelledby="agents-title">
      <header><h2 id="agents-title">{t('agentsTitle')}</h2><p class="muted">{t('agentsHint')}</p></header>
      {loading
        ? <p class="chart-empty" role="status">{t('loading')}</p>
        : rows.length === 0
        ? <p class="chart-empty">{t('noDataPeriod')}</p>
        : <SortableTable columns={columns} rows={rows} rowKey={(r) => r.agent} caption={t('agentsTitle')}
            initial={{ key: 'closed', dir: 'descending' }} locale={uiLocale()}
            onRowClick={onSelect ? (r) => onSelect(r.agent) : undefined} />}
    </section>
  );
}
