import type { InboxConnection } from '../../lib/store/inbox-connection';
import { formatTime, t } from '../i18n';

export function ConnectionStatus({ connection }: { connection: InboxConnection | undefined }) {
  if (!connection) return <p class="connection none" role="status">{t('inboxNotSeen')}</p>;
  return (
    <p class={`connection ${connection.monitoring}`} role="status" data-seen-at={connection.seenAt}>
      <strong>{t('inboxConnected')}</strong> · {t('lastSeen', formatTime(connection.seenAt))}
      {connection.monitoring === 'paused' && <span class="paused">{t('monitoringPaused', connection.pausedReason ?? '')}</span>}
    </p>
  );
}
