import type { AgentStatus } from '../../lib/events';
import { t } from '../i18n';

/** The agent's own status; a click toggles between online and unavailable. */
export function StatusPill({ status, onToggle }: { status: AgentStatus; onToggle: () => void }) {
  return (
    <button type="button" class={`status-pill ${status}`} data-status={status} onClick={onToggle} title={t('statusToggle')}>
      <span class="dot" aria-hidden="true" />
      {t(`status_${status}`)}
    </button>
  );
}
