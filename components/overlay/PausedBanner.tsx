import { t } from '../i18n';

/** Shown instead of guessing when the inbox's layout is no longer understood. */
export function PausedBanner({ reason }: { reason: string }) {
  return <div class="paused-banner" role="alert">{t('monitoringPaused', reason)}</div>;
}
