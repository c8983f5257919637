import type { AgentNumbers, AgentPeriods } from '../../lib/store/agent-numbers';
import { t } from '../i18n';
import { dur, num, pct } from '../ui/locale';

const meanP95 = (k: AgentNumbers['frt']) => `${dur(k.mean)} · ${dur(k.p95)}`;

/** The agent's own KPIs, today beside this week; mean · p95 for the durations. */
export function MyNumbers({ numbers }: { numbers: AgentPeriods | undefined }) {
  if (!numbers) return <p class="muted">{t('loading')}</p>;
  const rows: [string, (n: AgentNumbers) => string][] = [
    [t('kpiFrtMeanP95'), (n) => meanP95(n.frt)],
    [t('kpiRtMeanP95'), (n) => meanP95(n.rt)],
    [t('kpiCloseMeanP95'), (n) => meanP95(n.close)],
    [t('kpiChatsClosed'), (n) => num(n.chatsClosed)],
    [t('kpiOnline'), (n) => dur(n.onlineS)],
    [t('kpiFrtSla'), (n) => pct(n.sla.frt)],
    [t('kpiRtSla'), (n) => pct(n.sla.rt)],
    [t('kpiCloseSla'), (n) => pct(n.sla.close)],
  ];
  return (
    <table class="my-numbers">
      <thead>
        <tr><th scope="col"><span class="sr-only">{t('kpi')}</span></th><th scope="col">{t('periodToday')}</th><th scope="col">{t('periodThisWeek')}</th></tr>
      </thead>
      <tbody>
        {rows.map(([label, cell]) => (
          <tr key={label}><th scope="row">{label}</th><td>{cell(numbers.today)}</td><td>{cell(numbers.week)}</td></tr>
        ))}
      </tbody>
    </table>
  );
}
