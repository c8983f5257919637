import { AUTO, UNASSIGNED, UNKNOWN_AGENT } from '../../lib/metrics/episodes';
import type { PeriodKind } from '../../lib/metrics/periods';
import { UNROUTED } from '../../lib/metrics/routing';
import { formatShortDate, formatTimeOfDay } from '../../lib/format-duration';
import { t } from '../i18n';

/** How an agent or owner id reads: the directory's name, or words for the engine's special ids. */
export function agentLabel(id: string, name: string | null): string {
  if (id === UNKNOWN_AGENT) return t('agentUnknown');
  if (id === UNASSIGNED) return t('ownerUnassigned');
  if (id === AUTO) return t('agentAuto');
  return name || id;
}

export const routeLabel = (route: string): string => (route === UNROUTED ? t('routeUnrouted') : route);

const monthFormats = new Map<string, Intl.DateTimeFormat>();

/** A bucket's axis label: `09:00`, `24 Nov`, `W48`, `Nov 26`, in the team's zone. */
export function bucketLabel(kind: PeriodKind | 'hour', key: string, start: number, locale: string, zone: string): string {
  if (kind === 'hour') return formatTimeOfDay(start, locale, zone);
  if (kind === 'day') return formatShortDate(start, locale, zone);
  if (kind === 'week') return t('weekLabel', String(Number(key.slice(6))));
  const k = `${locale}|${zone}`;
  let f = monthFormats.get(k);
  if (!f) monthFormats.set(k, (f = new Intl.DateTimeFormat(locale, { month: 'short', year: '2-digit', timeZone: zone })));
  return f.format(new Date(start));
}
