import type { Settings } from '../../lib/settings';
import { t } from '../i18n';
import { KpiCard, StatCard } from '../ui/KpiCard';
import { dur, num, pct } from '../ui/locale';
import type { KpiBlock } from './model';

/** The period's KPIs: five duration cards (three with SLA compliance) and two counters. */
export function KpiSection({ kpis, targets, team }: { kpis: KpiBlock; targets: Settings['targets']; team: boolean }) {
  const count = (n: number) => num(n);
  const sla = (share: number | null, targetS: number) => ({ share, text: t('slaWithin', pct(share), dur(targetS)) });
  return (
    <section aria-labelledby="kpi-title" class="kpi-section">
      <h2 id="kpi-title" class="sr-only">{t('kpiTitle')}</h2>
      <div class="kpi-grid">
        <KpiCard id="kpi-frt" label={t('kpiFrt')} summary={kpis.frt} format={dur} formatCount={count} sla={sla(kpis.sla.frt, targets.frtS)} />
        <KpiCard id="kpi-rt" label={t('kpiRt')} summary={kpis.rt} format={dur} formatCount={count} sla={sla(kpis.sla.rt, targets.rtS)} />
        <KpiCard id="kpi-close" label={t('kpiClose')} summary={kpis.close} format={dur} formatCount={count} sla={sla(kpis.sla.close, targets.closeS)} />
        <KpiCard id="kpi-handling" label={t('kpiHandling')} summary={kpis.handling} format={dur} formatCount={count} />
        <KpiCard id="kpi-bot" label={t('kpiBotReturn')} summary={kpis.bot_return} format={dur} formatCount={count} />
        <StatCard id="kpi-closed" label={t('kpiChatsClosed')} value={num(kpis.chatsClosed)}
          detail={team && kpis.autoClosed > 0 ? t('kpiAutoClosed', num(kpis.autoClosed)) : undefined} />
        <StatCard id="kpi-online" label={t('kpiOnline')} value={dur(kpis.onlineS)} />
      </div>
    </section>
  );
}
